"""What the commands share: the database handle, a read snapshot, the claim filters."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from provenance.cli.options import (
    ClaimKind,
    ClaimKindFilter,
    ContradictedFilter,
    DocumentFilter,
    LimitFilter,
    OriginatorFilter,
    RatingFilter,
    RelayedByFilter,
    ReviewedFilter,
    SearchFilter,
    WithAffiliates,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

    from provenance.queries.filters import ClaimFilters
    from provenance.store.reader import Reader


def db_url(ctx: typer.Context) -> str:
    from provenance.config import database_url

    root = ctx.find_root()
    url = database_url((root.obj or {}).get("db"))
    if url.startswith("sqlite:") and (":memory:" in url or url.rstrip("/") == "sqlite:"):
        from provenance.errors import ConfigError

        # each command is its own process: what one imports, the next would never see
        raise ConfigError(f"{url}: an in-memory database lasts one command; give a file")
    return url


def sqlite_file(url: str) -> Path | None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///"))
    return None


def engine_for(ctx: typer.Context, *, write: bool = False, create: bool = True) -> Engine | None:
    """An engine at the current schema; a new database is created at head on first use.

    With ``create=False`` a missing SQLite file, or an empty one, gives None instead
    (``validate`` and ``remove --dry-run`` write nothing).
    An SQLite file is held (shared) for the engine's life, so that a failed first import
    elsewhere never deletes it under this process (see :mod:`provenance.store.file_guard`).
    """
    from provenance.store.engine import make_engine
    from provenance.store.migrate import ensure_at_head

    url = db_url(ctx)
    path = sqlite_file(url)
    if not create and path is not None and path.exists() and _empty_file(path):
        return None  # an empty file (touch) holds nothing: writing no schema into it
    if path is not None and not path.exists():
        if not create:
            return None
        if not path.parent.exists():
            from provenance.errors import ConfigError

            raise ConfigError(f"cannot create database {path}: folder {path.parent} does not exist")
    engine = make_engine(url, write=write)
    if path is not None:
        from provenance.store.file_guard import hold

        hold(path, engine)
    ensure_at_head(engine)
    return engine


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Connection]:
    """A read-only connection inside one transaction (a consistent snapshot)."""
    from provenance.store.engine import connect

    engine = engine_for(ctx)
    assert engine is not None
    with connect(engine) as conn, conn.begin():
        yield conn


@contextmanager
def reader(ctx: typer.Context) -> Iterator[Reader]:
    """A read-only snapshot through the plain driver (no SQLAlchemy to import); a database
    that is new, at another schema revision or out of reach goes through the engine first,
    which creates it or words the error (then a SQLAlchemy connection reads)."""
    from provenance.store.reader import open_reader

    url = db_url(ctx)
    opened = open_reader(url)
    if opened is None:
        engine_for(ctx)
        opened = open_reader(url)
    if opened is None:  # a URL only SQLAlchemy knows how to reach
        from provenance.store.reader import connection_reader

        with reading(ctx) as conn:
            yield connection_reader(conn)
        return
    try:
        yield opened
    except Exception as exc:
        from provenance.config import mask_password
        from provenance.store.failures import storage_error

        path = sqlite_file(url)
        error = storage_error(exc, str(path) if path is not None else mask_password(url))
        if error is None:
            raise
        raise error from None
    finally:
        opened.close()


def stdout() -> Any:
    return sys.stdout


CLAIM_FILTERS = {
    "document": DocumentFilter,
    "originator": OriginatorFilter,
    "relayed_by": RelayedByFilter,
    "kind": ClaimKindFilter,
    "contradicted": ContradictedFilter,
    "search": SearchFilter,
    "limit": LimitFilter,
    "with_affiliates": WithAffiliates,
    "reviewed": ReviewedFilter,
    "rating": RatingFilter,
}


def with_claim_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the claim filter options, declared once, as one ``filters`` argument.

    Typer reads a command's signature; this one is the command's own, less ``filters``, plus
    the options of :data:`CLAIM_FILTERS` (``claims`` and the exports thus cannot drift).
    """
    signature = inspect.signature(command)
    # the annotations are strings (postponed evaluation); ``filters`` names a type that
    # is imported for type checkers only, so evaluate the others one by one
    own = [
        p.replace(annotation=eval(p.annotation, command.__globals__))
        if isinstance(p.annotation, str)
        else p
        for p in signature.parameters.values()
        if p.name != "filters"
    ]
    options = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in CLAIM_FILTERS.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in CLAIM_FILTERS}
        command(*args, filters=claim_filters(**values), **kwargs)

    parameters = own + options
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper


def claim_filters(
    document: str | None = None,
    originator: str | None = None,
    relayed_by: str | None = None,
    kind: ClaimKind | None = None,
    contradicted: bool | None = None,
    search: str | None = None,
    limit: int | None = None,
    with_affiliates: bool | None = None,
    reviewed: bool | None = None,
    rating: str | None = None,
) -> ClaimFilters:
    """The claim filters of ``claims``, ``chain`` and the exports, as the library takes them."""
    from provenance.queries.filters import ClaimFilters

    named = {"--document": document, "--originator": originator, "--relayed-by": relayed_by}
    for option, value in named.items():
        if value is not None and not value.strip():
            # an unset shell variable ("--document $DOC"): not "every document"
            raise typer.BadParameter("an empty value names nothing", param_hint=option)
    return ClaimFilters(
        document=document,
        originator=originator,
        relayed_by=relayed_by,
        kind=kind.value if kind is not None else None,
        contradicted=contradicted,
        search=search,
        limit=limit,
        with_affiliates=bool(with_affiliates),
        reviewed=reviewed,
        rating=rating,
    )


def _empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False
