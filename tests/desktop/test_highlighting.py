"""BodyMap (code points ↔ Qt positions) and segment flattening, without Qt."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from desktop.views.highlighting import BodyMap, Segment, Span, flatten_segments
from tests.desktop.sample_articles import TREATY_BODY, UNICODE_BODY


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def doc_text(body_map: BodyMap) -> str:
    """What the reader inserts: the blocks joined by Qt's block separator."""
    return "\u2029".join(p.doc_text for p in body_map.paragraphs)


def doc_slice(text: str, start: int, end: int) -> str:
    """A slice of `text` in UTF-16 units, as Qt positions count."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_paragraphs_split_on_blank_lines_and_keep_nbsp() -> None:
    m = BodyMap(UNICODE_BODY, first_position=10)
    assert [p.doc_text for p in m.paragraphs] == [
        "Mood 😀 first: the “deal” was\u00a0signed.",
        "Second paragraph <b>not bold</b> and <script>alert(1)</script> stay literal.",
        "Third 😀😀 one with ‘single’ quotes\u00a0and a line\u2028break inside.",
    ]
    first, second, third = m.paragraphs
    assert first.doc_start == 10
    assert second.doc_start == first.doc_start + utf16(first.doc_text) + 1
    assert third.doc_start == second.doc_start + utf16(second.doc_text) + 1


def test_every_body_character_maps_to_the_same_character() -> None:
    for body in (UNICODE_BODY, TREATY_BODY):
        m = BodyMap(body, first_position=7)
        text = doc_text(m)
        for p in m.paragraphs:
            for cp in range(p.start, p.end):
                start, end = m.to_doc_range(cp, cp + 1)
                expected = body[cp].replace("\n", "\u2028")
                assert doc_slice(text, start - 7, end - 7) == expected, (cp, body[cp])
                assert m.to_body(start) == cp


def test_emoji_takes_two_positions_nbsp_and_curly_quotes_one() -> None:
    m = BodyMap(UNICODE_BODY)
    emoji = UNICODE_BODY.index("😀")
    assert m.to_doc(emoji + 1) - m.to_doc(emoji) == 2
    nbsp = UNICODE_BODY.index("\u00a0")
    assert m.to_doc(nbsp + 1) - m.to_doc(nbsp) == 1
    quote = UNICODE_BODY.index("“")
    assert m.to_doc(quote + 1) - m.to_doc(quote) == 1
    # After the emoji every position is one further on in Qt than in Python.
    first = UNICODE_BODY.index("first")
    assert m.to_doc(first) == first + 1


def test_separator_offsets_snap_to_paragraph_edges() -> None:
    body = "One.  \n\n \nTwo."
    m = BodyMap(body)
    assert [p.doc_text for p in m.paragraphs] == ["One.", "Two."]
    inside = body.index("\n")
    assert m.to_doc(inside, side="start") == m.paragraphs[1].doc_start
    assert m.to_doc(inside, side="end") == m.paragraphs[0].doc_end
    assert m.to_doc_range(0, len(body)) == (0, m.paragraphs[1].doc_end)


def test_empty_body() -> None:
    m = BodyMap("  \n\n ", first_position=3)
    assert m.paragraphs == ()
    assert m.to_doc(0) == 3 and m.doc_end == 3 and m.to_body(3) == 0


def test_flatten_gives_top_priority_to_the_shortest_span() -> None:
    segments = flatten_segments(
        [Span("long", 0, 10), Span("short", 3, 5, rank=2), Span("mid", 4, 12, rank=1)]
    )
    assert segments == [
        Segment(0, 3, ("long",)),
        Segment(3, 4, ("short", "long")),
        Segment(4, 5, ("short", "mid", "long")),
        Segment(5, 10, ("mid", "long")),
        Segment(10, 12, ("mid",)),
    ]


def test_flatten_ignores_empty_spans_and_gaps() -> None:
    assert flatten_segments([Span("a", 5, 5), Span("b", 0, 2), Span("c", 4, 6)]) == [
        Segment(0, 2, ("b",)),
        Segment(4, 6, ("c",)),
    ]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=25))
def test_flatten_covers_exactly_the_union_without_overlap(raw: list[tuple[int, int]]) -> None:
    spans = [Span(f"s{i}", start, start + length) for i, (start, length) in enumerate(raw)]
    segments = flatten_segments(spans)
    for a, b in pairwise(segments):
        assert a.end <= b.start
    for point in range(85):
        covering = {s.id for s in spans if s.start <= point < s.end}
        found = [seg for seg in segments if seg.start <= point < seg.end]
        if covering:
            assert len(found) == 1 and set(found[0].ids) == covering
        else:
            assert not found
