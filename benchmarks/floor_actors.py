"""The import floor's actors: keys, definitions across files, affiliation cycles.

Part of benchmarks/baseline_import.py (standard library only, like the rest of the floor).
"""

from __future__ import annotations

import sqlite3

from floor_input import ACTOR_FIELDS, ACTOR_KINDS, KEY, Problems


class Actors:
    """The actor table as the floor checks and fills it: the database's actors, then the
    batch's, merged like provenance merges them (same values, or fill the gaps)."""

    def __init__(self, db: sqlite3.Connection, problems: Problems) -> None:
        self.db = db
        self.problems = problems
        cur = db.cursor()
        self.actor_ids: dict[str, int] = {}
        self.actors: dict[str, dict] = {}  # definitions (batch and database)
        self.actor_origin: dict[str, str] = {}
        for row in cur.execute(
            "SELECT a.id, a.key, a.name, a.kind, a.country, a.state_affiliated, a.role, "
            "a.description, f.key FROM actors a LEFT JOIN actors f ON f.id = a.affiliation_id"
        ):
            self.actor_ids[row[1]] = row[0]
            self.actors[row[1]] = dict(
                zip(("id", "key", *ACTOR_FIELDS, "affiliation"), row, strict=True)
            )
            self.actor_origin[row[1]] = "database"
        self.pending_actors: dict[str, str] = {}  # referenced, not (yet) defined -> where
        self.next_actor = (cur.execute("SELECT max(id) FROM actors").fetchone()[0] or 0) + 1
        self.added = 0

    def actor_id(self, key: str, label: str, where: str) -> int | None:
        if not isinstance(key, str) or not KEY.fullmatch(key):
            self.problems.add(label, where, f"{key!r} is not a valid key")
            return None
        aid = self.actor_ids.get(key)
        if aid is None:  # defined later in the batch, or an error found at the end
            aid = self.actor_ids[key] = self.next_actor
            self.next_actor += 1
            self.pending_actors[key] = f"{label}: {where}"
        return aid

    def define(self, label: str, actors: list) -> None:
        new_rows, alias_rows, local = [], [], set()
        for i, a in enumerate(actors):
            where = f"actors[{i}]"
            key = a.get("key")
            if not isinstance(key, str) or not KEY.fullmatch(key):
                self.problems.add(label, f"{where}.key", f"{key!r} is not a valid key")
                continue
            if key in local:
                self.problems.add(label, f"{where}.key", f"duplicate actor key '{key}'")
                continue
            local.add(key)
            if a.get("kind") not in ACTOR_KINDS or not a.get("name"):
                self.problems.add(label, where, "bad kind or missing name")
                continue
            country = a.get("country")
            if country is not None:
                country = country.strip().upper()
                if len(country) != 2 or not country.isalpha():
                    self.problems.add(label, f"{where}.country", f"'{country}' is not ISO 3166")
                    continue
            values = {
                "name": a["name"],
                "kind": a["kind"],
                "country": country,
                "state_affiliated": a.get("state_affiliated"),
                "role": a.get("role"),
                "description": a.get("description"),
                "affiliation": a.get("affiliation"),
            }
            aff = values["affiliation"]
            if aff == key:
                self.problems.add(label, f"{where}.affiliation", "an actor cannot belong to itself")
                continue
            aff_id = self.actor_id(aff, label, f"{where}.affiliation") if aff else None
            old = self.actors.get(key)
            if old is not None:  # defined before: same values or fill the gaps
                clash = [
                    f
                    for f in (*ACTOR_FIELDS, "affiliation")
                    if old.get(f) is not None and values[f] is not None and old[f] != values[f]
                ]
                if clash:
                    self.problems.add(
                        label,
                        where,
                        f"actor '{key}' defined differently in "
                        f"{self.actor_origin[key]}: {', '.join(clash)}",
                    )
                    continue
                fill = {
                    f: values[f]
                    for f in ACTOR_FIELDS
                    if old.get(f) is None and values[f] is not None
                }
                if aff and old.get("affiliation") is None:
                    fill["affiliation_id"] = aff_id
                    old["affiliation"] = aff
                if fill:
                    old.update({k: v for k, v in fill.items() if k != "affiliation_id"})
                    sets = ", ".join(f"{k} = ?" for k in fill)
                    self.db.execute(
                        f"UPDATE actors SET {sets} WHERE id = ?",
                        (*fill.values(), self.actor_ids[key]),
                    )
            else:
                aid = self.actor_ids.get(key)
                if aid is None:
                    aid = self.actor_ids[key] = self.next_actor
                    self.next_actor += 1
                self.pending_actors.pop(key, None)
                self.actors[key] = values
                self.actor_origin[key] = label
                new_rows.append(
                    (
                        aid,
                        key,
                        values["name"],
                        values["kind"],
                        country,
                        values["state_affiliated"],
                        aff_id,
                        values["role"],
                        values["description"],
                    )
                )
            aid = self.actor_ids[key]
            for alias in dict.fromkeys([a["name"], *a.get("aliases", [])]):
                alias_rows.append((aid, alias, alias.casefold()))
        self.db.executemany(
            "INSERT INTO actors (id, key, name, kind, country, state_affiliated, affiliation_id, "
            "role, description) VALUES (?,?,?,?,?,?,?,?,?)",
            new_rows,
        )
        self.db.executemany(
            "INSERT INTO actor_aliases (actor_id, alias, alias_folded) VALUES (?,?,?) "
            "ON CONFLICT (actor_id, alias) DO NOTHING",
            alias_rows,
        )
        self.added += len(new_rows)

    def check_at_end(self) -> None:
        for key, where in self.pending_actors.items():
            self.problems.append(f"{where}: unknown actor '{key}'")
        for key, a in self.actors.items():
            seen, cur = [key], a.get("affiliation")
            while cur is not None and cur in self.actors:
                if cur in seen:
                    self.problems.append(
                        f"{self.actor_origin[key]}: affiliations form a cycle: "
                        + " -> ".join([*seen, cur])
                    )
                    break
                seen.append(cur)
                cur = self.actors[cur].get("affiliation")
