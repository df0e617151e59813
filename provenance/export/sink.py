"""Where an export goes: stdout, or a file that appears only once the export is complete.

Exports are always UTF-8 whatever the locale says (a CSV read by another program must not
depend on the exporting machine's settings), and line ends are written exactly as the
format asks (CSV's CRLF is not translated). A file is written beside its final name and
renamed at the end, so an interrupted or failed export never leaves a truncated file
that looks finished.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from provenance.errors import ExportError

BUFFER = 1 << 16
BOM = "\ufeff"


@contextmanager
def text_sink(path: Path | None, *, bom: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream to ``path`` (replaced on success) or, when None, to stdout."""
    if path is None:
        with _stdout() as out:
            if bom:
                out.write(BOM)
            yield out
        return
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="", buffering=BUFFER) as out:
            if bom:
                out.write(BOM)
            yield out
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextmanager
def _stdout() -> Iterator[TextIO]:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # an embedding program replaced stdout with a text-only stream
        yield stream
        return
    stream.flush()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        yield out
        out.flush()
    finally:
        # detach, or the wrapper would close the process's stdout when collected
        with suppress(OSError, ValueError):
            out.detach()
