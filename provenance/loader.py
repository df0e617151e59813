"""Reading annotation files safely: size limits, safe YAML only, no alias bombs, no deep nesting.

Every failure is a :class:`FileProblem` with a one-line reason; nothing here executes
anything a file asks for (YAML tags that would build Python objects are refused).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

MAX_ANNOTATION_BYTES = 16 * 1024 * 1024
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# Anchors may be reused (a shared chain, say), but expanding them may not blow up.
MAX_EXPANSION_FACTOR = 20
MAX_EXPANDED_NODES_FLOOR = 200_000

ANNOTATION_SUFFIXES = (".yaml", ".yml", ".json")


class FileProblem(Exception):
    """A file cannot be read as an annotation; the message is the reason."""


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader where dates stay strings and only true/false are booleans.

    Dates are left to Pydantic so an impossible date is reported with its location, and
    YAML 1.1's yes/no/on/off booleans are off so a country code ``NO`` stays Norway.
    """


_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileProblem(
                f"{what} is {size / 1_000_000:.1f} MB, over the {limit // (1024 * 1024)} MiB limit"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(f"{what} not found") from None
    except IsADirectoryError:
        raise FileProblem(f"{what} is a directory") from None
    except PermissionError:
        raise FileProblem(f"{what} is not readable (permission denied)") from None
    except OSError as exc:
        raise FileProblem(f"{what} cannot be read: {exc.strerror or exc}") from None


def decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def load_annotation(path: Path) -> dict[str, Any]:
    """Parse one annotation file into plain data (dicts, lists, strings, numbers, booleans)."""
    raw = read_bytes(path, MAX_ANNOTATION_BYTES, "file")
    text = decode_utf8(raw, "file")
    if not text.strip():
        raise FileProblem("file is empty")
    data = _load_json(text) if path.suffix.lower() == ".json" else _load_yaml(text)
    if not isinstance(data, dict):
        raise FileProblem(
            f"expected a mapping (format:, document:, actors:, claims:) at the top level, "
            f"got {_type_name(data)}"
        )
    return data


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise FileProblem(f"nested more than {MAX_DEPTH} levels deep") from None


def _load_yaml(text: str) -> Any:
    try:
        _check_depth(text)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise FileProblem("file is empty")
            _check_expansion(node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.constructor.ConstructorError as exc:
        where = _mark(exc.problem_mark)
        raise FileProblem(
            f"YAML tag refused{where}: {exc.problem} (only plain data is accepted)"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FileProblem(f"not valid YAML{_mark(mark)}: {problem}") from None
    except RecursionError:
        raise FileProblem(f"nested more than {MAX_DEPTH} levels deep") from None


def _check_depth(text: str) -> None:
    """Refuse deep nesting from the event stream, before any recursive composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FileProblem(
                    f"nested more than {MAX_DEPTH} levels deep{_mark(event.start_mark)}"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_expansion(root: yaml.Node) -> None:
    """Refuse "billion laughs": aliases whose expansion dwarfs the document itself."""
    distinct: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) not in distinct:
            distinct.add(id(node))
            stack.extend(_children(node))
    limit = max(MAX_EXPANDED_NODES_FLOOR, MAX_EXPANSION_FACTOR * len(distinct))
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    work: list[tuple[yaml.Node, bool]] = [(root, False)]
    while work:  # iterative post-order: aliases share nodes, so sizes are memoised
        node, children_done = work.pop()
        if id(node) in sizes:
            continue
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > limit:
                raise FileProblem(
                    f"YAML aliases expand to more than {limit:,} nodes{_mark(node.start_mark)} "
                    "(an alias bomb?)"
                )
            sizes[id(node)] = total
            open_nodes.discard(id(node))
            continue
        open_nodes.add(id(node))
        work.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise FileProblem(f"recursive YAML alias{_mark(child.start_mark)}")
            if id(child) not in sizes:
                work.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mark(mark: Any) -> str:
    if mark is None:
        return ""
    return f" (line {mark.line + 1}, column {mark.column + 1})"


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def annotation_files(path: Path) -> list[Path]:
    """The annotation files under a folder (recursively, sorted), or the file itself."""
    if path.is_dir():
        found = [
            p
            for p in path.rglob("*")
            if p.suffix.lower() in ANNOTATION_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
        return sorted(found)
    return [path]
