"""Tests for corpus.anchoring: folding, quote look-up, selectors, re-anchoring, UTF-16 offsets.

The article texts are the real seed articles (tests/fixtures/seeds), which contain no-break
spaces, curly quotes and an en dash, kept verbatim as the app keeps them.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.anchoring import (
    MIN_SCORE,
    AmbiguousQuote,
    AnchoringError,
    QuoteNotFound,
    Utf16Index,
    code_points_to_utf16,
    find_quote,
    make_selectors,
    normalize_for_match,
    reanchor,
    reanchor_all,
    resolve_quote,
    utf16_to_code_points,
)
from corpus.records import TextPosition, TextQuote

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@cache
def seed_body(name: str) -> str:
    """The article body: everything after the title line and the blank line below it."""
    lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
    assert lines[1] == "", "a seed file starts with a title line and a blank line"
    return "\n".join(lines[2:])


def body0() -> str:
    return seed_body("000_d2d2468930bcbdb6.txt")


def body1() -> str:
    return seed_body("001_1ab77076623ba9d5.txt")


def annotate(
    body: str, quote: str, occurrence: int | None = None
) -> tuple[TextQuote, TextPosition]:
    position = resolve_quote(body, quote, occurrence)
    return make_selectors(body, position.start, position.end)


def text_at(body: str, position: TextPosition | None) -> str:
    assert position is not None
    return body[position.start : position.end]


# --- folding ---------------------------------------------------------------------------------------


def test_fold_collapses_every_kind_of_whitespace() -> None:
    folded, cp_map = normalize_for_match("a\u00a0b \t\n c\u202fd\n\ne")
    assert folded == "a b c d e"
    assert [cp_map[i] for i in range(len(folded) + 1)] == [0, 1, 2, 3, 7, 8, 9, 10, 12, 13]


def test_fold_quotes_and_dashes_but_not_case() -> None:
    folded, cp_map = normalize_for_match("‘a’ ‚b‛ “c” „d‟ «e» 5′ 6″ f–g—h−i‑j‒k Kim")
    assert folded == '\'a\' \'b\' "c" "d" "e" 5\' 6" f-g-h-i-j-k Kim'
    assert cp_map == list(range(len(folded) + 1))  # one character for one character


def test_fold_map_never_includes_trailing_whitespace() -> None:
    text = "word \u00a0\n\nnext"
    folded, cp_map = normalize_for_match(text)
    assert folded == "word next"
    assert (cp_map[0], cp_map[4]) == (0, 4)  # "word" ends before the run it is followed by
    assert find_quote(text, "word") == [TextPosition(0, 4)]
    assert find_quote(text, "word next") == [TextPosition(0, len(text))]


@given(st.text(alphabet="ab \u00a0\t\n’“—x😀", max_size=40))
def test_fold_map_points_at_the_folded_characters(text: str) -> None:
    folded, cp_map = normalize_for_match(text)
    assert folded == re.sub(r"\s+", " ", folded)
    assert len(cp_map) == len(folded) + 1 and cp_map[-1] == len(text)
    assert all(a < b for a, b in itertools.pairwise(cp_map))
    for i, ch in enumerate(folded):
        original = text[cp_map[i]]
        assert (original.isspace() and ch == " ") or normalize_for_match(original)[0] == ch


# --- finding and resolving quotes --------------------------------------------------------------------


def test_find_quote_matches_no_break_spaces_with_spaces() -> None:
    body = body0()
    (position,) = find_quote(body, "June 18th and 19th. Kim Jong Un invited")
    assert text_at(body, position) == "June 18th and 19th.\u00a0\u00a0\n\nKim Jong Un invited"
    body = body1()
    (position,) = find_quote(body, "state media revealed on June 19")
    assert text_at(body, position) == "state media\u00a0revealed\u00a0on June 19"


def test_find_quote_matches_straight_quotes_with_curly_ones() -> None:
    body = body0()
    (position,) = find_quote(body, "Following Kim's visit")
    assert text_at(body, position) == "Following Kim’s visit"
    (position,) = find_quote(body1(), 'provide "all means at its disposal."')
    assert text_at(body1(), position) == "provide “all means at its disposal.”"


def test_find_quote_matches_dashes() -> None:
    (position,) = find_quote(body1(), "( - North Korean state media")
    assert text_at(body1(), position) == "( – North Korean state media"
    assert find_quote(body1(), "( \u2014 North Korean state media") == [position]  # em dash


def test_find_quote_ignores_surrounding_whitespace_and_keeps_case() -> None:
    body = body0()
    plain = find_quote(body, "Putin paid a state visit")
    assert len(plain) == 1
    assert find_quote(body, "  Putin paid a state visit \n") == plain
    assert find_quote(body, "putin paid a state visit") == []
    assert find_quote(body, "   ") == []


def test_find_quote_returns_overlapping_occurrences_in_order() -> None:
    assert find_quote("aaaa", "aa") == [TextPosition(0, 2), TextPosition(1, 3), TextPosition(2, 4)]
    body = body0()
    found = find_quote(body, "the conflict in Ukraine")
    assert len(found) == 3
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_resolve_quote_unique_and_by_occurrence() -> None:
    body = body0()
    position = resolve_quote(body, "Aurus")
    assert text_at(body, position) == "Aurus"
    all_three = find_quote(body, "the conflict in Ukraine")
    assert resolve_quote(body, "the conflict in Ukraine", 2) == all_three[1]
    assert resolve_quote(body, "the conflict in Ukraine", occurrence=3) == all_three[2]


def test_resolve_quote_errors_are_readable() -> None:
    body = body0()
    with pytest.raises(AmbiguousQuote) as ambiguous:
        resolve_quote(body, "the conflict in Ukraine")
    assert ambiguous.value.count == 3
    assert "3 times" in str(ambiguous.value) and "occurrence" in str(ambiguous.value)

    with pytest.raises(QuoteNotFound) as beyond:
        resolve_quote(body, "the conflict in Ukraine", 4)
    assert "occurrence 4" in str(beyond.value) and "only 3 times" in str(beyond.value)

    with pytest.raises(QuoteNotFound, match="not found"):
        resolve_quote(body, "a sentence the article never had")
    with pytest.raises(AnchoringError, match="1 or more"):
        resolve_quote(body, "Aurus", 0)
    with pytest.raises(AnchoringError, match="empty"):
        resolve_quote(body, "  ")
    assert issubclass(QuoteNotFound, AnchoringError) and issubclass(AmbiguousQuote, AnchoringError)
    assert issubclass(AnchoringError, ValueError)


# --- selectors ---------------------------------------------------------------------------------------


def test_make_selectors_in_the_middle() -> None:
    body = body0()
    quote, position = annotate(body, "Putin presented Kim with a high-end vehicle")
    assert quote.exact == "Putin presented Kim with a high-end vehicle"
    assert len(quote.prefix) == 32 and len(quote.suffix) == 32
    assert (
        body[position.start - 32 : position.end + 32] == quote.prefix + quote.exact + quote.suffix
    )


def test_make_selectors_at_the_edges() -> None:
    body = body0()
    quote, position = make_selectors(body, 0, 9)
    assert (quote.exact, quote.prefix, position) == ("According", "", TextPosition(0, 9))
    end = len(body)
    quote, _ = make_selectors(body, end - 11, end - 1)
    assert quote.exact == "Christians" and quote.suffix == "."
    quote, _ = make_selectors(body, 10, 20, context=5)
    assert len(quote.prefix) == 5 and len(quote.suffix) == 5
    with pytest.raises(ValueError, match="outside"):
        make_selectors(body, 5, 4)
    with pytest.raises(ValueError, match="outside"):
        make_selectors(body, 0, len(body) + 1)


# --- re-anchoring --------------------------------------------------------------------------------------


def test_unchanged_body_keeps_every_annotation() -> None:
    body = body0()
    quotes = ["Putin’s worldwide isolation", "Aurus", "Roughly 80% of North Korea’s"]
    items = [(f"a{i}", *annotate(body, q)) for i, q in enumerate(quotes)]
    outcomes = reanchor_all(body, items)
    assert [o.annotation_id for o in outcomes] == ["a0", "a1", "a2"]
    for (_, quote, position), outcome in zip(items, outcomes, strict=True):
        assert outcome.status == "unchanged"
        assert outcome.new == outcome.old == position
        assert outcome.quote == quote and outcome.score == 1.0 and outcome.anchored


def test_paragraph_inserted_before_moves_exactly() -> None:
    body = body0()
    quote, position = annotate(body, "Putin demanded a reevaluation of international sanctions")
    inserted = "An editor’s note: this paragraph was added later.\n\n"
    new_body = inserted + body
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "moved"
    assert outcome.new == TextPosition(position.start + len(inserted), position.end + len(inserted))
    assert text_at(new_body, outcome.new) == quote.exact
    assert outcome.score > 0.99 and "later" in outcome.reason
    assert outcome.quote == quote  # same text, same context


def test_typo_fixed_inside_a_quote_moves_with_its_score() -> None:
    fixed = body0()
    old_body = fixed.replace("constant and steady support", "constnat and steady support")
    quote, position = annotate(old_body, "He praised Kim’s constnat and steady support")
    outcome = reanchor(fixed, quote, position)
    assert outcome.status == "moved"
    assert text_at(fixed, outcome.new) == "He praised Kim’s constant and steady support"
    assert MIN_SCORE <= outcome.score < 1.0
    assert (
        outcome.quote is not None
        and outcome.quote.exact == "He praised Kim’s constant and steady support"
    )
    assert "2 edits" in outcome.reason


def test_typo_fixed_at_the_edge_of_a_quote_takes_the_whole_word() -> None:
    fixed = body0()
    old_body = fixed.replace("high-end vehicle manufactured", "high-end vehicl manufactured")
    quote, position = annotate(old_body, "a high-end vehicl")
    outcome = reanchor(fixed, quote, position)
    assert outcome.status == "moved"
    assert text_at(fixed, outcome.new) == "a high-end vehicle"  # not the half word "vehicl"


def test_sentence_deleted_orphans_even_when_its_words_remain_elsewhere() -> None:
    body = body0()
    # "the conflict in Ukraine" occurs three times; annotate the second and delete its sentence.
    quote, position = annotate(body, "the conflict in Ukraine", occurrence=2)
    sentence = (
        "The US and its allies have long maintained that North Korea supplied Russia with "
        "weaponry for the conflict in Ukraine, and the deal only served to heighten their fears "
        "that this may continue."
    )
    assert sentence in body
    new_body = body.replace(sentence, "")
    assert len(find_quote(new_body, quote.exact)) == 2
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned"
    assert outcome.new is None and outcome.quote is None
    assert "different" in outcome.reason


def test_sentence_deleted_and_its_words_pasted_into_another_sentence_orphans() -> None:
    body = body0()
    quote, position = annotate(body, "Putin’s worldwide isolation")
    sentence = (
        "Following Putin’s worldwide isolation due to Putin’s invasion of Ukraine in 2022, the two "
        "nations became even closer allies."
    )
    new_body = body.replace(sentence, "").replace(
        "The pair also paid a visit",
        "Despite Putin’s worldwide isolation, the pair also paid a visit",
    )
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned"
    assert outcome.candidate is not None
    assert text_at(new_body, outcome.candidate) == "Putin’s worldwide isolation"


def test_sentence_deleted_without_a_trace_orphans_with_no_candidate() -> None:
    body = body0()
    quote, position = annotate(body, "Putin presented Kim with a high-end vehicle")
    new_body = body.replace(
        "Putin presented Kim with a high-end vehicle manufactured by the Russian automaker Aurus "
        "and then drove him around.",
        "",
    )
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned" and outcome.new is None
    assert outcome.reason


def test_quote_moved_elsewhere_with_a_typo_is_not_pulled_to_an_exact_copy() -> None:
    """Hypothesis's weakness (a): an exact occurrence must not win over the right place."""
    body = body0()
    quote, position = annotate(body, "the conflict in Ukraine", occurrence=2)
    new_body = body.replace(
        "weaponry for the conflict in Ukraine", "weaponry for the confict in Ukraine"
    )
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "moved"
    assert outcome.new is not None
    assert text_at(new_body, outcome.new) == "the confict in Ukraine"
    assert new_body[outcome.new.start - 13 : outcome.new.start] == "weaponry for "


def test_quoted_words_appearing_twice_after_an_edit_follow_their_context() -> None:
    body = body0()
    quote, position = annotate(body, "Putin presented Kim with a high-end vehicle")
    copy = "Reports said that Putin presented Kim with a high-end vehicle as a gift. "
    new_body = body.replace("After WWII,", copy + "After WWII,")
    assert len(find_quote(new_body, quote.exact)) == 2
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "moved"
    assert outcome.new == TextPosition(position.start + len(copy), position.end + len(copy))


def test_duplicated_passage_is_ambiguous_and_orphans() -> None:
    body = body0()
    quote, position = annotate(body, "The pair also paid a visit to an Orthodox church")
    paragraph = "The pair also paid a visit to an Orthodox church in Pyongyang.\n\n"
    new_body = ("Update.\n\n" + body).replace(paragraph, paragraph + paragraph)
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned"
    assert "2 places" in outcome.reason


def test_copy_pasted_right_beside_a_quote_is_ambiguous_and_orphans() -> None:
    body = body0()
    quote, position = annotate(body, "a high-end vehicle")
    new_body = "Update.\n\n" + body.replace(
        "a high-end vehicle manufactured", "a high-end vehicle a high-end vehicle manufactured"
    )
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned"
    assert "2 places" in outcome.reason


def test_no_break_space_replaced_by_a_space_stays_anchored() -> None:
    body = body1()
    quote, position = annotate(body, "North Korean state media revealed on June 19")
    assert "\u00a0" in quote.exact
    new_body = body.replace("\u00a0", " ")
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "unchanged"
    assert outcome.quote is not None
    assert outcome.quote.exact == "North Korean state media revealed on June 19"


def test_no_break_spaces_removed_before_a_quote_shift_it() -> None:
    body = body0()
    quote, position = annotate(body, "Kim Jong Un invited Putin")
    new_body = body.replace("19th.\u00a0\u00a0\n\n", "19th.\n\n")
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "moved"
    assert outcome.new == TextPosition(position.start - 2, position.end - 2)


def test_same_offsets_with_new_surroundings_are_not_accepted_blindly() -> None:
    body = body0()
    quote, position = annotate(body, "Aurus")
    before, after = body[: position.start], body[position.end :]
    # Same length on both sides, so "Aurus" is still at the same offsets, in another text.
    new_body = "x" * (len(before) - 1) + " Aurus " + "y" * (len(after) - 1)
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "orphaned"
    assert outcome.candidate == position


def test_word_grown_at_the_edge_is_never_matched_as_half_a_word() -> None:
    body = body0()
    quote, position = annotate(body, "Russia and North Korea have agreed")
    new_body = body.replace(
        "Russia and North Korea have agreed", "Russia and North Koreans have agreed"
    )
    outcome = reanchor(new_body, quote, position)
    assert outcome.status == "moved"
    assert text_at(new_body, outcome.new) == "Russia and North Koreans have agreed"
    quote, position = annotate(body, "Aurus")
    outcome = reanchor(body.replace("Aurus", "Aurusmobile"), quote, position)
    assert outcome.status == "orphaned"


def test_quote_at_the_start_of_the_body_survives_a_new_first_paragraph() -> None:
    body = body0()
    quote, position = make_selectors(body, 0, len("According to North Korean official media"))
    assert quote.prefix == ""
    new_body = "Editor’s note.\n\n" + body
    outcome = reanchor(new_body, quote, position, old_length=len(body))
    assert outcome.status == "moved"
    assert text_at(new_body, outcome.new) == quote.exact


def test_empty_quote_and_empty_body_orphan() -> None:
    position = TextPosition(0, 0)
    assert reanchor("text", TextQuote("", "", ""), position).status == "orphaned"
    assert reanchor("", TextQuote("word", "", ""), TextPosition(0, 4)).status == "orphaned"


# --- properties --------------------------------------------------------------------------------------

INSERTED = st.text(alphabet="abcdefghij KLM.,;’“”—\u00a0\n😀", min_size=1, max_size=40)


@cache
def quote_spans() -> list[tuple[int, int]]:
    """Spans of 2–8 whole words inside one line of the seed article."""
    body = body0()
    words = [m.span() for m in re.finditer(r"[A-Za-z0-9’]+", body)]
    spans = []
    for i in range(len(words)):
        for n in (2, 4, 8):
            if i + n <= len(words):
                start, end = words[i][0], words[i + n - 1][1]
                if "\n" not in body[start:end]:
                    spans.append((start, end))
    return spans


@st.composite
def edits_around(draw: st.DrawFn, margin: int) -> tuple[str, TextQuote, TextPosition, str, int]:
    """The seed body, a quote on it, and the body after edits that stay `margin` away from it.

    Some edits paste the quoted words elsewhere (but never within `margin` of the quote: a copy
    right beside it would leave no right answer to check against).
    """
    body = body0()
    start, end = draw(st.sampled_from(quote_spans()))
    quote, position = make_selectors(body, start, end)
    new_body = body
    for _ in range(draw(st.integers(1, 5))):
        lo, hi = start - margin, end + margin  # edits keep body[lo:hi] intact
        choices = []
        if lo > 0:
            choices.append("before")
        if hi < len(new_body):
            choices.append("after")
        if not choices:
            break
        side = draw(st.sampled_from(choices))
        if side == "before":
            a = draw(st.integers(0, lo))
            b = draw(st.integers(a, min(lo, a + 60)))
        else:
            a = draw(st.integers(hi, len(new_body)))
            b = draw(st.integers(a, min(len(new_body), a + 60)))
        text = draw(st.one_of(st.just(""), INSERTED)) if b > a else draw(INSERTED)
        if draw(st.integers(0, 3)) == 0:  # the quoted words, pasted into other text
            text = f"{text} {quote.exact} {draw(INSERTED)}"
        new_body = new_body[:a] + text + new_body[b:]
        if side == "before":
            shift = len(text) - (b - a)
            start, end = start + shift, end + shift
    return new_body, quote, position, quote.exact, start


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(edits_around(margin=33))
def test_edits_away_from_a_quote_and_its_context_never_lose_it(
    case: tuple[str, TextQuote, TextPosition, str, int],
) -> None:
    new_body, quote, position, exact, start = case
    outcome = reanchor(new_body, quote, position)
    assert outcome.status != "orphaned", outcome.reason
    assert outcome.new == TextPosition(start, start + len(exact))
    assert text_at(new_body, outcome.new) == exact


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(edits_around(margin=1))
def test_edits_beside_a_quote_never_attach_it_to_the_wrong_place(
    case: tuple[str, TextQuote, TextPosition, str, int],
) -> None:
    new_body, quote, position, exact, start = case
    outcome = reanchor(new_body, quote, position)
    if outcome.status != "orphaned":
        assert outcome.new == TextPosition(start, start + len(exact))


# --- UTF-16 offsets -------------------------------------------------------------------------------------


def test_utf16_offsets_count_emoji_as_two_units() -> None:
    text = "a😀b\nsecond"
    assert code_points_to_utf16(text, 2) == 3  # 'b'
    assert code_points_to_utf16(text, 4) == 5  # 'second'
    assert utf16_to_code_points(text, 3) == 2
    assert utf16_to_code_points(text, 5) == 4
    assert utf16_to_code_points(text, 2) == 1  # inside the surrogate pair: the emoji's start
    with pytest.raises(ValueError):
        code_points_to_utf16(text, len(text) + 1)
    with pytest.raises(ValueError):
        utf16_to_code_points(text, len(text) + 2)


@given(st.text(alphabet=st.sampled_from("ab \n’😀🇺\U0001f1e6\u00a0é"), max_size=30))
def test_utf16_round_trip(text: str) -> None:
    index = Utf16Index(text)
    units = len(text.encode("utf-16-le")) // 2
    assert index.to_utf16(len(text)) == units
    for cp in range(len(text) + 1):
        u16 = index.to_utf16(cp)
        assert u16 == code_points_to_utf16(text, cp) == len(text[:cp].encode("utf-16-le")) // 2
        assert index.to_cp(u16) == cp == utf16_to_code_points(text, u16)


def test_utf16_index_without_non_bmp_characters_is_the_identity() -> None:
    body = body0()
    index = Utf16Index(body)
    assert "non_bmp=0" in repr(index)
    assert all(index.to_utf16(i) == i == index.to_cp(i) for i in range(0, len(body) + 1, 97))
