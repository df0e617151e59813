"""The PostgreSQL reads on libpq give what psycopg gives: the same values of every type the
queries return, the same parameters, the same output of every read command; and where
libpq is not there, psycopg answers as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from helpers import MULTI, SEEDS, Cli

from provenance.store import libpq
from provenance.store.libpq import LibpqError, numbered
from provenance.store.reader import Reader, libpq_reader, open_reader

#: one value of every column type the reads return (and NULLs of each)
VALUES = (
    "SELECT true, false, 1::int2, 2::int4, 3000000000::int8, 1.5::float8, 1.25::float4, "
    "2.50::numeric, 'NaN'::numeric, 'x'::varchar, 'ab'::char(3), 'é ü'::text, 'n'::name, "
    "DATE '0987-06-05', ''::text, NULL::text, NULL::int4, NULL::date, NULL::bool, 'u'"
)


def test_names_become_numbered_parameters_once_each() -> None:
    assert numbered("SELECT a WHERE id = :id AND k = :k OR j = :id") == (
        "SELECT a WHERE id = $1 AND k = $2 OR j = $1",
        ("id", "k"),
    )
    assert numbered("SELECT x::text, ':no', 'a%b' WHERE n % 2 = :n") == (
        "SELECT x::text, ':no', 'a%b' WHERE n % 2 = $1",
        ("n",),
    )


@pytest.fixture
def pg(runner: Any, pg_url: str) -> Cli:
    """A PostgreSQL database holding the seed and tests/data/multi."""
    cli = Cli(runner, pg_url)
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli


def both(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Reader, Reader]:
    """The libpq reader and psycopg's (libpq made unloadable) on the same database."""
    fast = libpq_reader(url)
    assert fast is not None, "libpq is not loadable here"
    with monkeypatch.context() as m:
        m.setattr(libpq, "_library", lambda: None)
        slow = open_reader(url)
    assert slow is not None and slow is not fast
    return fast, slow


def test_every_type_reads_as_psycopg_reads_it(pg: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both(pg.url, monkeypatch)
    try:
        got, expected = fast(VALUES), slow(VALUES)
        assert repr(got) == repr(expected)  # Decimal("NaN") is not equal to itself
        assert [type(v) for v in got[0]] == [type(v) for v in expected[0]]
        assert got[0][7] == Decimal("2.50") and got[0][13] == dt.date(987, 6, 5)
    finally:
        fast.close()
        slow.close()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT n, CASE n % 3 WHEN 0 THEN NULL WHEN 1 THEN '' ELSE 'x' END, "
        "CASE WHEN n % 2 = 0 THEN n END, (n % 4 = 0) OR NULL FROM generate_series(1, 9) n",
        "SELECT FROM generate_series(1, 3)",
        "SELECT 1 WHERE false",
    ],
)
def test_columns_of_many_rows_read_as_psycopg_reads_them(
    pg: Cli, monkeypatch: pytest.MonkeyPatch, sql: str
) -> None:
    """Cells are read a column at a time: NULL and '' told apart in any row, a result of
    no columns is still one empty tuple a row."""
    fast, slow = both(pg.url, monkeypatch)
    try:
        assert fast(sql) == slow(sql)
    finally:
        fast.close()
        slow.close()


PARAMS: list[Any] = [
    "text",
    "",
    "l'été 100%",
    0,
    -40000,
    1 << 40,
    10**20,
    True,
    False,
    2.5,
    dt.date(2018, 6, 10),
    None,
]


@pytest.mark.parametrize("value", PARAMS, ids=repr)
def test_parameters_are_sent_as_psycopg_sends_them(
    pg: Cli, monkeypatch: pytest.MonkeyPatch, value: Any
) -> None:
    fast, slow = both(pg.url, monkeypatch)
    sql = "SELECT :v::text, pg_typeof(:v)::text, :v IS NULL"
    try:
        assert fast(sql, {"v": value}) == slow(sql, {"v": value})
    finally:
        fast.close()
        slow.close()


def test_batches_stream_every_row_in_order(pg: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both(pg.url, monkeypatch)
    sql = "SELECT n, :tag FROM generate_series(1, 25) n ORDER BY n"
    try:
        parts = list(fast.batches(sql, {"tag": "t"}, 10))
        assert [len(p) for p in parts] == [10, 10, 5]
        assert [r for p in parts for r in p] == slow(sql, {"tag": "t"})
        assert fast.scalar("SELECT 1") == 1  # the cursor is closed, the transaction goes on
    finally:
        fast.close()
        slow.close()


def test_reads_run_without_jit_and_leave_the_server_as_it_was(
    pg: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read transaction compiles nothing (JIT cost 0.1-0.2 s on the unbounded listing at
    1M claims, see provenance.store.read_settings), on libpq and on psycopg alike; the
    setting lasts the transaction, so the next session has the server's own."""
    fast, slow = both(pg.url, monkeypatch)
    try:
        assert fast.scalar("SHOW jit") == "off"
        assert slow.scalar("SHOW jit") == "off"
    finally:
        fast.close()
        slow.close()
    import psycopg

    with psycopg.connect(pg.url.replace("postgresql+psycopg", "postgresql")) as con:
        server = con.execute("SELECT reset_val FROM pg_settings WHERE name = 'jit'").fetchone()
        assert con.execute("SHOW jit").fetchone() == server


def test_a_refused_statement_carries_its_sqlstate(pg: Cli) -> None:
    fast = libpq_reader(pg.url)
    assert fast is not None
    try:
        with pytest.raises(LibpqError) as caught:
            fast("SELECT * FROM no_such_table")
        assert caught.value.sqlstate == "42P01"
        with pytest.raises(LibpqError):
            fast("SELECT :v", {"v": "a\x00b"})
    finally:
        fast.close()


def test_a_type_reads_do_not_expect_is_an_error_not_a_guess(pg: Cli) -> None:
    fast = libpq_reader(pg.url)
    assert fast is not None
    try:
        with pytest.raises(LibpqError, match="type OID"):
            fast("SELECT now()")
    finally:
        fast.close()


def test_no_reader_on_libpq_for_a_database_it_cannot_serve(pg_url: str) -> None:
    assert libpq_reader(pg_url) is None  # no schema yet: the engine creates it
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/nothing"
    assert libpq_reader(unreachable) is None


READS = [
    ["claims", "--format", "json"],
    ["claims", "--originator", "osdh", "--with-affiliates", "--search", "daech", "-f", "json"],
    ["claims", "--reviewed", "--rating", "Vrai", "--format", "csv"],
    ["claim", "osdh-daech-took-city", "--format", "json"],
    ["chain", "--all"],
    ["contradictions", "--format", "json"],
    ["actors", "--format", "json"],
    ["actor", "osdh", "--with-affiliates", "--format", "json"],
    ["trace", "osdh", "--downstream"],
    ["stats", "--format", "json"],
    ["sources", "al-boukamal-2018-06-10", "--format", "json"],
    ["claim", "no-such-claim"],
]


def test_every_read_prints_the_same_without_libpq(pg: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    on_libpq = [pg(*args) for args in READS]
    monkeypatch.setattr(libpq, "_library", lambda: None)
    for args, fast in zip(READS, on_libpq, strict=True):
        slow = pg(*args)
        assert (fast.exit_code, fast.stdout, fast.stderr) == (
            slow.exit_code,
            slow.stdout,
            slow.stderr,
        ), args
