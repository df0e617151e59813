"""The annotation format, version 1: Pydantic models for the shape of one file.

Shape only (types, enums, unknown fields, exclusive options). Checks that need the text,
other files or the database live in :mod:`provenance.ingest.checker` and the modules
it calls.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from provenance.ingest.countries import ISO_3166_ALPHA2
from provenance.ingest.keys import plain_key
from provenance.ingest.limits import fits_folded
from provenance.store.tables import ALIAS_LENGTH, KEY_LENGTH, LANGUAGE_LENGTH
from provenance.store.vocabulary import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES

FORMAT = "provenance/v1"

KEY_PATTERN = r"^[\w][\w.:-]*$"
KEY_HELP = "letters, digits, '.', '_', ':' or '-', not starting with punctuation"
# The key check comes last so that it runs first, before the pattern, and the length
# stays a constraint of the string itself (the error Pydantic reports as too long).
Key = Annotated[
    str,
    StringConstraints(pattern=KEY_PATTERN, max_length=KEY_LENGTH),
    BeforeValidator(plain_key),
]
Text = Annotated[str, StringConstraints(min_length=1)]
# A claim reference: ``key`` (same document) or ``document/key``.
ClaimRef = Annotated[
    str,
    StringConstraints(pattern=r"^([\w][\w.:-]*/)?[\w][\w.:-]*$", max_length=2 * KEY_LENGTH + 1),
    BeforeValidator(plain_key),
]
# A name or alias: stored, with its casefolded copy, in columns of ALIAS_LENGTH.
Alias = Annotated[
    str,
    StringConstraints(min_length=1, max_length=ALIAS_LENGTH),
    AfterValidator(fits_folded),
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: Pydantic would read 2018 or "20180610" as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

ActorKind = Literal[ACTOR_KINDS]  # type: ignore[valid-type]
ClaimKind = Literal[CLAIM_KINDS]  # type: ignore[valid-type]
RelationType = Literal[RELATION_TYPES]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActorIn(_Strict):
    key: Key
    name: Alias
    kind: ActorKind
    country: str | None = None
    state_affiliated: StrictBool | None = None
    affiliation: Key | None = None
    role: Text | None = None
    description: Text | None = None
    aliases: list[Alias] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if code not in ISO_3166_ALPHA2:
            raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. SY, IR)")
        return code


# The fields of an actor that two definitions of it must agree on (key and aliases aside),
# in the model's order.
ACTOR_FIELDS = tuple(f for f in ActorIn.model_fields if f not in ("key", "aliases"))


class HopIn(_Strict):
    actor: Key
    cue: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, value: Any) -> Any:
        # ``chain: [tasnim, presstv]`` is shorthand for hops without cues.
        return {"actor": value} if isinstance(value, str) else value


class ClaimIn(_Strict):
    key: Key
    quote: Text | None = None
    occurrence: Annotated[StrictInt, Field(ge=1)] | None = None
    start: Annotated[StrictInt, Field(ge=0)] | None = None
    end: Annotated[StrictInt, Field(ge=1)] | None = None
    statement: Text | None = None
    kind: ClaimKind = "assertion"
    direct_quote: StrictBool = False
    cue: Text | None = None
    date: IsoDate | None = None
    originator: Key
    chain: list[HopIn] | None = None
    chains: list[list[HopIn]] | None = None

    @model_validator(mode="after")
    def _span_and_chains(self) -> ClaimIn:
        if self.chain is not None and self.chains is not None:
            raise ValueError("give either chain (one chain) or chains (several), not both")
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end go together")
        if self.quote is None and self.start is None:
            raise ValueError("a claim needs a quote (or start and end offsets)")
        if self.occurrence is not None and self.start is not None:
            raise ValueError("give either occurrence or start/end, not both")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self

    def all_chains(self) -> list[list[HopIn]]:
        if self.chains is not None:
            return [c for c in self.chains if c]
        return [self.chain] if self.chain else []


class RelationIn(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: ClaimRef = Field(alias="from")
    type: RelationType
    to: ClaimRef
    note: Text | None = None


def url_fault(url: str) -> str | None:
    """Why ``url`` cannot be taken apart (host, port), or None: "https://[example/x" passes
    the pattern but not :func:`urllib.parse.urlsplit`, which the exports and ClaimReview
    keys need."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError as exc:
        return str(exc)
    return None


def _splits(url: str) -> str:
    fault = url_fault(url)
    if fault is not None:
        raise ValueError(f"{url!r} is not a URL ({fault})")
    return url


URL_PATTERN = r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$"
Url = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN),
    AfterValidator(_splits),
]


#: A number on a rating scale: what an INTEGER column holds on both backends (PostgreSQL's
#: is 32 bits; a larger one failed at the insert, after every check had passed).
RatingNumber = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]


class Verdict(_Strict):
    """What a fact-checker concluded: a rating in words, a number on its scale, or both.

    A v1 review and the ClaimReview reader say the same verdict under two spellings, so one
    model holds it. The scale (worst below best, the value between) is checked by each
    reader, so that its message names that reader's own fields.
    """

    rating: Text | None = None
    rating_value: RatingNumber | None = None
    best: RatingNumber | None = None
    worst: RatingNumber | None = None

    @model_validator(mode="after")
    def _rated(self) -> Verdict:
        if self.rating is None and self.rating_value is None:
            raise ValueError("a review needs a rating (text), a rating_value, or both")
        return self


class _Reviewing(_Strict):
    """Which claim and which checker: a base of its own so that these fields come first."""

    claim: ClaimRef
    by: Key


class ReviewIn(Verdict, _Reviewing):
    """A fact-checker's verdict on a claim.

    Pydantic orders the fields of a model from its last base to its first, so these read
    claim, by, the verdict, url, date: the order a file's problems are reported in.
    """

    url: Url | None = None
    date: IsoDate | None = None


class DocumentIn(_Strict):
    key: Key
    title: Text | None = None
    text_file: Text | None = None
    text: Text | None = None
    language: (
        Annotated[
            str,
            StringConstraints(
                pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", max_length=LANGUAGE_LENGTH
            ),
        ]
        | None
    ) = None
    published: IsoDate | None = None
    publisher: Key | None = None
    url: Url | None = None
    listed_sources: list[Key] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_text(self) -> DocumentIn:
        if (self.text_file is None) == (self.text is None):
            raise ValueError("give exactly one of text_file (a path) or text (inline)")
        return self


class AnnotationIn(_Strict):
    format: str
    key: Key | None = None  # a relations-only file's key (default: the file's name)
    document: DocumentIn | None = None
    actors: list[ActorIn] = Field(default_factory=list)
    claims: list[ClaimIn] = Field(default_factory=list)
    relations: list[RelationIn] = Field(default_factory=list)
    reviews: list[ReviewIn] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _version(cls, value: str) -> str:
        if value != FORMAT:
            raise ValueError(f"unsupported format '{value}' (this version reads '{FORMAT}')")
        return value

    @property
    def is_relation_set(self) -> bool:
        """A relations-only file, even with ``relations: []``: the user emptied the set."""
        return self.document is None and "relations" in self.model_fields_set

    @model_validator(mode="after")
    def _has_content(self) -> AnnotationIn:
        if self.document is None:
            if self.claims:
                raise ValueError("claims need a document: section")
            if self.reviews:
                raise ValueError("reviews need a document: section")
            if not self.actors and not self.is_relation_set:
                raise ValueError(
                    "nothing to import: the file has no document:, actors: or relations:"
                )
        elif self.key is not None:
            raise ValueError(
                "key: names a relations-only file (no document:); a document's key goes "
                "under document:"
            )
        return self
