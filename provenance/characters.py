"""Characters that do not show what they are: one definition for escaping and refusing them.

:mod:`provenance.visible` escapes them when printing; the annotation format refuses them
in keys (:mod:`provenance.ingest.keys`), where a reader cannot see them at all and two
keys that look the same would name two actors.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 and C1 control characters, and DEL.
CONTROL = "\x00-\x1f\x7f-\x9f"
#: Bidi marks, embeddings, overrides and isolates: they reorder what follows on screen.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Zero-width and invisible characters: the soft hyphen, the Mongolian vowel separator,
#: zero-width space / non-joiner / joiner, word joiner and invisible operators, the BOM.
ZERO_WIDTH = "\u00ad\u180e\u200b-\u200d\u2060-\u2065\ufeff"
#: Line and paragraph separators: they break a line where none is seen.
SEPARATORS = "\u2028\u2029"
#: Invisible in a key though harmless in prose (an emoji's variation selector, the
#: combining grapheme joiner, Hangul fillers): a key is refused with them too.
KEY_ONLY = "\u034f\u115f\u1160\u3164\ufe00-\ufe0f\uffa0"

#: Everything a key may not hold.
KEY_REFUSED = re.compile(f"[{CONTROL}{BIDI}{ZERO_WIDTH}{SEPARATORS}{KEY_ONLY}]")


_KINDS = (
    (re.compile(f"[{CONTROL}]"), "a control character"),
    (re.compile(f"[{BIDI}]"), "a bidi control"),
)


def kind_of(char: str) -> str:
    """What a refused character is, in words: a control character, a bidi control, or
    (anything else :data:`KEY_REFUSED` matches) an invisible character."""
    return next((kind for pattern, kind in _KINDS if pattern.match(char)), "an invisible character")


def describe(char: str) -> str:
    """``U+200D ZERO WIDTH JOINER``: a character named so a person can find it."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code
