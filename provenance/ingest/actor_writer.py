"""Writing a run's actors: new ones inserted, stored ones completed, never contradicted.

Actors are merged with the database's upsert, so two concurrent imports never create the
same actor twice; the merge follows :mod:`provenance.ingest.registry`'s rule.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, update

from provenance.errors import ImportConflict
from provenance.ingest.bulk import BulkWriter
from provenance.ingest.format import ACTOR_FIELDS, ActorIn
from provenance.ingest.registry import differing_fields, missing_fields
from provenance.ingest.resolved import ActorUpdate
from provenance.ingest.stored import chunks
from provenance.store import tables as schema
from provenance.store.affiliations import stored_cycles

# a stored row holds its affiliation as an id, filled separately
_COLUMNS = [f for f in ACTOR_FIELDS if f != "affiliation"]


def _actor_row(actor: ActorIn) -> dict[str, Any]:
    return {"key": actor.key, **{f: getattr(actor, f) for f in _COLUMNS}}


class WrittenActors(NamedTuple):
    """What :func:`write_actors` did."""

    ids: dict[str, int]  # of each actor of the run and of each affiliation
    added: int
    updated: int
    replaced: list[ActorUpdate]  # stored values the files' replaced (--update-actors)
    kept: list[ActorUpdate]  # stored values kept over the files' (--keep-stored-actors)


def write_actors(
    bulk: BulkWriter, actors: dict[str, ActorIn], *, replace: bool = False, keep: bool = False
) -> WrittenActors:
    """Store the run's actors.

    ``replace`` (``--update-actors``): a field the run sets replaces a different stored
    value; ``keep`` (``--keep-stored-actors``): the stored value stays; otherwise such a
    difference is a conflict. A replaced name stays an alias, so annotations and searches
    that use it still find the actor; a name the stored one was kept over is not written.
    """
    conn = bulk.conn
    needed = set(actors) | {a.affiliation for a in actors.values() if a.affiliation}
    existing = _stored_actors(bulk, needed)
    new_rows = [_actor_row(a) for key, a in actors.items() if key not in existing]
    # rows a concurrent import inserted first are not counted
    added = bulk.insert_new(schema.actors, new_rows, ["key"])
    stored = _stored_actors(bulk, needed, lock=True)
    ids = {k: int(v["id"]) for k, v in stored.items()}
    # the names each actor is known by from now on: a name the stored one was kept over is
    # not one of them (it may be another actor's: "Fars" on Tasnim would make "Fars" ambiguous)
    names = {
        key: [
            *([] if keep and stored[key]["name"] != actor.name else [actor.name]),
            *actor.aliases,
        ]
        for key, actor in actors.items()
    }
    gaining = _gaining_aliases(bulk, names, {k: ids[k] for k in existing if k in actors})
    fills: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # by the columns they fill
    replaced: list[ActorUpdate] = []
    kept: list[ActorUpdate] = []
    updated = 0
    for key, actor in actors.items():
        row = stored[key]
        values = actor.model_dump()
        # a concurrent import may have won the race with a different definition
        clash = differing_fields(row, values, _COLUMNS)
        affiliation = ids[actor.affiliation] if actor.affiliation else None
        if affiliation is not None and row["affiliation_id"] not in (None, affiliation):
            clash.append("affiliation")
        if keep:
            kept += _differences(bulk, key, row, values, clash, actor.affiliation)
            clash = []
            affiliation = None if row["affiliation_id"] is not None else affiliation
        if clash and not replace:
            raise ImportConflict(
                f"actor '{key}' was defined differently by another import meanwhile "
                f"({', '.join(clash)}); nothing was imported"
            )
        fill = missing_fields(row, values, _COLUMNS)
        replaced += _differences(bulk, key, row, values, clash, actor.affiliation)
        for name in clash:
            if name != "affiliation":
                fill[name] = values[name]
        if affiliation is not None and row["affiliation_id"] != affiliation:
            fill["affiliation_id"] = affiliation
        if fill:
            fills.setdefault(tuple(fill), []).append({"b_id": row["id"], **fill})
        if key in existing and (fill or key in gaining):
            updated += 1
    for columns, rows in fills.items():  # one executemany per shape, not one UPDATE per actor
        values = {c: bindparam(c) for c in columns}
        conn.execute(
            update(schema.actors).where(schema.actors.c.id == bindparam("b_id")).values(values),
            rows,
        )
    if any("affiliation_id" in columns for columns in fills):
        _check_cycles(bulk, actors)
    alias_rows = [
        {"actor_id": ids[key], "alias": alias, "alias_folded": alias.casefold()}
        for key, known_as in names.items()
        for alias in dict.fromkeys(known_as)
    ]
    bulk.insert_new(schema.actor_aliases, alias_rows, ["actor_id", "alias"])
    return WrittenActors(ids, added, updated, replaced, kept)


def _differences(
    bulk: BulkWriter,
    key: str,
    row: dict[str, Any],
    values: dict[str, Any],
    fields: list[str],
    affiliation: str | None,
) -> list[ActorUpdate]:
    """Each differing field as (stored value, the file's), the affiliation by key."""
    return [
        ActorUpdate(key, name, _key_of(bulk, row["affiliation_id"]), affiliation)
        if name == "affiliation"
        else ActorUpdate(key, name, row[name], values[name])
        for name in fields
    ]


def _gaining_aliases(
    bulk: BulkWriter, names: dict[str, list[str]], stored_ids: dict[str, int]
) -> set[str]:
    """Stored actors the run gives a name or alias they do not have yet: updated too."""
    aliases = schema.actor_aliases
    have: set[tuple[int, str]] = set()
    for chunk in chunks(sorted(stored_ids.values())):
        rows = bulk.conn.execute(
            select(aliases.c.actor_id, aliases.c.alias).where(aliases.c.actor_id.in_(chunk))
        )
        have.update((int(actor_id), alias) for actor_id, alias in rows)
    return {
        key
        for key, actor_id in stored_ids.items()
        if any((actor_id, a) not in have for a in names[key])
    }


def _stored_actors(
    bulk: BulkWriter, keys: set[str], *, lock: bool = False
) -> dict[str, dict[str, Any]]:
    """The stored rows of ``keys``; ``lock``: on PostgreSQL, row-locked until the end of
    the transaction, and read after any other import writing them has committed (its
    values are the ones compared, and an update names the value it really replaces)."""
    out: dict[str, dict[str, Any]] = {}
    t = schema.actors
    locking = lock and bulk.conn.dialect.name == "postgresql"
    for chunk in chunks(sorted(keys)):
        query = select(t).where(t.c.key.in_(chunk)).order_by(t.c.id)
        if locking:
            query = query.with_for_update()
        for row in bulk.conn.execute(query).mappings():
            out[row["key"]] = dict(row)
    return out


def _check_cycles(bulk: BulkWriter, actors: dict[str, ActorIn]) -> None:
    """After the run's affiliations are written: a cycle through one of its actors was
    closed by another import committed since the run was checked (both took the rows'
    locks in turn, so the later one sees the earlier one's affiliations here)."""
    for loop in stored_cycles(bulk.conn):
        if set(loop) & set(actors):
            cycle = " -> ".join([*loop, loop[0]])
            raise ImportConflict(
                f"affiliations form a cycle with another import's: {cycle}; nothing was imported"
            )


def _key_of(bulk: BulkWriter, actor_id: int) -> str:
    """An actor's key, to name the affiliation an update replaces (rare: one query each)."""
    t = schema.actors
    return str(bulk.conn.execute(select(t.c.key).where(t.c.id == actor_id)).scalar_one())
