"""Raw French article -> provenance/v1 draft annotation (``provenance extract``).

The library never imports Typer. spaCy is optional (the ``extract`` extra) and is imported
only by :func:`load_nlp`, so no other command pays for it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import ExtractError, ExtractUnavailable

if TYPE_CHECKING:
    from spacy.language import Language

    from provenance.extract.actor_sources import KnownActor

MODEL = "fr_core_news_sm"
INSTALL = "pip install 'provenance[extract]'"
MAX_TEXT_BYTES = 20 * 1024 * 1024


def load_nlp(model: str | None = None) -> Language:
    """The French pipeline; nothing is downloaded, a missing package is a clear error."""
    return _load(model or os.environ.get("PROVENANCE_EXTRACT_MODEL", MODEL))


@cache
def _load(name: str) -> Language:
    """Loaded once per process: a model takes seconds to load, a text milliseconds."""
    try:
        import spacy
    except ImportError:
        raise ExtractUnavailable(f"extract needs spaCy: {INSTALL}") from None
    try:
        return spacy.load(name)
    except OSError:
        raise ExtractUnavailable(f"extract needs the spaCy model {name}: {INSTALL}") from None


def read_article(path: Path) -> str:
    """The text as decoded, CR kept (offsets match); a leading BOM is left for
    :func:`draft_article` to drop, once, as the importer does (stripped here too, a text
    starting with two BOMs was drafted with every offset one short)."""
    try:
        if not path.is_file():
            raise ExtractError(f"{path}: not found" if not path.exists() else f"{path}: not a file")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_TEXT_BYTES:
        raise ExtractError(f"{path}: over the {MAX_TEXT_BYTES // (1024 * 1024)} MiB limit")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if "\x00" in text:
        raise ExtractError(f"{path}: contains a NUL character (a binary file?)")
    return text


@dataclass
class Drafted:
    text: str
    draft: dict[str, Any]
    rendered: str
    notes: list[str]


def draft_article(
    text: str,
    nlp: Language,
    *,
    key: str,
    text_file: str,
    known: tuple[KnownActor, ...] = (),
    publisher: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    fmt: str = "yaml",
    include_unattributed: bool = False,
) -> Drafted:
    """Extract one article and render the draft (YAML with reasons, or JSON)."""
    from provenance.extract.draft import draft_dict, render_json, render_yaml
    from provenance.extract.normal import composed
    from provenance.extract.pipeline import extract_from_doc

    text = text.removeprefix("\ufeff")  # the importer drops it too: offsets must agree
    nfc = composed(text)
    read = nfc[0] if nfc is not None else text
    ex = extract_from_doc(
        read,
        nlp(_PUNCTUATION_RUN.sub(_blank, read)),  # same length: every offset still holds
        known=known,
        publisher=publisher,
        include_unattributed=include_unattributed,
        document=key,
    )
    if nfc is not None:  # offsets back to the text as written
        for c in ex.claims:
            c.start, c.end = nfc[1][c.start], nfc[1][c.end]
        ex.text = text
    draft = draft_dict(ex, key=key, text_file=text_file, title=title, published=published, url=url)
    notes = list(ex.notes)
    if not text.strip():
        # the importer refuses an empty text: the draft keeps only the publisher actor
        del draft["document"]
        draft["claims"], draft["relations"] = [], []
        if not draft["actors"]:
            draft["actors"] = [ex.publisher.as_dict()]
        notes = ["the text is empty: the draft holds no document and no claims"]
        rendered = (
            render_json(draft)
            if fmt == "json"
            else ("# The text is empty: no document can be imported from it.\n" + _yaml(draft))
        )
        return Drafted(text, draft, rendered, notes)
    rendered = render_json(draft) if fmt == "json" else render_yaml(ex, draft)
    return Drafted(text, draft, rendered, notes)


# spaCy's tokenizer strips suffixes one character at a time: 10,000 commas in a row took
# ten seconds, 20,000 forty-five. Such a run is no prose; it is parsed as spaces.
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{64,}")


def _blank(run: re.Match[str]) -> str:
    return " " * len(run.group())


def _yaml(value: Any) -> str:
    import yaml

    return str(yaml.safe_dump(value, allow_unicode=True, sort_keys=False))
