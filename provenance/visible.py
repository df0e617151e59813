"""Text that is safe to show on a terminal: what a reviewer reads is what the data says.

An annotation is untrusted input. Printed raw, an actor name holding ``ESC ] 52`` writes
the reviewer's clipboard, ``ESC [ 1 A`` with a carriage return fakes an earlier line, and
a bidi override reverses what follows. Tables, trees, cards and error lines therefore show
such characters escaped (``\\x1b``, ``\\u202e``); JSON and CSV stay exact.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.characters import BIDI, CONTROL, KEY_REFUSED, SEPARATORS, ZERO_WIDTH

_INVISIBLE = f"{BIDI}{ZERO_WIDTH}{SEPARATORS}"
_ANY = re.compile(f"[{CONTROL}{_INVISIBLE}]")
_BUT_WHITESPACE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, whitespace: bool = False) -> str:
    """``text`` with every control, bidi and zero-width character escaped.

    With ``whitespace``, tabs and line feeds stay (a quote may span paragraphs; a card
    wraps it anyway).
    """
    return (_BUT_WHITESPACE if whitespace else _ANY).sub(_escaped, text)


def visible_key(key: str) -> str:
    """A key with every character a key may not hold escaped (an emoji's variation
    selector too, which :func:`visible` leaves to the terminal)."""
    return KEY_REFUSED.sub(_escaped, key)


def visible_data(value: Any) -> Any:
    """A row or record with each string in it made :func:`visible` (tabs, newlines kept)."""
    if isinstance(value, str):
        return visible(value, whitespace=True)
    if isinstance(value, dict):
        return {k: visible_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(visible_data(v) for v in value)
    return value


def excerpt(value: str, width: int = 60) -> str:
    """A value quoted in a message: on one line, at most ``width`` characters, escaped."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")
