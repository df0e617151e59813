"""Browse and publish: ``export sqlite`` (a copy of the corpus as one file) and ``serve``."""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import MULTI, SEEDS, Cli, db_snapshot
from typer.testing import CliRunner

SEARCHES = ["attaques", "Frappé", "americains"]


@pytest.fixture
def copied(multi: Cli, tmp_path: Path) -> tuple[Cli, Cli]:
    """The seed and tests/data/multi on either backend, and their copy as an SQLite file."""
    target = tmp_path / "copy.db"
    result = multi.ok("export", "sqlite", str(target))
    assert result.stdout == ""
    assert result.stderr == (
        f"Wrote {target}: 21 actors, 0 relation_sets, 67 actor_aliases, 3 documents, 42 claims, "
        "8 document_sources, 30 claim_relations, 0 claim_reviews, 22 relays, "
        "0 relation_co_declarers\n"
    )
    return multi, Cli(multi.runner, str(target))


@pytest.fixture
def cli_sqlite(runner: CliRunner, sqlite_url: str) -> Cli:
    return Cli(runner, sqlite_url)


def test_copy_answers_like_the_original(copied: tuple[Cli, Cli]) -> None:
    original, copy = copied
    assert "OK: schema at" in copy.ok("db", "check").stdout
    assert copy.json("claims") == original.json("claims")
    assert copy.json("actors") == original.json("actors")
    assert copy.json("contradictions") == original.json("contradictions")
    for words in SEARCHES:  # the FTS index was filled
        found = copy.json("claims", "--search", words)
        assert found, words
        assert found == original.json("claims", "--search", words)


def test_copy_of_an_sqlite_file_has_the_same_rows(sqlite_url: str, cli_sqlite: Cli) -> None:
    cli_sqlite.ok("import", str(SEEDS), str(MULTI))
    target = Path(sqlite_url.removeprefix("sqlite:///")).with_name("copy.db")
    cli_sqlite.ok("export", "sqlite", str(target))
    # FTS5's own b-tree pages are laid out by insert order and batch: compare the rows
    assert _rows(f"sqlite:///{target}") == _rows(sqlite_url)


def _rows(url: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    return [t for t in db_snapshot(url) if not t[0].startswith(("claims_fts", "sqlite_stat"))]


def test_copy_refuses_to_overwrite_unless_forced(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = seeded("export", "sqlite", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} exists; give --force to replace it\n"
    assert target.read_text() == "keep me"
    seeded.ok("export", "sqlite", str(target), "--force")
    assert Cli(seeded.runner, str(target)).json("claims") == seeded.json("claims")
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


def test_copy_refuses_its_own_source_and_a_missing_folder(
    cli_sqlite: Cli, sqlite_url: str, tmp_path: Path
) -> None:
    cli_sqlite.ok("import", str(SEEDS))
    source = Path(sqlite_url.removeprefix("sqlite:///"))
    before = db_snapshot(sqlite_url)
    result = cli_sqlite("export", "sqlite", str(source), "--force")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {source} is the database being copied\n",
    )
    assert db_snapshot(sqlite_url) == before
    missing = tmp_path / "nowhere" / "copy.db"
    result = cli_sqlite("export", "sqlite", str(missing))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {missing}: folder {missing.parent} does not exist\n",
    )


def test_a_failed_copy_leaves_no_file(seeded: Cli, tmp_path: Path) -> None:
    """The copy is renamed into place only when complete: a failure leaves nothing behind."""
    from sqlalchemy import create_engine, text

    target = tmp_path / "copy.db"
    # a document whose publisher does not exist: the copy's foreign keys refuse it at commit
    engine = create_engine(seeded.url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            pytest.skip("PostgreSQL enforces the key itself; the broken source is SQLite-only")
        conn.execute(text("PRAGMA foreign_keys = OFF"))
        conn.execute(text("UPDATE documents SET publisher_id = 9999"))
    engine.dispose()
    result = seeded("export", "sqlite", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database breaks its own constraints")
    assert list(tmp_path.glob("*copy*")) == []


# -- provenance serve --------------------------------------------------------------------

HAS_DATASETTE = importlib.util.find_spec("datasette") is not None
needs_datasette = pytest.mark.skipif(not HAS_DATASETTE, reason="the web extra is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)"
)
CENTCOM = "al-boukamal-2018-06-10/centcom-orchestrated"
CENTCOM_CHAIN = ["Source militaire syrienne", "Tasnim News", "Press TV"]


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    database: str  # the name Datasette gives the file
    path: Path
    cli: Cli
    process: subprocess.Popen[bytes]

    def get(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.base}{path}{query}", timeout=30) as response:
            body = response.read().decode()
        return json.loads(body) if ".json" in path else body

    def rows(self, name: str, **params: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.get(
            f"/{self.database}/{name}.json", _shape="array", _size="max", **params
        )
        return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(path: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``provenance serve`` in a process of its own; its output goes to ``log`` (a pipe
    nobody reads would fill up and stall the server)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "provenance", "--db", str(path), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("serve did not answer within 60 s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real ``provenance serve`` on a free loopback port, over the seed and multi."""
    if not HAS_DATASETTE:
        pytest.skip("the web extra is not installed")
    path = tmp_path_factory.mktemp("served") / "corpus.db"
    cli = Cli(CliRunner(), str(path))
    cli.ok("import", str(SEEDS), str(MULTI))
    port = free_port()
    log = path.with_name("serve.log")
    process = start_server(path, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, process, log)
        yield Served(base, "corpus", path, cli, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@needs_datasette
def test_served_tables_hold_the_corpus(served: Served) -> None:
    claims = served.cli.json("claims")
    rows = served.rows("claims", _sort="id")
    assert [(r["id"], r["key"], r["quote"]) for r in rows] == [
        (c["id"], c["key"], c["quote"]) for c in claims
    ]
    view = served.rows("claim_table", _sort="id")
    assert [r["chain"] for r in view if f"{r['document']}/{r['key']}" == CENTCOM] == [
        " > ".join(CENTCOM_CHAIN)
    ]
    databases = served.get("/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("corpus", False)]


@needs_datasette
def test_foreign_keys_show_names(served: Served) -> None:
    row = served.get(
        f"/{served.database}/claims.json",
        id=str(served.cli.json("claim", CENTCOM)["id"]),
        _labels="on",
    )
    (claim,) = row["rows"]
    assert claim["originator_id"]["label"] == "Source militaire syrienne"
    assert claim["document_id"]["label"].startswith("Al-Boukamal")


@needs_datasette
@pytest.mark.parametrize("words", [*SEARCHES, "Attaqué", "%"])
def test_search_box_folds_like_the_command_line(served: Served, words: str) -> None:
    expected = [c["key"] for c in served.cli.json("claims", "--search", words)]
    for table in ("claims", "claim_table"):
        found = served.rows(table, _search=words, _sort="id")
        assert [r["key"] for r in found] == expected, table


@needs_datasette
def test_search_box_refuses_what_the_command_line_refuses(served: Served) -> None:
    many = " ".join(["attaques"] * 65)  # --search says: at most 64 words
    assert served.cli("claims", "--search", many).exit_code == 1
    assert served.rows("claims", _search=many) == []


@needs_datasette
def test_default_facets(served: Served) -> None:
    answer = served.get(f"/{served.database}/claims.json", _size="0")
    facets = answer["facet_results"]
    assert sorted(facets) == ["contradicted", "document_id", "kind", "originator_id"]
    claims = served.cli.json("claims")
    contradicted = sum(1 for c in claims if c["contradicted_by"])
    counts = {r["label"]: r["count"] for r in facets["contradicted"]["results"]}
    assert counts == {"contradicted": contradicted, "uncontested": len(claims) - contradicted}
    chosen = urllib.parse.urlparse(
        next(r for r in facets["contradicted"]["results"] if r["label"] == "contradicted")[
            "toggle_url"
        ]
    )
    narrowed = served.get(chosen.path, **dict(urllib.parse.parse_qsl(chosen.query)))
    assert narrowed["filtered_table_rows_count"] == contradicted
    kinds = {r["value"]: r["count"] for r in facets["kind"]["results"]}
    assert kinds["accusation"] == sum(1 for c in claims if c["kind"] == "accusation")


@needs_datasette
def test_canned_queries_answer_as_the_command_line(served: Served) -> None:
    chain = served.rows("chain", claim=CENTCOM)
    assert [(r["chain"], r["step"], r["actor"]) for r in chain] == [
        (1, step, name) for step, name in enumerate(CENTCOM_CHAIN)
    ]
    osdh = [r["key"] for r in served.rows("claims_by_originator", actor="OSDH")]
    assert osdh == [c["key"] for c in served.cli.json("claims", "--originator", "OSDH")]
    assert osdh
    tasnim = [r["key"] for r in served.rows("claims_relayed_by", actor="tasnim")]
    assert tasnim == [c["key"] for c in served.cli.json("claims", "--via", "tasnim")]
    assert tasnim
    contradictions = served.rows("contradictions")
    assert len(contradictions) == len(served.cli.json("contradictions"))
    audit = served.rows("sources_audit", document="al-boukamal-2018-06-10")
    expected = served.cli.json("sources", "al-boukamal-2018-06-10")
    assert [(r["actor"], bool(r["listed"]), r["relayed"], r["flag"]) for r in audit] == [
        (r["actor"], r["listed"], r["relayed"], r["flag"]) for r in expected
    ]
    reached = served.rows("reached_readers_through", outlet="presstv")
    relayed = {c["key"] for c in served.cli.json("claims", "--via", "presstv")}
    assert {r["key"] for r in reached if r["how"] == "relayed"} == relayed
    assert relayed


@needs_datasette
def test_claim_page_and_read_only(served: Served) -> None:
    before = served.path.read_bytes()
    html = served.get(f"/-/claim/{CENTCOM}")
    assert "accuse le CentCom US" in html
    with pytest.raises(urllib.error.HTTPError) as ambiguous:
        served.get("/-/claim/centcom-orchestrated")  # in two documents
    assert ambiguous.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as missing:
        served.get("/-/claim/no-such-claim")
    assert missing.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as refused:
        served.get(f"/{served.database}.json", sql="delete from claims")
    assert refused.value.code in (400, 403)
    assert served.path.read_bytes() == before


@needs_datasette
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_serve_binds_loopback_only(served: Served) -> None:
    port = f"{int(served.base.rsplit(':', 1)[1]):04X}"
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[1].endswith(f":{port}") and line.split()[3] == "0A"
    ]
    assert listening == [f"0100007F:{port}"]


def test_serve_on_postgresql_says_how_to_get_a_file(runner: CliRunner) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/corpus"
    result = Cli(runner, url)("serve")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: serve needs an SQLite file, and this database is not one: copy it with "
        "`provenance export sqlite FILE`, then run `provenance --db FILE serve`\n"
    )


def test_serve_without_a_database_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = Cli(runner, str(missing))("serve")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no database at {missing}: import annotations first (`provenance import PATH`)\n",
    )
    assert not missing.exists()


def test_serve_without_the_web_extra(cli_sqlite: Cli) -> None:
    cli_sqlite.ok("import", str(SEEDS))
    code = "import sys; sys.modules['datasette'] = None\nfrom provenance.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", cli_sqlite.url, "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "Error: serve needs Datasette, the web extra: pip install 'provenance[web]'\n",
    )


@needs_datasette
def test_serve_on_a_port_in_use(cli_sqlite: Cli) -> None:
    cli_sqlite.ok("import", str(SEEDS))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli_sqlite("serve", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot serve on 127.0.0.1:{port}: ")


# -- in a browser --------------------------------------------------------------------------


class _Nesting(HTMLParser):
    """(depth of <ul>, text) of each ``span.actor``, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.actors: list[tuple[int, str]] = []
        self.cells: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ul":
            self.depth += 1
        elif tag == "span" and "actor" in classes:
            self._in = "actor"
        elif tag == "td" and "col-actor" in classes:
            self._in = "cell"

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.depth -= 1
        if tag in ("span", "td"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "actor":
            self.actors.append((self.depth, data.strip()))
        elif self._in == "cell" and data.strip():
            self.cells.append(data.strip())


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / f"chromium-{time.monotonic_ns()}"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_datasette
@needs_chromium
def test_claim_page_in_a_browser_shows_the_chain_in_order(served: Served, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", f"{served.base}/-/claim/{CENTCOM}")
    page = _Nesting()
    page.feed(dom)
    chain = [(depth, name) for depth, name in page.actors if name != "Unknown publisher"]
    # the originator at the top of the list, each hop one level deeper
    assert chain == [(1 + i, name) for i, name in enumerate(CENTCOM_CHAIN)]
    assert '<mark id="quote">accuse le CentCom US' in dom


@needs_datasette
@needs_chromium
def test_chain_page_in_a_browser_lists_the_hops_in_order(served: Served, tmp_path: Path) -> None:
    url = f"{served.base}/{served.database}/chain?" + urllib.parse.urlencode({"claim": CENTCOM})
    page = _Nesting()
    page.feed(chromium(tmp_path, "--dump-dom", url))
    assert page.cells == CENTCOM_CHAIN


@needs_datasette
@needs_chromium
def test_screenshot_of_a_claim_page(served: Served, tmp_path: Path) -> None:
    picture = tmp_path / "claim.png"
    chromium(
        tmp_path,
        "--window-size=1100,700",
        f"--screenshot={picture}",
        f"{served.base}/-/claim/osdh-daech-took-city",
    )
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 700)


@needs_datasette
def test_serve_warns_of_a_write_ahead_log(cli_sqlite: Cli, sqlite_url: str) -> None:
    import sqlite3

    cli_sqlite.ok("import", str(SEEDS))
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    writer = sqlite3.connect(path)  # an open writer keeps its log beside the file
    try:
        writer.execute("INSERT INTO actors (key, name, kind) VALUES ('new', 'New', 'other')")
        writer.commit()
        with socket.socket() as taken:  # so that serve stops right after its checks
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            result = cli_sqlite("serve", "--port", str(taken.getsockname()[1]))
    finally:
        writer.close()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Warning: {path}-wal is not empty (another process has the database open?): the "
        "pages show the file without it; for a snapshot, serve `provenance export sqlite FILE`"
    )
