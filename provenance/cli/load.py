"""Loading annotations and taking them out: ``import``, ``validate`` and ``remove``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from provenance.cli.common import engine_for
from provenance.cli.options import (
    AnnotationPaths,
    DocumentKeys,
    DropDependentRelations,
    DryRun,
    KeepStoredActors,
    Quiet,
    RelationSetKeys,
    UpdateActors,
)
from provenance.visible import visible

if TYPE_CHECKING:
    from provenance.ingest.resolved import ActorUpdate
    from provenance.ingest.stored import StoredRelation


def import_command(
    ctx: typer.Context,
    paths: AnnotationPaths,
    quiet: Quiet = False,
    drop_dependent_relations: DropDependentRelations = False,
    update_actors: UpdateActors = False,
    keep_stored_actors: KeepStoredActors = False,
) -> None:
    """Validate and load annotation files or folders; all or nothing.

    One run is one transaction: if any file is invalid, nothing is written. Re-importing
    an unchanged document does nothing; an edited one replaces that document's claims.

    Example: provenance import seeds/
    """
    from provenance.cli.common import db_url, sqlite_file
    from provenance.ingest.importer import import_paths

    _one_actor_rule(update_actors, keep_stored_actors)
    path = sqlite_file(db_url(ctx))
    new_file = path is not None and not path.exists()
    engine = engine_for(ctx, write=True)
    assert engine is not None
    try:
        summary = import_paths(
            engine,
            paths,
            drop_dependent=drop_dependent_relations,
            update_actors=update_actors,
            keep_actors=keep_stored_actors,
        )
    except BaseException:
        if new_file and path is not None:
            # a failed first import leaves no database behind, as if never run
            from provenance.store.file_guard import discard_new

            engine.dispose()
            discard_new(path)  # only if created here and held by no other process
        raise
    tell_dropped(summary.dropped, "Dropped")
    tell_updated(summary.actor_updates, "Updated")
    tell_kept(summary.actors_kept, "Kept")
    _warn(summary.warnings)
    if not quiet:
        typer.echo(summary.line())


def _warn(warnings: list[str]) -> None:
    """Look-alike keys: one ``Warning:`` line each on stderr; the exit code stays 0."""
    for line in warnings:
        typer.echo(f"Warning: {visible(line)}", err=True)


def validate_command(
    ctx: typer.Context,
    paths: AnnotationPaths,
    drop_dependent_relations: DropDependentRelations = False,
    update_actors: UpdateActors = False,
    keep_stored_actors: KeepStoredActors = False,
) -> None:
    """Run every import check and write nothing.

    Checks shapes, references (to other files and to the database), quotes against the
    text, dates and duplicates. Exit code 0 when the files would import, 1 otherwise.

    Example: provenance validate seeds/al-boukamal-2018-06-10.yaml
    """
    from provenance.ingest.importer import validate

    _one_actor_rule(update_actors, keep_stored_actors)
    engine = engine_for(ctx, create=False)
    batch = validate(
        engine,
        paths,
        drop_dependent=drop_dependent_relations,
        update_actors=update_actors,
        keep_actors=keep_stored_actors,
    )
    tell_dropped(batch.dropped, "Would drop")
    tell_updated(batch.actor_updates, "Would update")
    tell_kept(batch.actors_kept, "Would keep")
    sets = f", {len(batch.relation_sets)} relation set(s)" if batch.relation_sets else ""
    _warn(batch.warnings)
    typer.echo(
        f"OK: {len(batch.files)} file{'s' if len(batch.files) != 1 else ''}, "
        f"{len(batch.documents)} document(s), {batch.claim_count} claims, "
        f"{len(batch.actors)} actors{sets}"
    )


def remove_command(
    ctx: typer.Context,
    documents: DocumentKeys = None,
    relation_set: RelationSetKeys = None,
    drop_dependent_relations: DropDependentRelations = False,
    dry_run: DryRun = False,
    quiet: Quiet = False,
) -> None:
    """Remove documents (with their claims, relays, relations and reviews) or relation
    sets; all or nothing.

    A relation or review another stored annotation declares on a removed claim is refused,
    one line each, unless --drop-dependent-relations (then its declarer is marked stale:
    importing that file again writes back what still holds). Actors stay.

    Example: provenance remove al-boukamal-2018-06-10 --dry-run
    """
    from provenance.errors import ProvenanceError
    from provenance.ingest.removal import remove

    documents, sets = documents or [], relation_set or []
    if not documents and not sets:
        raise typer.BadParameter("name a document key or a --relation-set", param_hint="DOCUMENT")
    for key in [*documents, *sets]:
        if not key.strip():
            raise typer.BadParameter("a key cannot be empty", param_hint="DOCUMENT")
    engine = engine_for(ctx, write=not dry_run, create=False)
    if engine is None:
        raise ProvenanceError("there is no database yet: nothing to remove")
    removal = remove(
        engine, documents, sets, drop_dependent=drop_dependent_relations, dry_run=dry_run
    )
    tell_dropped(removal.dropped, "Would drop" if dry_run else "Dropped")
    if not quiet:
        verb = "Would remove" if dry_run else "Removed"
        for removed in removal.removed:
            typer.echo(visible(f"{verb} {removed}"))


def tell_dropped(dropped: Sequence[StoredRelation], verb: str) -> None:
    """One stderr line per relation dropped with its claim, and what restores it."""
    for relation in dropped:
        typer.echo(
            visible(
                f"{verb} {relation.noun} {relation}, declared in {relation.declarer} "
                f"(import {relation.declarer}'s file again once it is edited)"
            ),
            err=True,
        )


def tell_updated(updates: Sequence[ActorUpdate], verb: str) -> None:
    """One stderr line per stored actor field an import replaces (``--update-actors``)."""
    for change in updates:
        typer.echo(visible(f"{verb} {change}"), err=True)


def tell_kept(kept: Sequence[ActorUpdate], verb: str) -> None:
    """One stderr line per stored actor field an import leaves although a file differs
    (``--keep-stored-actors``): the file is not what the database says, and should know."""
    for difference in kept:
        typer.echo(visible(f"{verb} {difference.kept()}"), err=True)


def _one_actor_rule(update: bool, keep: bool) -> None:
    if update and keep:
        raise typer.BadParameter(
            "give --update-actors (the files win) or --keep-stored-actors (the database "
            "wins), not both",
            param_hint="--keep-stored-actors",
        )
