"""Which files a folder argument imports, and in what order (the order decides, among
other things, which of two files declaring the same relation holds it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import SEEDS

from provenance.ingest.checker import collect_files
from provenance.ingest.files import annotation_files
from provenance.ingest.problems import display_path
from provenance.ingest.run_files import RunFiles


def _tree(root: Path) -> None:
    for folder in ("a/b", "a-c", ".hidden", "d/.e", "real"):
        (root / folder).mkdir(parents=True)
    for name in (
        "a/b/x.json",
        "a-c/y.YAML",
        ".hidden/z.json",
        "d/.e/w.yml",
        "d/v.jsonld",
        "d/.dot.json",
        "top.yml",
        "a.",
        "a/b/notes.txt",
        "real/r.json",
    ):
        (root / name).write_text("{}", encoding="utf-8")
    (root / "linked-folder").symlink_to(root / "real")
    (root / "link.yaml").symlink_to(root / "top.yml")
    (root / "broken.json").symlink_to(root / "missing")
    os.mkfifo(root / "fifo.json")


EXPECTED = [
    "a/b/x.json",
    "a-c/y.YAML",
    "broken.json",
    "d/v.jsonld",
    "link.yaml",
    "real/r.json",
    "top.yml",
]


def test_a_folder_lists_regular_annotation_files_in_path_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    # component by component: a/b/x.json before a-c/ ('-' sorts before '/' as a string);
    # no hidden names, no FIFO, no file under a linked folder; a broken link is listed, so
    # that reading it says what is wrong (it was passed over: its annotation silently lost)
    assert annotation_files(tmp_path) == [str(tmp_path / p) for p in EXPECTED]


@pytest.mark.parametrize("spelling", [".", "./", "sub", "./sub", "sub/"])
def test_paths_are_spelled_as_the_folder_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    _tree(tmp_path / "sub")
    here = spelling in (".", "./")
    monkeypatch.chdir(tmp_path / "sub" if here else tmp_path)
    prefix = "" if here else "sub/"
    assert annotation_files(Path(spelling)) == [prefix + p for p in EXPECTED]
    files = collect_files([spelling])
    assert list(files) == [prefix + p for p in EXPECTED]
    assert list(files.labels) == [os.path.normpath(prefix + p) for p in EXPECTED]


def test_a_file_named_twice_is_imported_once_where_first_named(tmp_path: Path) -> None:
    _tree(tmp_path)
    named = [str(tmp_path / "top.yml"), str(tmp_path)]
    files = collect_files(named)
    assert files[0] == str(tmp_path / "top.yml")
    assert files.count(str(tmp_path / "top.yml")) == 1
    assert len(files) == len(EXPECTED)


def test_links_that_lead_nowhere_are_listed_and_the_rest_too(tmp_path: Path) -> None:
    """A link through a file, a link to itself: listed, and the listing goes on past them
    (the rest of the folder was once dropped after such a link); reading them names them."""
    for name in ("a.json", "b.json", "m.json", "z.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "c-through-a-file.json").symlink_to("a.json/child")
    (tmp_path / "loop.json").symlink_to("loop.json")
    (tmp_path / "linked-folder.json").symlink_to(tmp_path)  # a folder: not followed
    names = [Path(p).name for p in annotation_files(tmp_path)]
    assert names == ["a.json", "b.json", "c-through-a-file.json", "loop.json", "m.json", "z.json"]


def test_a_broken_link_in_a_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    """An annotation whose link broke (the file moved) was skipped: the import succeeded
    without it. Now nothing is written and the message says which link and where it led."""
    from typer.testing import CliRunner

    from provenance.cli import app

    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "moved.yaml").symlink_to("elsewhere/moved.yaml")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'moved.yaml'}: file is a link to a missing file (elsewhere/moved.yaml)" in (
        result.stderr
    )
    assert not db.exists()
    named = CliRunner().invoke(app, ["--db", str(db), "validate", str(folder / "moved.yaml")])
    assert "a link to a missing file or folder (elsewhere/moved.yaml)" in named.stderr


@pytest.mark.parametrize(
    "given",
    [
        ["a.json", "x/y.json", "./z.json", "x/../k.json", "x//w.json", "x/y2.json"],
        ["sub/../../outside.json", "/abs/elsewhere.json", "/x.json", "../up/b.json"],
        # display_path takes "..x" for a path outside: each is labelled on its own, and its
        # neighbours as ever, whichever comes first (a reviewer's find)
        ["..dots.yaml", "top.yaml", "sub/../..x.yaml", "sub/../y.yaml"],
        ["top.yaml", "..dots.yaml", "./..z.json", "./w.json"],
    ],
)
def test_run_files_keep_each_path_as_given_and_label_it_as_problems_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str]
) -> None:
    """The run's files are held as folder + name (25 bytes a file, not 115): each path
    comes back exactly as spelled, and each label as display_path makes it."""
    monkeypatch.chdir(tmp_path)
    inside = [str(tmp_path / "in" / "c.json"), str(tmp_path / "in" / "d.json")]
    files = RunFiles([*given, *inside])
    assert list(files) == [*given, *inside]
    assert [files[i] for i in range(-len(files), 0)] == [*given, *inside]
    assert list(files.labels) == [display_path(p) for p in [*given, *inside]]
    assert files.labels[-1] == "in/d.json"
    assert files[1:3] == [*given, *inside][1:3]
