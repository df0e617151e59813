"""The reader's one place of backend differences: parameters in psycopg's style, IN lists,
DATE and BOOLEAN values as both drivers return them."""

from __future__ import annotations

import datetime as dt

from provenance.store.reader import day, flag, in_list, pyformat


def test_named_parameters_become_pyformat_and_nothing_else_moves() -> None:
    assert pyformat("SELECT a FROM t WHERE id = :id AND k = :k_2") == (
        "SELECT a FROM t WHERE id = %(id)s AND k = %(k_2)s"
    )
    # a cast, a colon or a percent sign inside quoted text, a modulo
    assert pyformat("SELECT x::text, ':no', 'a%b' FROM t WHERE n % 2 = :n") == (
        "SELECT x::text, ':no', 'a%%b' FROM t WHERE n %% 2 = %(n)s"
    )
    assert pyformat("SELECT 'it''s :x' WHERE y = :y") == "SELECT 'it''s :x' WHERE y = %(y)s"


def test_in_lists_bind_each_value_and_an_empty_one_matches_nothing() -> None:
    assert in_list("id", [3, 5]) == ("(:id_0, :id_1)", {"id_0": 3, "id_1": 5})
    assert in_list("id", []) == ("(NULL)", {})


def test_dates_and_booleans_read_the_same_from_both_drivers() -> None:
    assert day("2018-06-10") == day(dt.date(2018, 6, 10)) == "2018-06-10"
    assert day(None) is None
    assert (flag(1), flag(0), flag(True), flag(None)) == (True, False, True, None)
