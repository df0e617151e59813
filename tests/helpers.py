"""What several test modules share: paths, the in-process CLI, snapshots, corruption, and an
import in a process of its own that stops where a test tells it to.

Fixtures live in conftest.py; everything a test module imports lives here, so that no
test module imports another.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SEEDS = ROOT / "seeds"
SEED_YAML = SEEDS / "al-boukamal-2018-06-10.yaml"
DATA = TESTS / "data"
MULTI = DATA / "multi"
EXPORTS = DATA / "exports"
PG_ENV = "PROVENANCE_TEST_POSTGRES_URL"


class Cli:
    """Runs ``provenance --db URL ...`` in-process, as a user types it."""

    def __init__(self, runner: CliRunner, url: str) -> None:
        self.runner = runner
        self.url = url

    def __call__(self, *args: str, input: str | None = None) -> Any:
        from provenance.cli import app

        return self.runner.invoke(app, ["--db", self.url, *args], input=input)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--format", "json").stdout)


def pg_schema_url(database_url: str) -> Iterator[str]:
    """A URL whose connections live in a new schema of ``database_url``, dropped afterwards.

    A generator: ``next()`` gives the URL, the next ``next()`` (or closing it) drops it.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def db_snapshot(url: str) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, sorted: equal snapshots mean an unchanged database."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            out = []
            for table in tables:
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
                out.append((table, sorted((tuple(r) for r in rows), key=repr)))
            return out
    finally:
        engine.dispose()


# -- damage done behind provenance's back ---------------------------------------------------


def corrupt(url: str, *statements: str, **params: Any) -> None:
    """Run SQL with the database's own safeguards off, as an outside tool could."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
            else:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                conn.execute(text(statement), params)
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: Any) -> list[Any]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())
    finally:
        engine.dispose()


def refused(url: str, *paths: str) -> list[str]:
    """Validate, then import, ``paths``: the problem lines, the same from both.

    Asserts everything a refused import promises: exit 1 without a traceback, nothing on
    stdout, one ``Error:`` line a problem and the count, and the database as it was.
    """
    from typer.testing import CliRunner

    before = db_snapshot(url)
    checked = Cli(CliRunner(), url)("validate", *paths)
    result = Cli(CliRunner(), url)("import", *paths)
    for outcome in (checked, result):
        assert outcome.exit_code == 1, (outcome.output, outcome.exception)
        assert isinstance(outcome.exception, SystemExit), outcome.exception
        assert "Traceback" not in outcome.output
        assert outcome.stdout == ""
    assert checked.stderr == result.stderr
    lines = result.stderr.splitlines()
    found = [line.removeprefix("Error: ") for line in lines[:-1]]
    assert all(line.startswith("Error: ") for line in lines[:-1]), lines
    n = len(found)
    assert lines[-1] == f"{n} problem{'s' if n != 1 else ''} found; nothing was written."
    assert db_snapshot(url) == before
    return found


def problems(cli: Cli) -> list[str]:
    """Run ``db check`` expecting problems: exit 1, one per line on stdout, a count on stderr."""
    result = cli("db", "check")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stdout.splitlines()
    n = len(lines)
    assert result.stderr == f"{n} problem{'s' if n != 1 else ''} found.\n"
    return lines


# -- an import in a process of its own ---------------------------------------------------------

CORPUS_CLAIMS = 50  # claims per document of write_corpus
_SOURCES = 7
_RELAYS = 5


def write_corpus(folder: Path, documents: int, prefix: str = "doc") -> Path:
    """``documents`` JSON annotations of CORPUS_CLAIMS claims each, with chains and relations.

    Every claim has a two-hop chain and supports the next one, so relays and relations
    are written too. Actors are shared (the same definitions in every file).
    """
    folder.mkdir(parents=True, exist_ok=True)
    actors = [
        {"key": f"corpus-source-{i}", "name": f"Source {i}", "kind": "person"}
        for i in range(_SOURCES)
    ] + [
        {"key": f"corpus-relay-{i}", "name": f"Relay {i}", "kind": "website"}
        for i in range(_RELAYS)
    ]
    for d in range(documents):
        sentences = [
            f"Phrase {i} du document {prefix}-{d} : la source {i % _SOURCES} affirme que "
            f"l’événement n°{i} a eu lieu."
            for i in range(CORPUS_CLAIMS)
        ]
        annotation = {
            "format": "provenance/v1",
            "document": {"key": f"{prefix}-{d:04d}", "text": " ".join(sentences)},
            "actors": actors,
            "claims": [
                {
                    "key": f"c{i}",
                    "quote": sentence,
                    "kind": "other",
                    "originator": f"corpus-source-{i % _SOURCES}",
                    "chain": [
                        f"corpus-relay-{(i + 1) % _RELAYS}",
                        f"corpus-relay-{(i + 2) % _RELAYS}",
                    ],
                }
                for i, sentence in enumerate(sentences)
            ],
            "relations": [
                {"from": f"c{i}", "type": "supports", "to": f"c{i + 1}"}
                for i in range(CORPUS_CLAIMS - 1)
            ],
        }
        path = folder / f"{prefix}-{d:04d}.json"
        path.write_text(json.dumps(annotation, ensure_ascii=False), encoding="utf-8")
    return folder


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # not yet created, or removed by the last connection closing
        return 0


_EVENTS_FD = "PROVENANCE_TEST_EVENTS_FD"
_GO_FD = "PROVENANCE_TEST_GO_FD"
_ANNOUNCE_LOCK = "PROVENANCE_TEST_ANNOUNCE_LOCK"
#: what the stopped import tells the test
TAKING_THE_LOCK = b"L"  # it is about to ask for SQLite's write lock (its first BEGIN IMMEDIATE)
ABOUT_TO_COMMIT = b"C"  # its rows are written and its transaction is still open


class StoppedImport:
    """``provenance import`` in a process of its own that waits before it commits.

    The process runs the real command; SQLAlchemy event listeners, added in that process
    only, make it report ABOUT_TO_COMMIT once its transaction has written something, then
    wait for :meth:`release` (or be killed). With ``announce_lock`` it also reports
    TAKING_THE_LOCK just before it asks for the write lock. Tests order what happens
    around an import by these events instead of by sleeps and polling.
    """

    def __init__(self, url: str, folder: Path, *, announce_lock: bool = False) -> None:
        events_read, events_write = os.pipe()
        go_read, go_write = os.pipe()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
            _EVENTS_FD: str(events_write),
            _GO_FD: str(go_read),
            _ANNOUNCE_LOCK: "1" if announce_lock else "",
        }
        command = "import helpers; helpers._run_stopping_before_commit()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", command, "--db", url, "import", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            pass_fds=(events_write, go_read),
        )
        os.close(events_write)
        os.close(go_read)
        self._events, self._go = events_read, go_write

    def __enter__(self) -> StoppedImport:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.returncode is None:  # a failed test: leave no process behind
            self.proc.kill()
            self.proc.communicate()
        os.close(self._events)
        os.close(self._go)

    def wait_for(self, event: bytes, timeout: float = 120) -> None:
        """Block until the process reports ``event``; fail if it ends or reports another."""
        readable, _, _ = select.select([self._events], [], [], timeout)
        got = os.read(self._events, 1) if readable else None
        if got != event:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError(
                f"the import reported {got!r} instead of {event!r} "
                f"(exit {self.proc.returncode}):\n{out}{err}"
            )

    def release(self) -> None:
        os.write(self._go, b"g")

    def finish(self, timeout: float = 120) -> str:
        """Wait for a released import to end; it must succeed. Returns its stdout."""
        out, err = self.proc.communicate(timeout=timeout)
        assert self.proc.returncode == 0, err
        return out

    def kill(self) -> None:
        """SIGKILL: no cleanup, no rollback code runs in the process."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL


def _run_stopping_before_commit() -> None:
    """The child's side of StoppedImport: add the listeners, then run the command line."""
    from sqlalchemy import Engine, event

    events, go = int(os.environ[_EVENTS_FD]), int(os.environ[_GO_FD])

    announced = not os.environ[_ANNOUNCE_LOCK]

    @event.listens_for(Engine, "before_cursor_execute")
    def _announce(conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        nonlocal announced
        if not announced and statement.startswith("BEGIN IMMEDIATE"):
            os.write(events, TAKING_THE_LOCK)
            announced = True

    @event.listens_for(Engine, "commit")
    def _stop(conn: Connection) -> None:
        if _has_written(conn):
            os.write(events, ABOUT_TO_COMMIT)
            if os.read(go, 1) != b"g":  # the test went away without a word
                os._exit(3)

    from provenance.cli import main

    sys.argv = ["provenance", *sys.argv[1:]]
    main()


def _has_written(conn: Connection) -> bool:
    """Whether the open transaction changed anything (read-only ones pass unhindered)."""
    dbapi: Any = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        return int(dbapi.total_changes) > 0
    with dbapi.cursor() as cursor:
        cursor.execute("SELECT txid_current_if_assigned()")
        return cursor.fetchone()[0] is not None


#: Corpora the export paths are compared on (the odd one has formula cells and line breaks).
DATASETS = {
    "seed": [SEEDS],
    "multi": [SEEDS, MULTI],
    "odd": [EXPORTS / "odd"],
    "followup": [SEEDS, EXPORTS / "followup"],
}


def generic(url: str, *, raw: bool = False) -> bytes:
    """The claims table written by the SQLAlchemy path, the reference."""
    from provenance.export.csv_tables import write_table
    from provenance.store.engine import connect, make_engine

    engine = make_engine(url)
    out = io.StringIO(newline="")
    try:
        with connect(engine) as conn, conn.begin():
            write_table(conn, "claims", out, raw=raw)
    finally:
        engine.dispose()
    return out.getvalue().encode("utf-8")


def generated_db(folder: Path, claims: int) -> Path:
    """A SQLite database of the benchmarks' synthetic corpus at ``claims`` claims, generated
    and imported by real processes in ``folder``."""
    corpus = folder / "corpus"
    generator = str(ROOT / "benchmarks" / "generate.py")
    subprocess.run(
        [sys.executable, generator, "--claims", str(claims), "--out", str(corpus)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    db = folder / "generated.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "provenance",
            "--db",
            str(db),
            "import",
            str(corpus / "annotations"),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return db
