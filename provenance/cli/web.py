"""``provenance serve``: browse the database in Datasette (the ``web`` extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.common import db_url, engine_for, sqlite_file


def serve_command(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="TCP port to listen on.")
    ] = 8001,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to bind. The default, 127.0.0.1, serves this machine only; "
            "0.0.0.0 serves the network.",
        ),
    ] = "127.0.0.1",
) -> None:
    """Browse the database in a web page (Datasette), read-only.

    Claims, actors and documents with names instead of ids, facets, full-text search
    folded as --search folds it, canned queries (a claim's chain, claims by originator,
    relayed by an actor, contradictions, what reached readers through an outlet, a
    document's sources audit) and a page per claim. Needs the web extra and an SQLite
    file; for PostgreSQL, serve a copy made by `provenance export sqlite FILE`.

    Example: provenance --db corpus.db serve --port 8001
    """
    from provenance.errors import ConfigError
    from provenance.web.serve import serve

    path = sqlite_file(db_url(ctx))
    if path is None:
        raise ConfigError(
            "serve needs an SQLite file, and this database is not one: copy it with "
            "`provenance export sqlite FILE`, then run `provenance --db FILE serve`"
        )
    if not path.is_file():
        raise ConfigError(
            f"no database at {path}: import annotations first (`provenance import PATH`)"
        )
    engine = engine_for(ctx)  # an older schema asks for `db upgrade` here, not in a page
    assert engine is not None
    engine.dispose()
    log = path.with_name(path.name + "-wal")
    if log.is_file() and log.stat().st_size:
        # an immutable file is read without its write-ahead log
        typer.echo(
            f"Warning: {log} is not empty (another process has the database open?): "
            "the pages show the file without it; for a snapshot, serve "
            "`provenance export sqlite FILE`",
            err=True,
        )
    serve(path, host, port, announce=lambda line: typer.echo(line, err=True))
