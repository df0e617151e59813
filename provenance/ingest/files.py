"""Reading annotation files safely: size limits, safe YAML only, no alias bombs, no deep nesting.

Every failure is a :class:`FileProblem` with a one-line reason; nothing here executes
anything a file asks for (YAML tags that would build Python objects are refused).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

MAX_ANNOTATION_BYTES = 16 * 1024 * 1024
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# Anchors may be reused (a shared chain, say), but expanding them may not blow up.
MAX_EXPANSION_FACTOR = 20
MAX_EXPANDED_NODES_FLOOR = 200_000

ANNOTATION_SUFFIXES = (".yaml", ".yml", ".json", ".jsonld")


class FileProblem(Exception):
    """A file cannot be read as an annotation; the message is the reason."""


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader where dates stay strings and only true/false are booleans.

    Dates are left to Pydantic so an impossible date is reported with its location, and
    YAML 1.1's yes/no/on/off booleans are off so a country code ``NO`` stays Norway.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Refuse a key given twice in one mapping: YAML would silently keep the last one."""
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue  # ``<<: *defaults`` may be overridden by explicit keys
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue  # unhashable: the base constructor reports it
                if first is not key_node:
                    raise FileProblem(
                        f"key {key!r} is given twice in one mapping (lines "
                        f"{first.start_mark.line + 1} and {key_node.start_mark.line + 1}); "
                        "YAML would silently keep only the last"
                    )
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        """An integer, or a located problem for one too long for Python to read: its
        ValueError would otherwise come out as a traceback."""
        try:
            return int(super().construct_yaml_int(node))
        except ValueError:
            raise FileProblem(_huge_number(node.start_mark.line + 1)) from None


def _huge_number(line: int) -> str:
    return (
        f"line {line}: a number of more than {sys.get_int_max_str_digits()} digits "
        "(no field holds one)"
    )


def _huge_number_line(text: str) -> int:
    """The line of the first number too long to read (JSON's reader does not say)."""
    found = re.search(rf"\d{{{sys.get_int_max_str_digits() + 1},}}", text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


_MERGE = "tag:yaml.org,2002:merge"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_bounded_int)
_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    """Read a regular file of at most ``limit`` bytes, judged by its size before reading.

    Only regular files: a hostile ``text_file: /dev/zero`` (size 0, endless) or a FIFO
    (blocks forever) would otherwise exhaust memory or hang the import. The read itself is
    capped too, so a file that grows after the check cannot slip past the limit.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(f"{what} is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"{what} is not a regular file")
        if info.st_size > limit:
            raise FileProblem(_too_big(what, info.st_size, limit))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise FileProblem(f"{what} is not a regular file")
            # read what the size promises (asking for ``limit`` bytes would allocate them
            # for every file), then whatever it grew by since, up to the cap
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(limit + 1 - len(data))
        if len(data) > limit:
            raise FileProblem(_too_big(what, len(data), limit))
        return data
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise FileProblem(f"{what} is a link to a missing file ({target})") from None
        raise FileProblem(f"{what} not found") from None
    except IsADirectoryError:
        raise FileProblem(f"{what} is a directory") from None
    except PermissionError:
        raise FileProblem(f"{what} is not readable (permission denied)") from None
    except OSError as exc:
        raise FileProblem(f"{what} cannot be read: {exc.strerror or exc}") from None


def _too_big(what: str, size: int, limit: int) -> str:
    return f"{what} is {size / (1024 * 1024):.1f} MiB, over the {limit // (1024 * 1024)} MiB limit"


def decode_utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def load_annotations(path: Path, *, check: bool = True) -> list[dict[str, Any]]:
    """The annotations of one file: the file itself, or (ClaimReview markup) one for each
    review page it holds, converted by :mod:`provenance.ingest.claimreview_in`."""
    return _annotations(path, check)[0]


def annotations_with_plainness(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """:func:`load_annotations` unchecked, and True if their strings are known to be plain.

    JSON escapes are the only way for a NUL or a lone surrogate into JSON text (a raw
    control character is refused by the parser, a surrogate by UTF-8), so a JSON file
    without ``\\u`` needs no :func:`plain_strings` pass over what it holds.
    """
    return _annotations(path, False)


def _annotations(path: Path, check: bool) -> tuple[list[dict[str, Any]], bool]:
    from provenance.ingest.claimreview_in import is_claimreview, markup_annotations

    data, plain = _parse_text(path)
    if is_claimreview(path, data):
        check_plain_data(data)  # the markup as given, before anything is made of it
        return markup_annotations(data), False
    return [_annotation(data, check)], plain


def load_annotation(path: Path, *, check: bool = True) -> dict[str, Any]:
    """Parse one annotation file into plain data (dicts, lists, strings, numbers, booleans).

    ``check=False`` leaves :func:`check_plain_data` to the caller (an import that reads a
    file twice checks it once).
    """
    return _annotation(_parse(path), check)


def _parse(path: Path) -> Any:
    return _parse_text(path)[0]


def _parse_text(path: Path) -> tuple[Any, bool]:
    """The file's content, and whether it is JSON without an escape (see
    :func:`annotations_with_plainness`)."""
    raw = read_bytes(path, MAX_ANNOTATION_BYTES, "file")
    # A byte-order mark (Windows editors add one) is not content; JSON would choke on it.
    text = decode_utf8(raw, "file").removeprefix("\ufeff")
    if not text.strip():
        raise FileProblem("file is empty")
    if path.suffix.lower() in (".json", ".jsonld"):
        return _load_json(text), "\\u" not in text
    return _load_yaml(text), False


def _annotation(data: Any, check: bool) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FileProblem(
            f"expected a mapping (format:, document:, actors:, claims:) at the top level, "
            f"got {_type_name(data)}"
        )
    if check:
        check_plain_data(data)
    return data


def check_plain_data(data: Any) -> None:
    """Refuse what no database can store faithfully, naming the place (``claims[2].quote``).

    A NUL character is rejected by PostgreSQL (and silently truncates text elsewhere); a
    lone surrogate cannot be encoded as UTF-8. JSON's parser has no depth limit of ours,
    so depth is checked here too. Iterative: the data may be deep or alias-shared.
    """
    if _plainly_fine(data):
        return
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            _check_string(value, where)
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                top = re.split(r"[.\[]", where, maxsplit=1)[0]
                raise FileProblem(f"nested more than {MAX_DEPTH} levels deep (under {top})")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(value, dict):
                    name = str(key)
                    _check_string(name, f"{where}.{name}" if where else name)
                    place = f"{where}.{name}" if where else name
                else:
                    place = f"{where}[{key}]"
                stack.append((item, place, depth + 1))


def plain_strings(data: Any) -> bool:
    """No NUL and no lone surrogate in any string or key, found by one C-speed
    serialisation. False means "look closer" (:func:`check_plain_data` names the place).

    With a successful parse by the (strict, so shallow) format models this settles
    :func:`check_plain_data` without its walk over the containers.
    """
    try:
        dumped = json.dumps(data, ensure_ascii=False, check_circular=False)
        dumped.encode("utf-8")  # a lone surrogate fails here
    except (RecursionError, ValueError, TypeError, UnicodeEncodeError):
        return False
    return "\\u0000" not in dumped


def _plainly_fine(data: Any) -> bool:
    """The common case cheaply: :func:`plain_strings`, and a walk over containers only
    (not strings) measures the depth.

    False means "look closer" (the full walk then names the place), never "bad".
    """
    if not plain_strings(data):
        return False
    level: list[Any] = [data]
    for _ in range(MAX_DEPTH):
        deeper: list[Any] = []
        for container in level:
            values = container.values() if isinstance(container, dict) else container
            deeper.extend(v for v in values if isinstance(v, dict | list))
        if not deeper:
            return True
        level = deeper
    return False


def _check_string(value: str, where: str) -> None:
    at = f"{where}: " if where else ""
    if "\x00" in value:
        raise FileProblem(f"{at}contains a NUL character (\\u0000), which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FileProblem(
            f"{at}contains an unpaired surrogate (\\u{ord(value[exc.start]):04x}), "
            "which is not valid Unicode"
        ) from None


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out  # no key twice: the common case, settled in C
    out = {}
    for key, value in pairs:
        if key in out:
            raise FileProblem(
                f"key {key!r} is given twice in one object; "
                "JSON readers would silently keep only the last"
            )
        out[key] = value
    return out


def _load_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise FileProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer longer than Python reads
        raise FileProblem(_huge_number(_huge_number_line(text))) from None


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


def annotation_files(path: Path) -> list[str]:
    """The annotation files under a folder (recursively, sorted), or the file itself.

    A folder is walked with ``os.scandir``, whose entries carry their type: ``rglob`` with
    a ``stat`` and a relative path per file took a quarter of a second for a corpus of 5,000
    files, before the import could begin. The result is the same: regular files (or links
    to them) with an annotation suffix, nothing under a hidden name, links to folders not
    followed, the order of ``sorted()`` over the paths (component by component), and each
    path spelled as ``path / name`` spells it.
    """
    if not path.is_dir():
        return [str(path)]
    base = str(path)
    found: list[tuple[tuple[str, ...], str]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(base, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except (PermissionError, NotADirectoryError, FileNotFoundError):
            continue  # as rglob: a folder that cannot be listed is passed over
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            spelled = name if folder == "." else os.path.join(folder, name)
            if entry.is_dir(follow_symlinks=False):
                pending.append((spelled, (*parts, name)))
            elif _suffix(name) in ANNOTATION_SUFFIXES and _a_file(entry):
                found.append(((*parts, name), spelled))
    found.sort()
    return [spelled for _, spelled in found]


#: What a link's target may say that makes it no file (a broken link, a path through a
#: file, a loop).
_NOT_A_FILE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _a_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one, or a link that leads nowhere (to a missing file,
    to itself, through a file): such a link is an annotation the user meant to import, and
    passing it over imported the rest without a word; listed, reading it names it. A target
    that cannot be looked at for another reason (permission denied) is listed too. A link to
    a folder is not (links to folders are not followed)."""
    try:
        if entry.is_file():
            return True
    except OSError as exc:
        if exc.errno not in _NOT_A_FILE:
            return True
    try:
        return entry.is_symlink() and not os.path.isdir(entry.path)
    except OSError:
        return False


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()``."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""
