"""Rows -> table, JSON, CSV, JSON lines or TSV, streamed: one renderer for every listing.

Rows arrive as dicts in their JSON shape; a command passes a ``flatten`` for the table
and CSV forms and the columns the table shows. Nothing is accumulated, so listing a
million claims uses the memory of one batch.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TextIO

from provenance.errors import NotUtf8
from provenance.visible import visible

# OWASP CSV injection: cells a spreadsheet would evaluate as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(_FORMULA_START)
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutralise(value: str) -> str:
    """Prefix a formula-looking cell with ``'`` so spreadsheets show it as text."""
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutralised(
    rows: Iterable[Sequence[Any]], text_cells: Sequence[int]
) -> Iterator[Sequence[Any]]:
    """Rows with formula-looking cells prefixed by ``'``; untouched rows are not copied."""
    danger = _FORMULA_CHARS
    for row in rows:
        for i in text_cells:
            value = row[i]
            if value and value[0] in danger:
                yield [neutralise(v) if isinstance(v, str) else v for v in row]
                break
        else:
            yield row


def write_csv_table(
    out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], text_cells: Sequence[int]
) -> None:
    """RFC 4180 CSV (CRLF), formula cells neutralised; the header is written once the
    first row is read, so a query that fails (an unknown actor, a broken file) leaves
    nothing on stdout but its error."""
    writer = csv.writer(out, lineterminator="\r\n")
    rows = iter(rows)
    first = next(rows, None)
    writer.writerow(header)
    if first is not None:
        writer.writerows(neutralised(itertools.chain([first], rows), text_cells))


def csv_cell(value: Any, *, raw: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    return text if raw else neutralise(text)


def write_csv(
    rows: Iterable[dict[str, Any]] | Iterable[tuple[Any, ...]],
    out: TextIO,
    columns: list[str] | None = None,
    *,
    raw: bool = False,
) -> int:
    """RFC 4180 CSV (CRLF line ends, minimal quoting), header first; returns the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    n = 0
    header_done = False
    if columns is not None:
        writer.writerow(columns)
        header_done = True
    for row in rows:
        if isinstance(row, dict):
            if not header_done:
                columns = list(row)
                writer.writerow(columns)
                header_done = True
            assert columns is not None
            values: Iterable[Any] = (row.get(c) for c in columns)
        else:
            values = row
        writer.writerow([csv_cell(v, raw=raw) for v in values])
        n += 1
    if not header_done and columns:
        writer.writerow(columns)
    return n


def _row_encoder() -> Callable[[Any], str]:
    """``json.dumps(row, ensure_ascii=False, default=...)`` with one encoder for all rows:
    ``dumps`` builds a new one per call, a quarter of the time of a 48,000-row listing."""
    return json.JSONEncoder(ensure_ascii=False, default=_json_default).encode


def write_json(rows: Iterable[Any], out: TextIO) -> None:
    """A JSON array written item by item."""
    first = True
    encode = _row_encoder()
    out.write("[")
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(encode(row))
        first = False
    out.write("\n]\n" if not first else "]\n")


def write_json_utf8(items: Iterable[bytes], out: TextIO) -> None:
    """:func:`write_json`'s array of items the database encoded (UTF-8 JSON, see
    :mod:`provenance.queries.json_text`), written to the bytes under ``out`` when it writes
    UTF-8: 25 MB of them are then not encoded again (0.08 s of 0.53 at a million claims).
    Each thousand is checked to be UTF-8 first (a tampered file could hold other bytes)."""
    out.flush()
    binary = getattr(out, "buffer", None)
    if binary is None or codecs.lookup(getattr(out, "encoding", None) or "ascii").name != "utf-8":
        binary = None  # a stream of another encoding (PYTHONIOENCODING=latin-1) gets text

    def write(chunk: bytes) -> None:
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8(f"the database holds text that is not UTF-8 ({exc.reason})") from None
        if binary is not None:
            binary.write(chunk)
        else:
            out.write(text)

    items = iter(items)
    first = next(items, None)
    if first is None:
        write(b"[]\n")
        return
    write(b"[\n  " + first)
    while batch := list(itertools.islice(items, 1000)):
        write(b",\n  " + b",\n  ".join(batch))
    write(b"\n]\n")


def write_jsonl(rows: Iterable[Any], out: TextIO) -> int:
    """One JSON object per line (what jq, DuckDB and pandas read), written as rows come."""
    n = 0
    encode = _row_encoder()
    for row in rows:
        out.write(encode(row))
        out.write("\n")
        n += 1
    return n


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(value: Any) -> str:
    """A cell of a TSV line: tab, newline, CR and backslash escaped (``\\t`` ``\\n`` ...), as
    PostgreSQL's COPY text format and the "linear TSV" convention write them."""
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    return csv_cell(value, raw=True).translate(_TSV_ESCAPES)


def write_tsv(rows: Iterable[dict[str, Any]], out: TextIO, columns: list[str] | None = None) -> int:
    """Tab-separated values with a header line; cells are never quoted, only escaped."""
    n = 0
    for row in rows:
        if columns is None:
            columns = list(row)
        if n == 0:
            out.write("\t".join(tsv_cell(c) for c in columns) + "\n")
        out.write("\t".join(tsv_cell(row.get(c)) for c in columns) + "\n")
        n += 1
    if n == 0 and columns:
        out.write("\t".join(tsv_cell(c) for c in columns) + "\n")
    return n


def write_json_object(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default))
    out.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


# -- terminal ---------------------------------------------------------------------


def colour_enabled(out: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _painter(code: str) -> Callable[[Style, str], str]:
    def paint(self: Style, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text

    return paint


class Style:
    """The few colours of human output; plain text when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    bold = _painter("1")
    dim = _painter("2")
    key = _painter("36")
    actor = _painter("33")
    bad = _painter("31")
    good = _painter("32")


def terminal_width() -> int:
    """The terminal's width, within reason whatever ``COLUMNS`` says (``1e20``, ``0``)."""
    try:
        columns = shutil.get_terminal_size((80, 24)).columns
    except ValueError:
        columns = 80
    return min(max(40, columns), 1000)


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    width: int = 0  # fixed width; 0 means flexible
    weight: int = 1


_COLUMN_SPEC = re.compile(
    r"(?P<name>\w+)(?:=(?P<header>[^/:]+))?(?:/(?P<weight>\d+)|:(?P<width>\d+))?"
)


def table_columns(*specs: str) -> list[Column]:
    """A listing's table layout, one short spec a column, so that each listing states its
    layout once and the rules every layout shares are written here.

    ``name`` or ``name=header`` (the header is the row field's name unless given), then
    ``/W`` for a flexible column of weight W, or ``:N`` for one N characters wide; with
    neither, a fixed column exactly as wide as its header (the counts: ``relayed``).
    """
    columns = []
    for spec in specs:
        m = _COLUMN_SPEC.fullmatch(spec)
        if m is None:
            raise ValueError(f"bad column spec {spec!r}")
        name, header = m["name"], m["header"] or m["name"]
        if m["weight"]:
            columns.append(Column(name, header, weight=int(m["weight"])))
        else:
            columns.append(Column(name, header, width=int(m["width"] or len(header))))
    return columns


def _layout(columns: list[Column], total: int) -> list[int]:
    gaps = 2 * (len(columns) - 1)
    fixed = sum(c.width for c in columns if c.width)
    flexible = [c for c in columns if not c.width]
    room = max(len(flexible) * 8, total - gaps - fixed)
    weights = sum(c.weight for c in flexible) or 1
    widths = []
    for c in columns:
        widths.append(c.width if c.width else max(8, room * c.weight // weights))
    return widths


def write_table(
    rows: Iterable[dict[str, Any]], columns: list[Column], out: TextIO, style: Style
) -> int:
    """A wrapped, fixed-layout table that fits the terminal and streams row by row."""
    widths = _layout(columns, terminal_width())
    header = "  ".join(c.header.ljust(w)[:w] for c, w in zip(columns, widths, strict=True))
    out.write(style.bold(header.rstrip()) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    # what each cell needs, worked out once: a listing of thousands of rows spends most of
    # its time here otherwise
    plan = [(c.name, w) for c, w in zip(columns, widths, strict=True)]
    template = "  ".join(f"{{:<{w}}}" for w in widths)  # each cell padded to its column
    keys = [style.enabled and c.name in ("key", "ref") for c in columns]  # painted cells
    painted = any(keys)
    n = 0
    pending: list[str] = []  # lines written a few hundred at a time, not one call each
    try:
        for row in rows:
            cells = [_cell_lines(row.get(name), width, name) for name, width in plan]
            for i in range(max(map(len, cells))):
                texts = [lines[i] if i < len(lines) else "" for lines in cells]
                if painted:  # padded, then painted: the template adds nothing to longer text
                    texts = [
                        style.key(t.ljust(w)) if key and t else t
                        for t, key, w in zip(texts, keys, widths, strict=True)
                    ]
                pending.append(template.format(*texts).rstrip() + "\n")
            n += 1
            if len(pending) >= 256:
                _flush(pending, out)
    finally:
        _flush(pending, out)
    if n == 0:
        out.write(style.dim("(no rows)") + "\n")
    return n


def _cell_lines(value: Any, width: int, column: str) -> list[str]:
    """The lines of a cell. A count, or a text already on one line, printable, with single
    spaces and no edge blank, that fits its column, is its own one line: what
    :func:`_cell_text` and :func:`_wrapped` would make of it, asked in a few checks (a
    printable text holds no character :func:`~provenance.visible.visible` escapes, and
    no whitespace but the plain space)."""
    if type(value) is str:
        if (
            0 < len(value) <= width
            and value.isprintable()
            and value[0] != " "
            and value[-1] != " "
            and "  " not in value
        ):
            return [value]
    elif type(value) is int:
        text = str(value)
        if len(text) <= width:
            return [text]
    return _wrapped(_cell_text(value), width, column)


def _flush(lines: list[str], out: TextIO) -> None:
    """Write the lines kept so far, and forget them (first: a failed write is not retried)."""
    text = "".join(lines)
    lines.clear()
    if text:
        out.write(text)


# prose keeps "Al-Tanf" whole; identifiers (keys, refs) may break at their hyphens
_PROSE = frozenset({"quote", "statement", "chain", "path", "name", "title"})


def _wrapped(text: str, width: int, column: str) -> list[str]:
    """The lines of a cell. Most cells fit their column: textwrap would give the text as
    it is (nothing to expand, replace or trim), so it is not asked; asking it was most of
    the time a long table took to lay out."""
    fits = 0 < len(text) <= width and text.isprintable()  # no tab, no line break...
    if fits and text[0] != " " and text[-1] != " ":
        return [text]
    return list(_textwrap(text, width, column not in _PROSE))


@lru_cache(maxsize=1024)
def _textwrap(text: str, width: int, break_on_hyphens: bool) -> tuple[str, ...]:
    """textwrap's lines, asked once per text: a column of a few values (an actor's kind)
    too long for its width is wrapped on thousands of rows."""
    return tuple(textwrap.wrap(text, width, break_on_hyphens=break_on_hyphens) or [""])


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell_text(v) for v in value)
    return visible(" ".join(str(value).split()))


def render(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: list[Column],
    flatten: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    csv_columns: list[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """Write rows in the chosen format; returns how many were written."""
    out = out or sys.stdout
    if fmt == "json":
        counted = _Counter(rows)
        write_json(counted, out)
        return counted.n
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    flat: Iterable[dict[str, Any]] = map(flatten, rows) if flatten else rows
    if fmt == "csv":
        return write_csv(flat, out, csv_columns)
    if fmt == "tsv":
        return write_tsv(flat, out, csv_columns)
    return write_table(flat, columns, out, Style(colour_enabled(out)))


class _Counter:
    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.n += 1
            yield row
