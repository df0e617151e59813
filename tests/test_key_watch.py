"""The look-alike watch over a run's document keys holds only the keys that can collide,
and says exactly what noting every key one by one says."""

from __future__ import annotations

import random

from provenance.ingest.confusables import KeyWatch

ALPHABET = ["a", "b", "o", "-", "1", "A", "B", "\u03bf", "\u0430", "\u0456", "i", "\u0627"]


def _keys(rng: random.Random) -> list[tuple[str, str]]:
    keys: dict[str, str] = {}
    for n in range(rng.randint(0, 40)):
        key = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
        keys.setdefault(key, f"f{n}.json")
    return list(keys.items())


def test_noting_many_keys_warns_as_noting_each() -> None:
    rng = random.Random(7)
    warned = 0
    for _ in range(500):
        places = _keys(rng)
        one_by_one, at_once = KeyWatch(), KeyWatch()
        for key, label in places:
            one_by_one.note("document", key, label, "document.key")
        at_once.note_many("document", places.__iter__, "document.key")
        assert at_once.finished() == one_by_one.finished()
        warned += bool(at_once.warnings)
    assert warned > 100  # the keys collide often enough for the comparison to mean something


def test_plain_keys_are_not_held() -> None:
    watch = KeyWatch()
    places = [(f"d{i:07d}", f"d{i:07d}.json") for i in range(1000)]
    places.append(("D0000007", "odd.json"))
    watch.note_many("document", places.__iter__, "document.key")
    assert watch.finished() == [
        "odd.json: document.key: document key 'D0000007' looks like 'd0000007' "
        "(d0000007.json: document.key)"
    ]
    assert len(watch._seen) == 0
