"""Keys a reader can trust: no character in them that the screen does not show.

``tasnim\\u200d`` looks exactly like ``tasnim`` yet would name another actor, and a bidi
override makes a key read backwards. The format's key pattern lets some of them through
(Unicode's word characters include the zero-width joiners and variation selectors), so
every key and key reference is checked here first, naming the character found.
"""

from __future__ import annotations

from typing import Any

from provenance.characters import KEY_REFUSED, describe, kind_of
from provenance.visible import visible_key


def plain_key(value: Any) -> Any:
    """A key without control, bidi or invisible characters; anything else is refused.

    Used as a Pydantic before-validator: a value that is not a string goes on to the
    type check, which says so.
    """
    if isinstance(value, str) and (found := KEY_REFUSED.search(value)):
        kind = kind_of(found.group())
        shown = visible_key(value if len(value) <= 80 else value[:79] + "…")
        raise ValueError(
            f"'{shown}' holds {kind} ({describe(found.group())}) at position "
            f"{found.start()}; keys may not hold control, bidi or invisible characters"
        )
    return value
