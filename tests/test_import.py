"""Import: atomic, idempotent, clean replacement of edited documents, actors shared by key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from helpers import SEED_YAML, SEEDS, Cli, db_snapshot

DOC = "al-boukamal-2018-06-10"


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def second_article(folder: Path, *, presstv_name: str = "Press TV") -> Path:
    """A small second document sharing actors with the seed and pointing at one of its claims."""
    text = "Selon Press TV, l’armée syrienne a repris Al-Boukamal. Tasnim le confirme."
    (folder / "second.txt").write_text(text, encoding="utf-8")
    return write_yaml(
        folder / "second.yaml",
        {
            "format": "provenance/v1",
            "document": {
                "key": "second-article",
                "title": "Second",
                "text_file": "second.txt",
                "language": "fr",
                "published": "2018-06-11",
                "publisher": "presstv",
            },
            "actors": [{"key": "presstv", "name": presstv_name, "kind": "broadcaster"}],
            "claims": [
                {
                    "key": "army-retook",
                    "quote": "l’armée syrienne a repris Al-Boukamal",
                    "kind": "assertion",
                    "cue": "Selon",
                    "originator": "presstv",
                },
                {
                    "key": "tasnim-confirms",
                    "quote": "Tasnim le confirme",
                    "originator": "tasnim",
                    "chain": [{"actor": "presstv", "cue": "Selon Press TV"}],
                },
            ],
            "relations": [
                {"from": "tasnim-confirms", "type": "supports", "to": "army-retook"},
                {"from": "army-retook", "type": "contradicts", "to": f"{DOC}/osdh-daech-took-city"},
            ],
        },
    )


def test_import_prints_a_one_line_summary(cli: Cli) -> None:
    result = cli.ok("import", str(SEEDS))
    line = result.stdout.strip()
    assert "\n" not in line
    assert line.startswith("Imported 1 file; documents: 1 added, 0 replaced, 0 unchanged;")
    assert "claims: 36 added" in line


def test_importing_twice_changes_nothing(cli: Cli) -> None:
    cli.ok("import", str(SEEDS))
    before = db_snapshot(cli.url)
    again = cli.ok("import", str(SEEDS))
    assert "documents: 0 added, 0 replaced, 1 unchanged" in again.stdout
    assert db_snapshot(cli.url) == before


def test_an_edited_annotation_replaces_its_claims_cleanly(cli: Cli, seed_copy: Path) -> None:
    cli.ok("import", str(seed_copy))
    claims = {c["key"]: c for c in cli.json("claims")}
    path = seed_copy / SEED_YAML.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"] = [c for c in data["claims"] if c["key"] != "us-air-strikes-multiply"]
    for c in data["claims"]:
        if c["key"] == "centcom-orchestrated":
            c["chain"] = [{"actor": "presstv", "cue": "rapporte Press TV"}]
            c["statement"] = "edited"
    data["relations"] = [
        r for r in data["relations"] if "us-air-strikes-multiply" not in (r["from"], r["to"])
    ]
    write_yaml(path, data)
    result = cli.ok("import", str(seed_copy))
    assert "documents: 0 added, 1 replaced, 0 unchanged" in result.stdout
    assert "1 removed" in result.stdout
    after = {c["key"]: c for c in cli.json("claims")}
    assert set(after) == set(claims) - {"us-air-strikes-multiply"}
    centcom = after["centcom-orchestrated"]
    assert centcom["id"] == claims["centcom-orchestrated"]["id"]  # ids are stable
    assert centcom["statement"] == "edited"
    assert [[h["key"] for h in ch] for ch in centcom["chains"]] == [["presstv"]]
    # no duplicated or orphaned rows: relays and relations match the annotation exactly
    from sqlalchemy import create_engine, text

    engine = create_engine(cli.url)
    with engine.connect() as conn:
        relays = conn.execute(text("SELECT count(*) FROM relays")).scalar()
        relations = conn.execute(text("SELECT count(*) FROM claim_relations")).scalar()
        claims_n = conn.execute(text("SELECT count(*) FROM claims")).scalar()
    engine.dispose()
    expected_hops = sum(
        len(c.get("chain") or []) + sum(len(x) for x in c.get("chains") or [])
        for c in data["claims"]
    )
    assert (claims_n, relays, relations) == (
        len(data["claims"]),
        expected_hops,
        len(data["relations"]),
    )
    # importing the edited file again is a no-op
    assert "1 unchanged" in cli.ok("import", str(seed_copy)).stdout


def test_actors_are_shared_across_documents(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(SEEDS))
    second_article(tmp_path)
    result = cli.ok("import", str(tmp_path / "second.yaml"))
    assert "actors: 0 added" in result.stdout
    claims = {(c["document"], c["key"]): c for c in cli.json("claims")}
    osdh = claims[(DOC, "osdh-daech-took-city")]
    assert "second-article/army-retook" in osdh["contradicted_by"]
    assert claims[("second-article", "army-retook")]["contradicts"] == [
        f"{DOC}/osdh-daech-took-city"
    ]
    relayed = cli.json("claims", "--relayed-by", "presstv")
    assert ("second-article", "tasnim-confirms") in {(c["document"], c["key"]) for c in relayed}


def test_a_conflicting_actor_definition_says_which_fields_differ(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(SEEDS))
    before = db_snapshot(cli.url)
    second_article(tmp_path, presstv_name="PressTV Français")
    result = cli("import", str(tmp_path / "second.yaml"))
    assert result.exit_code == 1
    assert (
        "second.yaml: actors[0]: actor 'presstv' differs from the database: name" in result.stderr
    )
    assert "'Press TV' (database) vs 'PressTV Français' (here)" in result.stderr
    assert db_snapshot(cli.url) == before


def test_a_folder_is_all_or_nothing(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    second_article(folder)
    bad = json.loads(json.dumps(yaml.safe_load((folder / "second.yaml").read_text("utf-8"))))
    bad["document"]["key"] = "third"
    bad["claims"][0]["originator"] = "presstvv"
    (folder / "sub").mkdir()
    (folder / "sub" / "third.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "sub" / "second.txt").write_text((folder / "second.txt").read_text("utf-8"), "utf-8")
    cli.ok("import", str(SEEDS))
    before = db_snapshot(cli.url)
    result = cli("import", str(folder))
    assert result.exit_code == 1
    assert (
        "third.json: claims[0].originator: unknown actor 'presstvv' (did you mean 'presstv'?)"
        in (result.stderr)
    )
    assert "nothing was written" in result.stderr
    assert db_snapshot(cli.url) == before


def test_json_and_yaml_annotations_load_the_same(cli: Cli, tmp_path: Path) -> None:
    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    shutil.copy(SEEDS / "al-boukamal-2018-06-10.fr.txt", tmp_path)
    (tmp_path / "seed.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    cli.ok("import", str(tmp_path / "seed.json"))
    from_json = cli.json("claims")
    assert len(from_json) == len(data["claims"])
    # the YAML seed is recognised as the same document content: nothing changes
    assert "1 unchanged" in cli.ok("import", str(SEEDS)).stdout


def test_validate_writes_nothing(runner: object, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app

    db = tmp_path / "never.db"
    result = CliRunner().invoke(app, ["--db", str(db), "validate", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 1 file, 1 document(s), 36 claims, 17 actors")
    assert not db.exists()


def test_validate_reports_problems_with_exit_1(cli: Cli, tmp_path: Path) -> None:
    second_article(tmp_path)
    result = cli("validate", str(tmp_path / "second.yaml"))
    assert result.exit_code == 1
    # the seed is not in this database, so the cross-document reference is unknown
    assert f"second.yaml: relations[1].to: unknown document '{DOC}'" in result.stderr
    assert "second.yaml: claims[1].originator: unknown actor 'tasnim'" in result.stderr


def test_an_sqlite_import_writes_with_a_larger_page_cache_then_gives_it_back(
    tmp_path: Path,
) -> None:
    from sqlalchemy import event

    from provenance.ingest.importer import IMPORT_CACHE_KIB, import_paths
    from provenance.store.engine import make_engine
    from provenance.store.migrate import ensure_at_head

    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}", write=True)
    ensure_at_head(engine)
    statements: list[str] = []
    defaults: list[int] = []

    @event.listens_for(engine, "connect")
    def _trace(driver: Any, _record: Any) -> None:
        defaults.append(driver.execute("PRAGMA cache_size").fetchone()[0])
        driver.set_trace_callback(statements.append)

    summary = import_paths(engine, [SEEDS])
    assert summary.claims_added > 30
    assert len(defaults) == 1  # one connection: checks and writes
    larger = statements.index(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    first_insert = next(i for i, s in enumerate(statements) if s.startswith("INSERT"))
    commit = max(i for i, s in enumerate(statements) if s == "COMMIT")
    restored = statements.index(f"PRAGMA cache_size = {defaults[0]}")
    assert larger < first_insert < commit < restored
    engine.dispose()
