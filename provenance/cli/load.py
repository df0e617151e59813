"""Loading annotations: ``import`` and ``validate``."""

from __future__ import annotations

import typer

from provenance.cli.common import engine_for
from provenance.cli.options import AnnotationPaths, Quiet


def import_command(
    ctx: typer.Context,
    paths: AnnotationPaths,
    quiet: Quiet = False,
) -> None:
    """Validate and load annotation files or folders; all or nothing.

    One run is one transaction: if any file is invalid, nothing is written. Re-importing
    an unchanged document does nothing; an edited one replaces that document's claims.

    Example: provenance import seeds/
    """
    from provenance.cli.common import db_url, sqlite_file
    from provenance.ingest.importer import import_paths

    path = sqlite_file(db_url(ctx))
    new_file = path is not None and not path.exists()
    engine = engine_for(ctx, write=True)
    assert engine is not None
    try:
        summary = import_paths(engine, paths)
    except BaseException:
        if new_file and path is not None:
            # a failed first import leaves no database behind, as if never run
            from provenance.store.file_guard import discard_new

            engine.dispose()
            discard_new(path)  # only if created here and held by no other process
        raise
    if not quiet:
        typer.echo(summary.line())


def validate_command(ctx: typer.Context, paths: AnnotationPaths) -> None:
    """Run every import check and write nothing.

    Checks shapes, references (to other files and to the database), quotes against the
    text, dates and duplicates. Exit code 0 when the files would import, 1 otherwise.

    Example: provenance validate seeds/al-boukamal-2018-06-10.yaml
    """
    from provenance.ingest.importer import validate

    engine = engine_for(ctx, create=False)
    batch = validate(engine, paths)
    typer.echo(
        f"OK: {len(batch.files)} file{'s' if len(batch.files) != 1 else ''}, "
        f"{len(batch.documents)} document(s), {batch.claim_count} claims, "
        f"{len(batch.actors)} actors"
    )
