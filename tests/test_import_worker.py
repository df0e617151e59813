"""A large SQLite import checked in a second process (ingest/check_worker.py), as behaviour.

The child must change nothing a user can see: the same rows (ids included), the same
summary, the same problems in the same order, and all or nothing when either process
fails. ``PROVENANCE_IMPORT_WORKERS`` forces each path, so both run on the same files.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SEEDS, Cli, db_snapshot, write_corpus
from typer.testing import CliRunner

from provenance.ingest import check_worker, wire
from provenance.ingest.check_worker import WORKERS_ENV, worth_a_worker
from provenance.ingest.checker import RunChecker, check_in_memory, collect_files
from provenance.ingest.stored import NoDatabase
from provenance.ingest.writer import DocumentWriter

DATA = Path(__file__).parent / "data"
FOLDERS = [SEEDS, DATA / "multi", DATA / "reviews"]


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children the import forks, in the parent."""
    pids: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(check_worker.os, "fork", recorded)
    return pids


def _import(url: str, workers: str, *paths: Path) -> Any:
    os.environ[WORKERS_ENV] = workers
    try:
        return Cli(CliRunner(), url)("import", *map(str, paths))
    finally:
        del os.environ[WORKERS_ENV]


def _rows(url: str) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table (ids included) but the time each document was imported."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            out = []
            for table in sorted(inspect(conn).get_table_names()):
                names = [c["name"] for c in inspect(conn).get_columns(table)]
                cells = ", ".join(f'"{n}"' for n in names if n != "imported_at")
                rows = conn.execute(text(f'SELECT {cells} FROM "{table}"')).all()
                out.append((table, sorted((tuple(r) for r in rows), key=repr)))
            return out
    finally:
        engine.dispose()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", 30)


def test_checked_documents_cross_the_pipe_field_for_field() -> None:
    docs = check_in_memory(collect_files(FOLDERS), NoDatabase()).documents
    assert any(d.reviews for d in docs) and any(d.relations for d in docs)
    assert any(h.cue for d in docs for c in d.claims for chain in c.chains for h in chain)
    assert wire.decode(wire.encode(docs)) == docs


def test_one_or_two_processes_write_the_same_rows(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    forks = _forks(monkeypatch)
    first = _import(one, "1", corpus, *FOLDERS)
    assert first.exit_code == 0 and not forks
    second = _import(two, "2", corpus, *FOLDERS)
    assert second.exit_code == 0, second.output
    assert len(forks) == 1
    assert second.output == first.output
    assert "documents: 34 added" in second.output
    assert _rows(two) == _rows(one)
    # again, one document edited: replaced the same way, the others unchanged
    edited = corpus / "doc-0003.json"
    body = json.loads(edited.read_text(encoding="utf-8"))
    body["claims"][0]["kind"] = "accusation"
    edited.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    again = [_import(url, w, corpus, *FOLDERS) for url, w in ((one, "1"), (two, "2"))]
    assert again[0].output == again[1].output
    assert "1 replaced, 33 unchanged" in again[1].output
    assert _rows(two) == _rows(one)


def _broken(folder: Path) -> Path:
    write_corpus(folder, 6)
    (folder / "doc-0001.json").write_text('{"format": "provenance/v1", ', encoding="utf-8")
    body = json.loads((folder / "doc-0004.json").read_text(encoding="utf-8"))
    body["claims"][2]["originator"] = "nobody-we-know"
    body["claims"][3]["quote"] = "pas dans le texte"
    (folder / "doc-0004.json").write_text(json.dumps(body), encoding="utf-8")
    body["document"]["key"] = "doc-0005"
    (folder / "doc-0099.json").write_text(json.dumps(body), encoding="utf-8")
    return folder


def test_the_same_problems_in_the_same_order_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", SEEDS).exit_code == 0
    before = db_snapshot(url)
    bad = _broken(tmp_path / "bad")
    forks = _forks(monkeypatch)
    one, two = _import(url, "1", bad), _import(url, "2", bad)
    assert len(forks) == 1
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr
    assert "doc-0001.json" in two.stderr and "nothing was written" in two.stderr
    assert db_snapshot(url) == before
    # a problem only the end of the run finds (a relation to a claim no file has), after
    # every document was written: rolled back as well
    body = json.loads((tmp_path / "bad" / "doc-0002.json").read_text(encoding="utf-8"))
    body["relations"].append({"from": "c0", "type": "supports", "to": "doc-0000/c99"})
    late = write_corpus(tmp_path / "late", 5)
    (late / "doc-0002.json").write_text(json.dumps(body), encoding="utf-8")
    one, two = _import(url, "1", late), _import(url, "2", late)
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr and "c99" in two.stderr
    assert db_snapshot(url) == before


def test_a_child_killed_midway_leaves_the_database_as_it_was(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", SEEDS).exit_code == 0
    before = db_snapshot(url)

    def killed(self: RunChecker) -> Any:  # in the child, once every document was sent
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(RunChecker, "relation_sets", killed)
    result = _import(url, "2", corpus)
    assert result.exit_code == 1
    assert "stopped unexpectedly" in result.stderr and "nothing was imported" in result.stderr
    assert "Traceback" not in result.output
    assert db_snapshot(url) == before


def test_a_bug_in_the_child_is_raised_in_the_parent_with_its_traceback(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    forks = _forks(monkeypatch)

    def broken(self: RunChecker) -> Any:
        raise ValueError("a bug in the checks")

    monkeypatch.setattr(RunChecker, "relation_sets", broken)
    result = _import(url, "2", corpus)
    assert isinstance(result.exception, RuntimeError)
    assert "ValueError: a bug in the checks" in str(result.exception)
    assert "in broken" in str(result.exception)  # the child's own traceback
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(forks[0], os.WNOHANG)
    assert not Path(tmp_path / "test.db").exists()  # a failed first import leaves no file


def test_a_failure_while_writing_stops_the_child(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", SEEDS).exit_code == 0
    before = db_snapshot(url)
    forks = _forks(monkeypatch)

    def full_disk(self: DocumentWriter) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(DocumentWriter, "flush", full_disk)
    result = _import(url, "2", corpus)
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # killed and reaped, not left running
        os.waitpid(forks[0], os.WNOHANG)
    assert db_snapshot(url) == before


def test_the_size_decides_unless_the_setting_does(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    forks = _forks(monkeypatch)
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert Cli(CliRunner(), url).ok("import", str(SEEDS))
    assert not forks  # a small run: checked first, outside the lock, in one process
    monkeypatch.setattr("provenance.ingest.survey._REPARSE_ABOVE", 1000)
    monkeypatch.setattr(check_worker, "_cores", lambda: 2)
    assert Cli(CliRunner(), url).ok("import", str(corpus))
    assert len(forks) == 1
    monkeypatch.setattr(check_worker, "_cores", lambda: 1)
    assert Cli(CliRunner(), url).ok("import", str(corpus))
    assert len(forks) == 1  # one core: nothing to gain
    assert not worth_a_worker("sqlite://", large=True)  # in memory: no second connection
    assert not worth_a_worker("postgresql+psycopg://u@h/db", large=True)


def test_a_bad_setting_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "3")
    result = Cli(CliRunner(), f"sqlite:///{tmp_path / 'test.db'}")("import", str(SEEDS))
    assert result.exit_code == 1
    assert f"{WORKERS_ENV} must be 1 or 2, not '3'" in result.stderr


def test_real_processes_write_the_same_rows(tmp_path: Path, corpus: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        env = {**os.environ, WORKERS_ENV: workers, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "--db", url, "import", str(corpus), str(SEEDS)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append((done.stdout, _rows(url)))
    assert outputs[0] == outputs[1]


def test_no_process_to_be_had_imports_in_one(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(check_worker.os, "fork", no_fork)
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert "documents: 30 added" in _import(url, "2", corpus).output


def test_a_file_not_in_wal_mode_is_imported_in_one_process(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside WAL mode the child's read lock would block the writes: the child is sent
    away before it reads, and this process checks and writes."""
    forks = _forks(monkeypatch)
    monkeypatch.setattr("provenance.ingest.importer._wal", lambda conn: False)
    checked_here: list[int] = []
    survey = RunChecker.survey

    def counted(checker: RunChecker) -> None:
        checked_here.append(os.getpid())
        survey(checker)

    monkeypatch.setattr(RunChecker, "survey", counted)
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert "documents: 30 added" in _import(url, "2", corpus).output
    assert len(forks) == 1 and checked_here == [os.getpid()]
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)


def test_a_relation_two_files_declare_is_stored_under_the_same_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent writes in the batches one process writes in: where a shared relation is
    stored (its declarer) depends on them, so it must not move with the worker."""
    corpus = write_corpus(tmp_path / "corpus", 25)
    shared = {"from": "doc-0021/c0", "type": "contradicts", "to": "doc-0021/c1"}
    for name, relation in (
        ("doc-0000", shared),
        ("doc-0021", {"from": "c0", "type": "contradicts", "to": "c1"}),
    ):
        path = corpus / f"{name}.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        body["relations"].append(relation)
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    assert _import(one, "1", corpus).exit_code == 0
    assert _import(two, "2", corpus).exit_code == 0
    assert _rows(two) == _rows(one)


def test_a_child_gone_before_the_lock_is_an_error_not_a_success(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed while the parent waited for the write lock: the go signal finds no reader."""
    start = check_worker.CheckWorker.start

    def killed_first(self: check_worker.CheckWorker) -> None:
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        self._pid = 0
        start(self)

    monkeypatch.setattr(check_worker.CheckWorker, "start", killed_first)
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", SEEDS).exit_code == 0
    before = _rows(url)
    result = _import(url, "2", corpus)
    assert result.exit_code == 1
    assert "stopped unexpectedly" in result.stderr
    assert _rows(url) == before


def test_the_collector_runs_less_often_during_an_import_only(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from provenance.ingest.importer import IMPORT_GC_THRESHOLD

    seen: list[int] = []
    add = DocumentWriter.add

    def noted(self: DocumentWriter, doc: Any) -> None:
        seen.append(gc.get_threshold()[0])
        add(self, doc)

    monkeypatch.setattr(DocumentWriter, "add", noted)
    before = gc.get_threshold()
    assert _import(f"sqlite:///{tmp_path / 'test.db'}", "1", corpus).exit_code == 0
    assert set(seen) == {IMPORT_GC_THRESHOLD}
    assert gc.get_threshold() == before


@pytest.mark.parametrize("flush", [20, 200])
def test_a_shared_relation_belongs_to_its_first_declarer_whatever_the_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flush: int
) -> None:
    """doc-0000 declares a relation between claims of doc-0021, which declares it too. In
    batches of 20, doc-0021 writes it first (both ends in its batch); it still belongs to
    doc-0000, the first file, as in one batch of 200."""
    monkeypatch.setattr(DocumentWriter, "FLUSH_DOCUMENTS", flush)
    corpus = write_corpus(tmp_path / "corpus", 25)
    for name, relation in (
        ("doc-0000", {"from": "doc-0021/c0", "type": "contradicts", "to": "doc-0021/c1"}),
        ("doc-0021", {"from": "c0", "type": "contradicts", "to": "c1", "note": "n"}),
    ):
        path = corpus / f"{name}.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        body["relations"].append(relation)
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", corpus).exit_code == 0
    from helpers import query

    rows = query(
        url,
        "SELECT d.key, r.note FROM claim_relations r JOIN documents d ON d.id = r.declared_in_id "
        "WHERE r.type = 'contradicts'",
    )
    assert [tuple(r) for r in rows] == [("doc-0000", None)]


def test_claims_indexed_while_documents_are_late_are_indexed_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer indexes what it has written while the child is behind (a slowed child
    and flushes of 3 documents make that happen many times): the index must hold every
    claim once, as the one-process import's end-of-run fill does."""
    import time

    from provenance.ingest.bulk import BulkWriter

    monkeypatch.setattr(DocumentWriter, "FLUSH_DOCUMENTS", 3)
    encode = wire.encode

    def slow(documents: Any) -> bytes:
        time.sleep(0.02)
        return encode(documents)

    monkeypatch.setattr(check_worker.wire, "encode", slow)  # in the forked child
    monkeypatch.setattr(check_worker, "BATCH", 1)
    pauses: list[int] = []
    index = BulkWriter.index_written_claims

    def noted(self: BulkWriter) -> None:
        before = self._fts_from
        index(self)
        pauses.append(self._fts_from - before)

    monkeypatch.setattr(BulkWriter, "index_written_claims", noted)
    corpus = write_corpus(tmp_path / "corpus", 30)
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    assert _import(one, "1", corpus).exit_code == 0
    assert not pauses
    assert _import(two, "2", corpus).exit_code == 0
    assert sum(1 for n in pauses if n) >= 3  # indexed in several pauses
    import sqlite3

    from helpers import query

    for name in ("one.db", "two.db"):  # raises if the index and the claims disagree
        with sqlite3.connect(tmp_path / name) as con:
            con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
    fts = "SELECT rowid, search_text FROM claims_fts ORDER BY rowid"
    assert query(two, fts) == query(one, fts)
    assert len(query(two, fts)) == len(query(two, "SELECT id FROM claims"))
    found = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'doc' ORDER BY rowid"
    assert query(two, found) == query(one, found)


def _second_half_broken(folder: Path) -> Path:
    """Ten documents whose second half (the files the writing process reads for the
    survey) holds every kind of file the survey must look at itself."""
    write_corpus(folder, 10)

    def edit(name: str, change: Any) -> None:
        body = json.loads((folder / name).read_text(encoding="utf-8"))
        change(body)
        (folder / name).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")

    (folder / "doc-0006.json").write_text('{"format": "provenance/v1", ', encoding="utf-8")
    edit("doc-0007.json", lambda b: b["actors"][0].update(kind="martian"))
    edit("doc-0008.json", lambda b: b["actors"][1].update(name="Another name"))
    edit("doc-0009.json", lambda b: b.update(format="provenance/v9"))
    edit("doc-0005.json", lambda b: b["document"].update(key="doc-0001"))
    (folder / "zz-actors.yaml").write_text(
        "format: provenance/v1\nactors:\n  - {key: late-actor, name: Late, kind: persn}\n",
        encoding="utf-8",
    )
    return folder


def test_the_files_the_writer_reads_for_the_survey_give_the_same_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.ingest.survey import Presurvey

    read: list[str] = []
    parts = Presurvey.parts

    def noted(self: Presurvey, path: str) -> Any:
        read.append(Path(path).name)
        return parts(self, path)

    monkeypatch.setattr(Presurvey, "parts", noted)
    url = f"sqlite:///{tmp_path / 'test.db'}"
    assert _import(url, "1", SEEDS).exit_code == 0
    before = db_snapshot(url)
    bad = _second_half_broken(tmp_path / "bad")
    one = _import(url, "1", bad)
    assert not read
    two = _import(url, "2", bad)
    assert read == [f"doc-{i:04d}.json" for i in range(6, 10)] + ["zz-actors.yaml"]
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr
    for expected in ("doc-0006.json", "martian", "Another name", "provenance/v9", "persn"):
        assert expected in two.stderr
    assert db_snapshot(url) == before


def test_actors_a_later_file_defines_serve_the_first_files_either_way(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 8)
    body = json.loads((corpus / "doc-0000.json").read_text(encoding="utf-8"))
    body["claims"][0]["originator"] = "defined-at-the-end"
    (corpus / "doc-0000.json").write_text(json.dumps(body), encoding="utf-8")
    last = json.loads((corpus / "doc-0007.json").read_text(encoding="utf-8"))
    last["actors"].append({"key": "defined-at-the-end", "name": "Late", "kind": "person"})
    (corpus / "doc-0007.json").write_text(json.dumps(last), encoding="utf-8")
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    first, second = _import(one, "1", corpus), _import(two, "2", corpus)
    assert first.exit_code == second.exit_code == 0, second.output
    assert second.output == first.output
    assert _rows(two) == _rows(one)


def test_a_file_the_writer_cannot_hand_over_is_read_by_the_child(tmp_path: Path) -> None:
    """A document key nested 600 levels deep parses, yet cannot be pickled: the help for
    that file (or its batch) is dropped and the child reads it, reporting as one process."""
    corpus = write_corpus(tmp_path / "corpus", 4)
    deep = "[" * 600 + "]" * 600
    (corpus / "zz-deep.json").write_text(
        '{"format": "provenance/v1", "document": {"key": ' + deep + ', "text": "t"}, "claims": []}',
        encoding="utf-8",
    )
    one = _import(f"sqlite:///{tmp_path / 'one.db'}", "1", corpus)
    two = _import(f"sqlite:///{tmp_path / 'two.db'}", "2", corpus)
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr and "zz-deep.json" in two.stderr
