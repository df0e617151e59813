"""Reading the fields of ClaimReview markup, each problem located by its JSON path.

Fact-checkers' markup is loose (numbers as text, dates with or without a time, an author
given as a name or as an object with only a URL); this reads what schema.org allows and
says precisely what it cannot read: ``claims[2].claimReview[0].url: 'x' is not a URL``.
Keys for actors, claims and documents are derived here, stably, from what the markup says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from provenance.ingest.format import KEY_PATTERN, url_fault

_KEY = re.compile(KEY_PATTERN)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
_NOT_WORD = re.compile(r"[^\w]+")
MAX_KEY = 120  # derived keys stay well under the 200 a key may have


@dataclass(frozen=True)
class Agent:
    """A claimant or a fact-checker, as the actor it becomes."""

    key: str
    name: str
    kind: str


@dataclass
class Fields:
    """Reads fields of one file's markup, collecting located problems."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def text(self, node: dict[str, Any], name: str, where: str) -> str | None:
        value = node.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(at(where, name), f"expected text, got {_short(value)}")
            return None
        return value.strip() or None

    def required_text(self, node: dict[str, Any], name: str, where: str) -> str | None:
        if node.get(name) is None:
            self.problem(at(where, name), "required field missing")
            return None
        before = len(self.problems)
        value = self.text(node, name, where)
        if value is None and len(self.problems) == before:
            self.problem(at(where, name), "must not be empty")
        return value

    def url(self, node: dict[str, Any], name: str, where: str) -> str | None:
        value = self._shaped(node, name, where, _URL, "a URL")
        fault = url_fault(value) if value is not None else None
        if fault is not None:
            self.problem(at(where, name), f"{_short(value)} is not a URL ({fault})")
            return None
        return value

    def _shaped(
        self, node: dict[str, Any], name: str, where: str, shape: re.Pattern[str], what: str
    ) -> str | None:
        """A text field that must match ``shape``; reported as not being ``what``."""
        value = self.text(node, name, where)
        if value is not None and not shape.match(value):
            self.problem(at(where, name), f"{value!r} is not {what}")
            return None
        return value

    def date(self, node: dict[str, Any], name: str, where: str) -> str | None:
        """``YYYY-MM-DD``, from a date or an ISO 8601 date-time (its date part)."""
        value = node.get(name)
        if value is None:
            return None
        match = _DATE.match(value) if isinstance(value, str) else None
        try:
            if match is None:
                raise ValueError
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            message = f"{_short(value)} is not a date (YYYY-MM-DD or an ISO 8601 date-time)"
            self.problem(at(where, name), message)
            return None

    def number(self, node: dict[str, Any], name: str, where: str) -> int | None:
        """A whole number, given as a number or as text ("1"), as schema.org allows."""
        value = node.get(name)
        if value is None or isinstance(value, bool):
            if isinstance(value, bool):
                self.problem(at(where, name), f"expected a whole number, got {value!r}")
            return None
        given = value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            if -(2**31) <= value < 2**31:  # what an INTEGER column holds on both backends
                return value
            self.problem(at(where, name), f"{_short(given)} is out of range (at most 2147483647)")
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,9}\s*", value):
            return int(value)
        self.problem(at(where, name), f"expected a whole number, got {_short(value)}")
        return None

    def language(self, node: dict[str, Any], name: str, where: str) -> str | None:
        return self._shaped(node, name, where, _LANGUAGE, "a language tag (e.g. fr, en, pt-BR)")

    def mapping(self, node: dict[str, Any], name: str, where: str) -> dict[str, Any] | None:
        value = node.get(name)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]  # JSON-LD writes a single value as a one-item list at will
        if value is None or isinstance(value, dict):
            return value
        self.problem(at(where, name), f"expected an object, got {_short(value)}")
        return None

    def agent(self, value: Any, where: str, kind: str) -> Agent | None:
        """A Person or Organization (or a bare name) as an actor: ``identifier`` is the key
        when it is one (our own export writes it), else the site's host for an organization
        with a URL, else the name made a key. A Person is a ``person``, others ``kind``."""
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            self.problem(where, f"expected a name or an object, got {_short(value)}")
            return None
        before = len(self.problems)
        name = self.text(value, "name", where)
        url = self.url(value, "url", where)
        site = self.text(value, "site", where)  # Fact Check Tools: a bare domain
        ident = value.get("identifier")
        person = value.get("@type") == "Person"
        if len(self.problems) != before:
            return None
        host = host_of(url) if url else host_of(f"https://{site}") if site else None
        if name is None and host is None:
            self.problem(where, "needs a name (or the url of its site)")
            return None
        if isinstance(ident, str) and is_key(ident):
            key = ident
        elif host is not None and not person:
            key = host
        else:
            key = key_from(str(name), "actor")
        return Agent(key, name or str(host), "person" if person else kind)


def is_key(text: str) -> bool:
    return bool(_KEY.match(text)) and len(text) <= MAX_KEY


def at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return key_from(host, "site")


def key_from(text: str, prefix: str) -> str:
    """A key made of the text's words (``Rick Perry`` -> ``rick-perry``), or of its digest
    when it has none; long ones keep a digest of the whole so two never collide."""
    words = _NOT_WORD.sub("-", text.casefold()).strip("-_")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if not words:
        return f"{prefix}-{digest}"
    if len(words) > MAX_KEY:
        return f"{words[: MAX_KEY - 11].rstrip('-_')}-{digest}"
    return words


def document_key(url: str) -> str:
    """The key of the document for a review page: its host and path as words."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return key_from(f"{host}{parts.path}{'?' + parts.query if parts.query else ''}", "page")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
