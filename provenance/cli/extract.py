"""``provenance extract``: raw French articles -> draft annotations (the `extract` extra)."""

from __future__ import annotations

import os
import re
import stat
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def extract_command(
    ctx: typer.Context,
    texts: Annotated[
        list[Path], typer.Argument(help="Article text files (UTF-8), or folders of .txt.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft to this file.")
    ] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", help="Write one draft per text here.")
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="Document key (default: from the file name).")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="ACTOR", help="Publisher actor.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Document title.")] = None,
    published: Annotated[
        str | None, typer.Option("--published", metavar="DATE", help="YYYY-MM-DD.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Document URL.")] = None,
    fmt: Annotated[
        DraftFormat, typer.Option("--format", "-f", help="yaml or json.")
    ] = DraftFormat.yaml,
    include_unattributed: Annotated[
        bool,
        typer.Option(
            "--include-unattributed", help="Draft unattributed sentences as the publisher's."
        ),
    ] = False,
) -> None:
    """Draft a provenance/v1 annotation from raw French news articles, for review.

    Reads actors from the database (--db) and never writes to it. One text and no
    --output: the draft goes to stdout and its text_file is the path as given (made
    relative to the draft's folder when stdout is a file elsewhere: > drafts/a.yaml).

    Example: provenance extract article.txt > article.yaml && provenance import article.yaml
    """
    from provenance.cli.common import db_url
    from provenance.errors import ExtractError
    from provenance.export.sink import text_sink
    from provenance.extract import draft_article, load_nlp, read_article
    from provenance.extract.known import known_actors

    files = _expand(texts)
    if output is not None and output_dir is not None:
        raise typer.BadParameter("give --output or --output-dir, not both")
    if len(files) > 1 and output_dir is None:
        raise typer.BadParameter("several texts need --output-dir", param_hint="--output-dir")
    if key is not None and len(files) > 1:
        raise typer.BadParameter("--key names one document", param_hint="--key")
    _check_options(key=key, publisher=publisher, published=published, url=url)
    if not files:
        raise typer.BadParameter("no .txt file in " + ", ".join(map(str, texts)), param_hint="TEXT")
    _one_draft_per_key(files)
    _never_over_a_text(files, output, output_dir, fmt.value)
    articles = [(path, read_article(path)) for path in files]  # every error before writing
    nlp = load_nlp()
    for path, text in articles:
        if len(text) > nlp.max_length:
            raise ExtractError(
                f"{path}: {len(text):,} characters, over the {nlp.max_length:,} the model "
                "reads at once: split the text"
            )
    known = known_actors(db_url(ctx))
    redirected = _stdout_folder() if output is None and output_dir is None else None
    show = output_dir is not None and len(files) > 1 and sys.stderr.isatty()
    with (
        typer.progressbar(articles, label="extract", file=sys.stderr)
        if show
        else _plain(articles) as progress
    ):
        for path, text in progress:
            doc_key = key or _key_of(path)
            target = output or (output_dir / f"{doc_key}.{fmt.value}" if output_dir else None)
            text_file = (
                os.path.relpath(path.resolve(), target.resolve().parent)
                if target
                else _seen_from(redirected, path)
            )
            drafted = draft_article(
                text,
                nlp,
                key=doc_key,
                text_file=text_file,
                known=known,
                publisher=publisher,
                title=title,
                published=published,
                url=url,
                fmt=fmt.value,
                include_unattributed=include_unattributed,
            )
            with text_sink(target) as out:
                out.write(drafted.rendered)
            for note in drafted.notes:
                typer.echo(f"Note: {path}: {note}", err=True)


def _check_options(
    *, key: str | None, publisher: str | None, published: str | None, url: str | None
) -> None:
    """The values the draft will carry, checked as the import will check them: a draft
    made with ``--published 2018-02-30`` was written, then refused by import."""
    from datetime import date

    from provenance.ingest.format import KEY_HELP, KEY_PATTERN, URL_PATTERN, url_fault
    from provenance.store.tables import KEY_LENGTH

    if key is not None and (not re.fullmatch(KEY_PATTERN, key) or len(key) > KEY_LENGTH):
        raise typer.BadParameter(f"a key is {KEY_HELP}, at most {KEY_LENGTH}", param_hint="--key")
    if publisher is not None and not re.search(r"\w", publisher):
        raise typer.BadParameter("name the publisher (a key or a name)", param_hint="--publisher")
    if published is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
                raise ValueError(published)
            date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(
                "expected a date, YYYY-MM-DD", param_hint="--published"
            ) from None
    if url is not None and (not re.match(URL_PATTERN, url) or url_fault(url) is not None):
        raise typer.BadParameter("expected an absolute URL (https://…)", param_hint="--url")


def _never_over_a_text(
    files: list[Path], output: Path | None, output_dir: Path | None, suffix: str
) -> None:
    """``extract a.txt -o a.txt`` replaced the article with its own draft: refused."""
    texts = {f.resolve() for f in files}
    targets = [output] if output is not None else []
    if output_dir is not None:
        targets += [output_dir / f"{_key_of(f)}.{suffix}" for f in files]
    for target in targets:
        if target.resolve() in texts:
            raise typer.BadParameter(
                f"{target} is one of the texts: the draft would replace it",
                param_hint="--output" if output is not None else "--output-dir",
            )


def _stdout_folder() -> Path | None:
    """The folder of the file stdout goes to (``> drafts/a.yaml``), where the system says
    (Linux's /proc); None for a terminal, a pipe, or anywhere else."""
    try:
        fd = sys.stdout.fileno()
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        target = os.readlink(f"/proc/self/fd/{fd}")
        same = os.stat(target)
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's runner), no /proc
        return None
    if (same.st_dev, same.st_ino) != (st.st_dev, st.st_ino):  # renamed or deleted since
        return None
    return Path(target).parent


def _seen_from(folder: Path | None, text: Path) -> str:
    """``text_file`` for a draft written to ``folder``: the import reads it relative to the
    draft, so ``extract scratch/a.txt > scratch/a.yaml`` must say ``a.txt`` (it said
    ``scratch/a.txt``, which the import then looked for in scratch/scratch/). The path
    as given when the draft is in the working folder, or the path is absolute."""
    if folder is None or text.is_absolute() or folder == Path.cwd().resolve():
        return str(text)
    return os.path.relpath(text.resolve(), folder)


class _plain:
    def __init__(self, items: list[tuple[Path, str]]) -> None:
        self.items = items

    def __enter__(self) -> list[tuple[Path, str]]:
        return self.items

    def __exit__(self, *args: object) -> None:
        return None


def _expand(texts: list[Path]) -> list[Path]:
    files: list[Path] = []
    for t in texts:
        files += sorted(t.rglob("*.txt")) if t.is_dir() else [t]
    return files


def _one_draft_per_key(files: list[Path]) -> None:
    """Refuse two texts whose drafts would take one document key, before anything is
    written: the second would overwrite the first's draft in --output-dir (and import
    would refuse the key twice anyway)."""
    seen: dict[str, Path] = {}
    for path in files:
        doc_key = _key_of(path)
        first = seen.setdefault(doc_key.casefold(), path)
        if first != path:
            raise typer.BadParameter(
                f"{first} and {path} would both be drafted as document '{doc_key}' "
                "(one draft file): rename one, or extract it alone with --key",
                param_hint="TEXT",
            )


def _key_of(path: Path) -> str:
    from provenance.extract.actor_words import short_key

    name = path.name
    for suffix in (".txt", ".fr", ".text"):
        name = name.removesuffix(suffix)
    return short_key(re.sub(r"[^\w.:-]+", "-", name).strip("-._:"), 120) or "document"
