"""Where an export goes: stdout, or a file that appears only once the export is complete.

Exports are always UTF-8 whatever the locale says (a CSV read by another program must not
depend on the exporting machine's settings), and line ends are written exactly as the
format asks (CSV's CRLF is not translated). A file is written beside its final name and
renamed at the end, so an interrupted or failed export never leaves a truncated file
that looks finished; the file keeps the mode of the one it replaces.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from provenance.errors import ExportError

BUFFER = 1 << 16
BOM = "\ufeff"


@contextmanager
def text_sink(path: Path | None, *, bom: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream to ``path`` (replaced on success) or, when None, to stdout.

    A write error (a full disk, a closed pipe's cousin EIO) is an :class:`ExportError`
    naming the destination, and a file is never left half written.
    """
    if path is None:
        try:
            with _stdout() as out:
                if bom:
                    out.write(BOM)
                yield out
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise ExportError(f"cannot write to standard output: {_reason(exc)}") from None
        return
    path = Path(path)
    mode = _replaceable_mode(path)
    # a new name, created exclusively (O_EXCL) in the target's folder: nothing planted
    # there (a symlink, a FIFO) is ever followed or reused
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:  # the folder refuses new files (read-only, /proc): name the target
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    partial = Path(name)
    try:
        os.fchmod(fd, mode)
        with open(fd, "w", encoding="utf-8", newline="", buffering=BUFFER) as out:
            if bom:
                out.write(BOM)
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _replaceable_mode(path: Path) -> int:
    """The mode the written file gets: the replaced file's, else the umask's default.

    Refuses anything but a regular file: replacing a FIFO, a device or a symlink with a
    regular file would surprise whoever set it up.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise ExportError(f"cannot write {path}: folder {path.parent} does not exist") from None
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(st.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise ExportError(f"cannot write {path}: it is {what}; give another path")
    return stat.S_IMODE(st.st_mode)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def _stdout() -> Iterator[TextIO]:
    stream = sys.stdout
    if stream is None:  # started with stdout closed (">&-"): Python leaves None there
        raise ExportError("cannot write to standard output: it is closed")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # an embedding program replaced stdout with a text-only stream
        yield stream
        stream.flush()
        return
    stream.flush()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        yield out
        out.flush()
        buffer.flush()  # now, not at exit, where a full disk would go unreported
    finally:
        # detach, or the wrapper would close the process's stdout when collected
        with suppress(OSError, ValueError):
            out.detach()
