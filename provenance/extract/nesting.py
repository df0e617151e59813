"""Frames inside frames: "Selon Y, X a déclaré que P" and "X a dit que P, rapporte Y".

A frame whose cue lies inside another frame's content was relayed by the outer speaker
(a hop), unless both share the speaker ("X a expliqué que P, et qu'il estimait que Q"), in
which case the outer content stops where the inner cue starts.
"""

from __future__ import annotations

from provenance.extract.frame_types import Frame, clean_content
from provenance.extract.segment import Span


def nest(text: str, frames: list[Frame]) -> list[Frame]:
    frames = sorted(frames, key=lambda f: f.cue_span.start)
    kept: list[Frame] = []
    for outer in frames:
        inner = [
            f
            for f in frames
            if f is not outer and outer.content.start <= f.cue_span.start < outer.content.end
        ]
        shared = [
            f
            for f in inner
            if f.speaker is outer.speaker
            or (outer.verb is not None and f.speaker is not None and f.speaker.carry)
        ]
        for f in shared:  # "X a expliqué que P, et qu'il estimait que Q": X says Q too
            f.speaker = outer.speaker
        if shared:
            end = min(f.cue_span.start for f in shared)
            outer.content = Span(*clean_content(text, outer.content.start, end))
            inner = [f for f in inner if f not in shared]
        if inner and outer.speaker is not None and not outer.speaker.carry:
            for f in inner:
                f.hops.append(
                    (
                        outer.speaker,
                        outer.cue + " " + outer.speaker.text,
                        2,
                    )
                )
                f.why += f", relayed by the outer cue « {outer.cue} »"
            continue
        kept.append(outer)
    # two frames on the same content (verb inside a "selon" clause): keep the verb frame
    result: list[Frame] = []
    for f in kept:
        dup = next((g for g in result if g.content == f.content), None)
        if dup is None or (dup.verb is not None and f.verb is not None):
            result.append(f)
    return result
