"""The size limits of the code: no module over 500 lines, no class over 250.

A module or class past them holds more than one job (ARCHITECTURE.md); this names each
offender, so that the split happens when it grows, not in a clean-up later.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 250


def too_big(root: Path, folders: tuple[str, ...]) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            name = path.relative_to(root).as_posix()
            lines = len(source.splitlines())
            if lines > MAX_MODULE_LINES:
                found.append(f"{name}: {lines} lines (module limit {MAX_MODULE_LINES})")
            for node in ast.walk(ast.parse(source, filename=name)):
                if isinstance(node, ast.ClassDef):
                    size = (node.end_lineno or node.lineno) - node.lineno + 1
                    if size > MAX_CLASS_LINES:
                        found.append(
                            f"{name}:{node.lineno}: class {node.name}: {size} lines "
                            f"(class limit {MAX_CLASS_LINES})"
                        )
    return found


def test_no_module_or_class_over_the_limits() -> None:
    found = too_big(ROOT, ("provenance", "benchmarks"))
    assert not found, "split by job:\n" + "\n".join(found)


def test_the_check_names_each_offender(tmp_path: Path) -> None:
    package = tmp_path / "pkg" / "sub"
    package.mkdir(parents=True)
    (package / "fits.py").write_text("class Fits:\n" + "    x = 1\n" * (MAX_CLASS_LINES - 1))
    (package / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    nested = "def f():\n    class Inner:\n" + "        x = 1\n" * MAX_CLASS_LINES
    (package / "wide.py").write_text(nested)
    module, klass = MAX_MODULE_LINES, MAX_CLASS_LINES
    assert too_big(tmp_path, ("pkg",)) == [
        f"pkg/sub/long.py: {module + 1} lines (module limit {module})",
        f"pkg/sub/wide.py:2: class Inner: {klass + 1} lines (class limit {klass})",
    ]
