"""A floor under the development-set figures: a regression in extraction fails CI.

The figures come from benchmarks/extract_eval.py (its docstring has the matching rules);
the floors sit a little under what the dev set measured when they were set (F1 0.90,
originator 83 %, full chain 80 %, 13 of 45 contradictions with fr_core_news_sm on 51 texts;
the set grew from 32 with nine texts moved in from the held-out set, then ten annotated
blind for it, both harder than the first 32: the ten's originators were right for 23 of
their 54 claims before the rules they drove, 35 after).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_eval", ROOT / "benchmarks" / "extract_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


def test_dev_set_floor() -> None:
    result = _eval_module().run_model("fr_core_news_sm", repeat=1, imports=False)
    assert result["texts"] >= 51
    assert result["f1"] >= 0.88, result["f1"]
    assert result["originator"] >= 0.81, result["originator"]
    assert result["chain"] >= 0.78, result["chain"]
    assert result["contra_found"] >= 10, result["contra_found"]


def test_held_out_floor() -> None:
    """The held-out set (gold written before any draft was seen) measured F1 0.84,
    originator 70 %, chain 63 % on 50 texts (fourth session of 2026-12-07); a regression on text
    the rules were not written for fails here, not in a user's hands. Every draft must
    import."""
    result = _eval_module().run_model("fr_core_news_sm", repeat=1, name="holdout")
    assert result["texts"] >= 50
    assert result["import_failures"] == []
    assert result["f1"] >= 0.80, result["f1"]
    assert result["originator"] >= 0.67, result["originator"]
    assert result["chain"] >= 0.59, result["chain"]
