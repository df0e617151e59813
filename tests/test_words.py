"""The indexed words of a text are those of folding the text whole, however it is cached.

search_text folds and stems a text piece by piece (between whitespace) and remembers the
pieces; the index and the queries must see exactly the words a fold of the whole text
gives, whatever the characters on either side of a space.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.store import words

# the characters where folding piece by piece could differ: spaces of every kind,
# combining marks, letters that casefold or decompose into several, elisions, CJK
_TRICKY = "lLdqu'’ é\u0301\u0308\u0345ᾳΣßﬁǅ¨\u00a0\u202f\u3000\t\n\x1c攻撃*_-.0"
_TEXT = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=40)


def _whole(value: str) -> list[str]:
    """The rule itself: elisions out, the whole text folded, then each word stemmed."""
    out = []
    for match in words._WORD.findall(words._fold(words._ELISION.sub(" ", value))):
        if match.endswith("*"):
            out.append(match[:-1].rstrip("e") + "*" if len(match) > 4 else match)
        else:
            out.append(words.stem(match))
    return out


@settings(max_examples=400, deadline=None)
@given(value=_TEXT)
def test_tokens_are_those_of_the_whole_text(value: str) -> None:
    assert words.tokens(value) == _whole(value)
    assert words.tokens(value) == _whole(value)  # again, from the cache


def test_search_text_keeps_the_caps() -> None:
    long_word = "ж" * 1100  # 2,200 bytes of UTF-8: PostgreSQL would skip it, so SQLite too
    assert words.search_text(f"{long_word} b", None) == "b"
    many = " ".join(f"w{i}" for i in range(30_000))
    indexed = words.search_text(many, None)
    assert len(indexed) <= words.MAX_INDEXED_CHARS
    assert many.startswith(indexed)
    assert words.search_text("L'attaque des soldats", "qu’ils démentent") == (
        "attaqu des soldat ils dementent"
    )


def test_the_piece_cache_stays_bounded_and_right_when_it_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(words, "_PIECES", {})
    monkeypatch.setattr(words, "_MAX_PIECES", 50)
    texts = [" ".join(f"mot{i}x{j} Élan" for j in range(7)) for i in range(40)]
    for text in texts * 2:
        assert words.tokens(text) == _whole(text)
        # a text adds its pieces (281 distinct in all), the next one clears a full cache
        assert len(words._PIECES) <= 50 + 7
