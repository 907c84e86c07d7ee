"""Flesch–Kincaid grade, syllables, sentences and reading time (pure Python, no Qt)."""

from __future__ import annotations

import pytest

from corpus.readability import (
    count_sentences,
    count_syllables,
    flesch_kincaid_grade,
    reading_minutes,
    reading_stats,
    words,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("the", 1),
        ("table", 2),
        ("reading", 2),
        ("beautiful", 3),
        ("agreement", 3),
        ("military", 4),
        ("established", 3),
        ("signed", 1),
        ("agreed", 2),
        ("stated", 2),
        ("makes", 1),
        ("forces", 2),
        ("Pyongyang", 2),
        ("2024", 1),
    ],
)
def test_count_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_words_keep_inner_apostrophes_and_numbers() -> None:
    assert words("Kim’s visit in 2024, didn't it?") == [
        "Kim’s",
        "visit",
        "in",
        "2024",
        "didn't",
        "it",
    ]


def test_sentences_skip_abbreviations_and_count_headings() -> None:
    text = "The U.S. and Dr. Kim met. They agreed! Did they?\n\nA heading\n\nLast one."
    assert count_sentences(text) == 5


def test_flesch_kincaid_grade_matches_the_formula() -> None:
    # 6 words, 6 syllables, 1 sentence: 0.39 * 6 + 11.8 * 1 - 15.59
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(0.39 * 6 + 11.8 - 15.59)
    # 2 sentences, 7 words, 11 syllables
    text = "Russia signed a treaty. North Korea agreed."
    expected = 0.39 * (7 / 2) + 11.8 * (11 / 7) - 15.59
    assert len(words(text)) == 7
    assert sum(count_syllables(w) for w in words(text)) == 11
    assert flesch_kincaid_grade(text) == pytest.approx(expected)


def test_harder_text_scores_a_higher_grade() -> None:
    easy = "The dog ran. The cat sat. We had fun."
    hard = (
        "International sanctions, administered unilaterally by governmental authorities, "
        "substantially complicate multilateral diplomatic negotiations."
    )
    assert flesch_kincaid_grade(hard) > flesch_kincaid_grade(easy) + 10


def test_reading_stats_agree_with_the_single_functions() -> None:
    text = "Russia signed a treaty. North Korea agreed.\n\nA heading\n\nThe U.S. objected."
    stats = reading_stats(text)
    assert stats.words == len(words(text))
    assert stats.sentences == count_sentences(text) == 4
    assert stats.grade == pytest.approx(flesch_kincaid_grade(text))
    assert stats.minutes() == reading_minutes(text) == 1
    assert reading_stats("").grade is None and reading_stats("").minutes() == 0


def test_no_words_has_no_grade() -> None:
    assert flesch_kincaid_grade("") is None
    assert flesch_kincaid_grade(" \n\n — ") is None


def test_reading_minutes_round_up_at_230_wpm() -> None:
    assert reading_minutes("") == 0
    assert reading_minutes("word " * 1) == 1
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2
    assert reading_minutes("word " * 100, wpm=50) == 2
