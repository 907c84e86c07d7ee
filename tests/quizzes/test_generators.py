"""Question generators (quizzes/generators.py).

Determinism, provenance and dedupe, and then, over *every* question generated from a realistic
corpus, the properties that make a generated item safe to put in front of a class: a
single-choice key is unique, a cloze drop-down never holds a second right answer, a hot-text
distractor is never loaded language, a "which article" key agrees with the claim_keys, a timeline
is in date order. The checks run on the shipped library (corpus/library) when it loads, on a
hand-built corpus made from the seed texts (always), and on random cuts of both (Hypothesis).
The checks here use their own small parsers for dates and numbers, not the module's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.records import AnnotationRecord, ArticleRecord, TextPosition, TextQuote
from corpus.vocabulary import VERDICT_LABELS, VERDICTS
from quizzes.generators import (
    BLURRED_VERDICTS,
    GENERATORS,
    VERDICT_DISTRACTORS,
    generate_all,
    question_id,
)
from quizzes.grading import grade, normalise_answer
from quizzes.items import DIFFICULTIES, SKILLS, QuestionRecord

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "corpus" / "library"

# ------------------------------------------------------------------------------ corpora


def _ann(
    article_id: str,
    body: str,
    ann_id: str,
    quote: str,
    category: str,
    *,
    occurrence: int = 1,
    **fields: Any,
) -> AnnotationRecord:
    """An annotation anchored the way the importer anchors it: the quote is found ignoring the kind
    of space (the seeds keep no-break spaces), and the selectors hold the body's own text."""
    pattern = r"[ \u00a0]+".join(re.escape(word) for word in quote.split(" "))
    match = list(re.finditer(pattern, body))[occurrence - 1]
    start, end = match.span()
    return AnnotationRecord(
        id=ann_id,
        article_id=article_id,
        category=category,
        quote=TextQuote(
            exact=body[start:end],
            prefix=body[max(0, start - 32) : start],
            suffix=body[end : end + 32],
        ),
        position=TextPosition(start, end),
        **fields,
    )


# Paragraphs of the two seed texts (../shared/seeds/000_… and 001_…), verbatim.
A1_PARAGRAPHS = (
    (
        "According to North Korean official media, Russia and North Korea have agreed to immediately "
        "provide military support to each other in case of a conflict, as stated in a new agreement made "
        "during a meeting in Pyongyang."
    ),
    (
        "Russia and North Korea are strengthening their relationship, which was established during the "
        "conflict in Ukraine. Putin paid a state visit to Pyongyang on June 18th and 19th."
    ),
    (
        "After WWII, North Korea was established as an ally of Russia.\u00a0 Following Putin\u2019s worldwide "
        "isolation due to Putin\u2019s invasion of Ukraine in 2022, the two nations became even closer allies."
    ),
    (
        "In response, Putin expressed Moscow\u2019s gratitude to Kim, whose nation has been subject to UN "
        "sanctions since 2006 due to his illicit arms programs. He praised Kim\u2019s constant and steady "
        "support.\u00a0 Putin demanded a reevaluation of international sanctions on North Korea and said "
        "that the two nations facing heavy sanctions would not buckle to Western pressure."
    ),
    (
        "Between fifty thousand and seventy thousand Christians are incarcerated in harsh North Korean "
        "work camps, where they are subjected to cruel treatment, torture, and the constant threat of "
        "death. Roughly 80% of North Korea\u2019s religious detainees are Christians."
    ),
)
A1_BODY = "\n\n".join(A1_PARAGRAPHS)
A2_PARAGRAPHS = (
    (
        "( \u2013 North Korean state media\u00a0revealed\u00a0on June 19 that the deal between the "
        "dictatorships of Russia and North Korea would cover immediate military assistance in times "
        "of war. The assistance will consist of mutual protection against both nations\u2019 enemies "
        "and military aid, which would take place by delivering weapons and military equipment."
    ),
    (
        "The revelation occurred a couple of days after the Russian President met with North Korean "
        "dictator Kim Jong Un in Pyongyang. During the meeting, the two leaders made the agreement "
        "official, strengthening their political and diplomatic ties. Kim and "
        "Putin\u00a0confirmed\u00a0a new strategic partnership, with geopolitical experts explaining "
        "that such development sends a threatening message to Western governments."
    ),
    (
        "The deal comes as the United States and many other Western nations continue sending "
        "economic and military aid to Ukraine, which the Kremlin decided to\u00a0invade\u00a0in "
        "February 2022. It also happened at a moment when Washington and some European countries "
        "have been making efforts to deter Pyongyang from escalating its military threats against "
        "South Korea."
    ),
    (
        "Some journalists said that Kim claimed after the meeting that the new partnership with "
        "Russia can be considered a historic alliance between two nations that the West wants to "
        "\u201coppress.\u201d However, Russian independent reporters said on their Telegram channels "
        "that Putin doesn\u2019t view the partnership as Kim does, and he has even told his inner "
        "circle that he refuses to label it as an alliance."
    ),
)
A2_BODY = "\n\n".join(A2_PARAGRAPHS)


def hand_corpus() -> list[ArticleRecord]:
    """Two seed articles annotated by hand after FACTS.md, with a draft and an orphaned annotation,
    every verdict, and notes that put equivalent dates ("June 19th", "19 June 2024") in the pool."""
    a1, a2 = "seed-ink-deal", "seed-releases-details"

    def one(ann_id: str, quote: str, category: str, **kw: Any) -> AnnotationRecord:
        return _ann(a1, A1_BODY, ann_id, quote, category, **kw)

    def two(ann_id: str, quote: str, category: str, **kw: Any) -> AnnotationRecord:
        return _ann(a2, A2_BODY, ann_id, quote, category, **kw)

    first = [
        one(
            "h1-c01",
            "Russia and North Korea have agreed to immediately provide military support to each other in "
            "case of a conflict",
            "claim",
            verdict="accurate",
            claim_reviewed="Russia and North Korea agreed to give each other immediate military support.",
            claim_key="treaty-aid",
            note="Accurate, with one simplification. KCNA, North Korea's state news agency, published the "
            "treaty on 20 June 2024; Article 4 promises help **without delay** after an armed invasion.",
        ),
        one(
            "h1-c02",
            "which was established during the conflict in Ukraine",
            "claim",
            verdict="inaccurate",
            claim_reviewed="The relationship began during the war in Ukraine.",
            note="Wrong. North Korea was proclaimed on 9 September 1948, with Soviet backing. It was not "
            "signed on 29 June 2024, as one paper wrote.",
        ),
        one(
            "h1-c03",
            "Putin paid a state visit to Pyongyang on June 18th and 19th.",
            "claim",
            verdict="accurate",
            claim_reviewed="Putin made a state visit to Pyongyang on 18–19 June 2024.",
            note="Accurate: the Kremlin announced a visit on June 18-19. He landed on June 19th.",
        ),
        one(
            "h1-c05",
            "After WWII, North Korea was established as an ally of Russia.",
            "claim",
            verdict="partly-accurate",
            claim_reviewed="North Korea was founded after the Second World War as an ally of Russia.",
            note="Partly right. Its patron was the *Soviet Union*, not Russia.",
        ),
        one(
            "h1-c06",
            "the two nations became even closer allies",
            "claim",
            verdict="opinion",
            claim_reviewed="Russia and North Korea became even closer allies.",
            note="Closer ties are a judgement about a relationship, hard to measure.",
        ),
        one(
            "h1-c06b",
            "Putin\u2019s invasion of Ukraine in 2022",
            "claim",
            verdict="accurate",
            claim_reviewed="Russia invaded Ukraine in 2022.",
            claim_key="ukraine-2022",
            note="Correct: Russia's full-scale invasion of Ukraine began on 24 February 2022.",
        ),
        one(
            "h1-c12",
            "subject to UN sanctions since 2006",
            "claim",
            verdict="partly-accurate",
            claim_reviewed="North Korea has been under UN sanctions since 2006.",
            note="Mostly right. The UN Security Council put sanctions on North Korea in Resolution 1718 "
            "on 14 October 2006, after a claimed nuclear test.",
        ),
        one(
            "h1-c16",
            "Between fifty thousand and seventy thousand Christians are incarcerated",
            "claim",
            verdict="unverified",
            claim_reviewed="Between 50,000 and 70,000 Christians are held in North Korean camps.",
            note="An estimate by Open Doors, a Christian charity; nobody can check it. An older figure was "
            "50,000–75,000, and South Korea's intelligence counted about 11,000 troops elsewhere. A UN inquiry put all "
            "political prisoners at 80,000 to 120,000.",
        ),
        one(
            "h1-c16b",
            "Roughly 80% of North Korea\u2019s religious detainees are Christians.",
            "claim",
            verdict="misleading",
            claim_reviewed="About 80% of religious detainees are Christians.",
            note="Misleading. One 2020 sample found about 79%; a 2021 sample found 37%.",
        ),
        one(
            "h1-ll-isolation",
            "worldwide isolation",
            "loaded-language",
            note="A judgement, and an exaggeration.",
        ),
        one(
            "h1-ll-illicit",
            "illicit arms programs",
            "loaded-language",
            note="\u201cIllicit\u201d suggests crime.",
        ),
        one(
            "h1-ll-buckle",
            "would not buckle to Western pressure",
            "loaded-language",
            note="\u201cBuckle\u201d is the writer's word.",
        ),
        # A draft: students never see it, so it is never a key, but it still blocks distractors.
        one(
            "h1-ll-steady",
            "constant and steady support",
            "loaded-language",
            status="draft",
            note="Draft: is this loaded?",
        ),
        one(
            "h1-at-media",
            "According to North Korean official media",
            "attribution",
            note="A correct attribution: the news came from KCNA, North Korea's state news agency.",
        ),
        one(
            "h1-at-stat",
            "Roughly 80% of North Korea\u2019s religious detainees are Christians",
            "attribution",
            note="Precise-sounding numbers, but no named source.",
        ),
        one(
            "h1-draft",
            "Putin demanded a reevaluation of international sanctions on North Korea",
            "claim",
            verdict="accurate",
            claim_reviewed="Putin called for a review of the sanctions.",
            status="draft",
            note="Draft note dated 1 January 2024.",
        ),
        replace(
            one(
                "h1-orphan",
                "Kim\u2019s constant and steady support",
                "claim",
                verdict="inaccurate",
                claim_reviewed="Kim's support was constant.",
                note="Orphaned note dated 2 January 2024.",
            ),
            anchor_state="orphaned",
        ),
    ]
    second = [
        two(
            "h2-c01",
            "North Korean state media revealed on June 19 that the deal between the dictatorships of Russia "
            "and North Korea would cover immediate military assistance in times of war",
            "claim",
            verdict="partly-accurate",
            claim_reviewed="North Korean state media revealed on 19 June 2024 that the treaty covers military help.",
            claim_key="treaty-aid",
            note="The date is off: KCNA published the text on 20 June, Korean time. The treaty itself was "
            "signed on 19 June 2024, so a June 19th date fits the signing, not the release.",
        ),
        two(
            "h2-c04",
            "Kim and Putin confirmed a new strategic partnership",
            "claim",
            verdict="accurate",
            claim_reviewed="Kim and Putin concluded a strategic partnership.",
            note="Accurate but imprecise: it is a treaty. National Security Office chief Chang Ho-jin "
            "read South Korea's reply, and President Yoon called the pact anachronistic.",
        ),
        two(
            "h2-c06",
            "which the Kremlin decided to invade in February 2022",
            "claim",
            verdict="accurate",
            claim_reviewed="Russia invaded Ukraine in February 2022.",
            claim_key="ukraine-2022",
            note="Correct: the full-scale invasion began on 24 February 2022.",
        ),
        two(
            "h2-c08",
            "Russian independent reporters said on their Telegram channels that Putin doesn\u2019t view the "
            "partnership as Kim does",
            "claim",
            verdict="unverified",
            claim_reviewed="Independent reporters said Putin does not see it as an alliance.",
            note="We cannot check this: no channel or reporter is named. Putin said in Hanoi that the "
            "treaty is nothing new.",
        ),
        two(
            "h2-ll-dictatorships",
            "the dictatorships of Russia and North Korea",
            "loaded-language",
            note="A loaded label in a news report.",
        ),
        two(
            "h2-ll-dictator",
            "North Korean dictator Kim Jong Un",
            "loaded-language",
            note="A judgement word.",
        ),
        two(
            "h2-ll-threat",
            "sends a threatening message",
            "loaded-language",
            note="An interpretation.",
        ),
        two(
            "h2-ll-invade",
            "the Kremlin decided to invade",
            "loaded-language",
            note="Stresses a choice.",
        ),
        two(
            "h2-at-experts",
            "geopolitical experts explaining",
            "attribution",
            note="Which experts? None is named, so the claim cannot be checked.",
        ),
        two(
            "h2-at-journalists",
            "Some journalists said",
            "attribution",
            note="Unnamed journalists reporting what Kim claimed is hearsay twice over.",
        ),
        two(
            "h2-at-media",
            "North Korean state media revealed",
            "attribution",
            note="The source is KCNA, North Korea's state news agency.",
        ),
        two(
            "h2-fr-oppress",
            "\u201coppress.\u201d",
            "framing",
            note="A one-word quote with no speaker.",
        ),
    ]
    return [
        ArticleRecord(
            id=a1,
            title="Russia and North Korea Ink Deal Pledging Military Assistance",
            body=A1_BODY,
            outlet="freedomtriumph.com",
            annotations=tuple(first),
        ),
        ArticleRecord(
            id=a2,
            title="North Korea Releases Details of Deal With Russia",
            body=A2_BODY,
            outlet="watchdogreport.org",
            annotations=tuple(second),
        ),
    ]


def shipped_corpus() -> list[ArticleRecord] | None:
    """The shipped library, when its files and the anchoring module are there and it loads cleanly."""
    if not (REPO / "corpus" / "anchoring.py").exists() or not list(LIBRARY.glob("*.yaml")):
        return None
    from corpus.corpusfiles import read_corpus

    parsed = read_corpus([LIBRARY])
    return list(parsed.articles) if parsed.ok and parsed.articles else None


@pytest.fixture(params=["hand", "shipped"])
def corpus(request: pytest.FixtureRequest) -> list[ArticleRecord]:
    if request.param == "hand":
        return hand_corpus()
    articles = shipped_corpus()
    if articles is None:
        pytest.skip("the shipped corpus (corpus/library/*.yaml) is not available yet")
    return articles


# ------------------------------------------------------------- independent little parsers

_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
} | {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_DATE_IN_TEXT = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4})\b"
)


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold().split())


def date_key(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a date written alone ("June 19th", "19 June 2024", "2022"), else None."""
    year = month = day = None
    for token in text.replace(",", " ").split():
        low = token.lower().rstrip(".")
        if low in _MONTHS:
            month = _MONTHS[low]
        elif re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", low):
            day = int(re.match(r"\d+", low).group())  # type: ignore[union-attr]
        elif re.fullmatch(r"1[6-9]\d\d|20\d\d", low):
            year = int(low)
        elif low != "of":
            return None
    if month is None and year is None:
        return None
    return (year, month, day)


def could_be_same_day(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def number_value(text: str) -> float | None:
    """The value of a quantity written alone ("fifty thousand", "11,000", "80%"), else None."""
    t = text.lower().replace("%", "").replace("percent", "").replace("$", "").strip()
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    total = current = 0
    words = t.replace("-", " ").split()
    if not words:
        return None
    for w in words:
        if w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * (1000 if w == "thousand" else 1_000_000)
            current = 0
        else:
            return None
    return float(total + current)


def correct_ids(q: QuestionRecord) -> tuple[str, ...]:
    return tuple(c.id for c in q.choices if c.correct)


def spans_of(body: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(text), body)] if text else []


def visible(a: AnnotationRecord) -> bool:
    return a.status == "published" and a.anchor_state != "orphaned"


# --------------------------------------------------------------------- the property checker


def check_invariants(
    articles: Sequence[ArticleRecord], questions: Sequence[QuestionRecord]
) -> None:
    """Every property a generated question must have, checked over a whole generated set."""
    by_id = {a.id: a for a in articles}
    annotations = {n.id: (a, n) for a in articles for n in a.annotations}
    fingerprints = [q.provenance.fingerprint for q in questions]
    assert len(fingerprints) == len(set(fingerprints)), "duplicate fingerprints"
    assert len({q.id for q in questions}) == len(questions), "duplicate ids"
    assert [q.id for q in questions] == sorted(q.id for q in questions)
    for q in questions:
        where = q.id
        p = q.provenance
        # Draft with full provenance.
        assert q.status == "draft", where
        assert p.origin == "generated" and p.generator in GENERATORS, where
        assert p.generator_version == GENERATORS[p.generator].version, where
        assert p.fingerprint is not None and re.fullmatch(r"[0-9a-f]{64}", p.fingerprint), where
        assert q.id == question_id(p.generator, p.fingerprint), where
        assert p.annotation_id == q.annotation_id is not None, where
        assert (
            q.kind == GENERATORS[p.generator].kind and q.skill == GENERATORS[p.generator].skill
        ), where
        assert q.skill in SKILLS and q.difficulty in DIFFICULTIES, where
        assert q.prompt.strip() and q.explanation.strip(), where
        assert q.articles and all(a in by_id for a in q.articles), where
        owner, ann = annotations[q.annotation_id]
        assert owner.id in q.articles and visible(ann), f"{where}: comes from a hidden annotation"
        if q.passage is not None:
            assert any(fold(q.passage) in fold(by_id[a].body) for a in q.articles), where
        # Every kind: the key earns full marks.
        key: object
        if q.kind == "single-choice":
            assert len(correct_ids(q)) == 1, (
                f"{where}: single-choice needs exactly one correct choice"
            )
            key = correct_ids(q)
        elif q.kind in ("multiple-choice", "hot-text"):
            key = correct_ids(q)
        elif q.kind == "ordering":
            key = tuple(c.id for c in q.choices)
        else:
            key = tuple(b.accepted[0] for b in q.blanks)
        assert grade(q, key).correct, where
        if q.choices:
            assert len({c.id for c in q.choices}) == len(q.choices), where
            assert len({normalise_answer(c.text) for c in q.choices}) == len(q.choices), (
                f"{where}: twin choices"
            )
        CHECKS[p.generator](q, by_id, annotations)


def check_verdict(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    _, ann = annotations[q.annotation_id]
    assert ann.category == "claim" and ann.verdict in VERDICTS
    offered = {c.id for c in q.choices}
    assert {c.text for c in q.choices if c.correct} == {VERDICT_LABELS[ann.verdict]}
    assert offered == {ann.verdict, *VERDICT_DISTRACTORS[ann.verdict]}
    for other in offered - {ann.verdict}:
        assert frozenset((ann.verdict, other)) not in BLURRED_VERDICTS, (
            f"{q.id}: {other} could be right"
        )
    assert ann.claim_reviewed and fold(ann.claim_reviewed.rstrip(".")) in fold(q.prompt)


def check_hot_text(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    (article_id,) = q.articles
    article = by_id[article_id]
    body, passage = article.body, q.passage
    assert passage and passage in body, f"{q.id}: the passage is not verbatim from the body"
    p0 = body.index(passage)
    p1 = p0 + len(passage)
    loaded = [n for n in article.annotations if n.category == "loaded-language"]
    expected = {
        n.quote.exact
        for n in loaded
        if visible(n) and p0 <= n.position.start and n.position.end <= p1
    }
    assert {c.text for c in q.choices if c.correct} == expected
    # Everything that could count as loaded: loaded-language and framing quotes wherever they occur,
    # and attribution spans (verbs such as "demanded"), whatever their status.
    blocked = [
        span
        for n in article.annotations
        if n.category in ("loaded-language", "framing", "attribution")
        for span in spans_of(body, n.quote.exact)
    ]
    for c in q.choices:
        assert c.text in passage, f"{q.id}: '{c.text}' is not verbatim in the passage"
        if c.correct:
            continue
        assert passage.count(c.text) == 1
        s = p0 + passage.index(c.text)
        e = s + len(c.text)
        assert not any(s < b1 and b0 < e for b0, b1 in blocked), (
            f"{q.id}: distractor '{c.text}' overlaps"
        )
        assert not any(fold(c.text) in fold(k) or fold(k) in fold(c.text) for k in expected)


def check_sourcing(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    owner, ann = annotations[q.annotation_id]
    assert ann.category == "attribution"
    sentence = q.passage or ""
    assert sentence in owner.body and fold(sentence) in fold(q.prompt)
    (correct,) = [c for c in q.choices if c.correct]
    if correct.text.startswith("None of these"):
        # Nobody is named: no other choice may appear in the passage.
        pass
    else:
        assert fold(correct.text) in fold(sentence), (
            f"{q.id}: the named source is not in the passage"
        )
    paragraph = next(p for p in owner.body.split("\n\n") if sentence in p)
    for c in q.choices:
        if c.correct:
            continue
        assert fold(c.text) not in fold(paragraph), (
            f"{q.id}: distractor '{c.text}' is in the passage"
        )
        names = [w for w in c.text.split() if w[:1].isupper()]
        if names and len(c.text.split()) <= 3 and not c.text.isupper():
            # A person or a group: its last name word ("Yoon", "Ho-jin", "Future") is not there.
            assert not re.search(rf"(?<![\w-]){re.escape(names[-1])}(?![\w-])", paragraph), (
                f"{q.id}: '{c.text}' is mentioned in the paragraph"
            )


def check_which_article(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    _, ann = annotations[q.annotation_id]
    key = ann.claim_key
    assert key is not None and len(q.articles) >= 2
    # Every listed article carries the claim.
    for article_id in q.articles:
        assert any(n.claim_key == key and visible(n) for n in by_id[article_id].annotations), (
            f"{q.id}: {article_id} does not carry claim_key {key}"
        )
    (correct,) = [c for c in q.choices if c.correct]
    holders = [a for a in q.articles if fold(q.passage or "") in fold(by_id[a].body)]
    if any(c.id == "neither" for c in q.choices):
        # The accuracy question: the key is the one article whose version is rated accurate.
        verdicts = {
            a: {n.verdict for n in by_id[a].annotations if n.claim_key == key and visible(n)}
            for a in q.articles
        }
        accurate = [a for a, v in verdicts.items() if v == {"accurate"}]
        assert accurate == [correct.id.removeprefix("art-")]
        assert all(v and "accurate" not in v for a, v in verdicts.items() if a != accurate[0])
    elif len(holders) == len(q.articles):
        assert correct.id == "both"
    else:
        assert holders == [correct.id.removeprefix("art-")], f"{q.id}: key disagrees with the text"


def check_cloze(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    (article_id,) = q.articles
    body = by_id[article_id].body
    assert q.text is not None and q.text.count("{1}") == 1 and len(q.blanks) == 1
    (blank,) = q.blanks
    (answer,) = blank.accepted
    assert q.text.replace("{1}", answer) in body, (
        f"{q.id}: filling the key does not give the article's words"
    )
    rest = q.text.replace("{1}", " ")
    assert [normalise_answer(o) for o in blank.options].count(normalise_answer(answer)) == 1
    assert len({normalise_answer(o) for o in blank.options}) == len(blank.options)
    assert 3 <= len(blank.options) <= 4
    others = [o for o in blank.options if o != answer]
    answer_date, answer_number = date_key(answer), number_value(answer)
    if answer_date is not None:
        sentence_dates = [k for k in (date_key(m) for m in _DATE_IN_TEXT.findall(rest)) if k]
        for o in others:
            key = date_key(o)
            assert key is not None, f"{q.id}: '{o}' is not a date"
            assert [x is None for x in key] == [x is None for x in answer_date], (
                f"{q.id}: '{o}' differs in kind"
            )
            assert not could_be_same_day(key, answer_date), (
                f"{q.id}: '{o}' could be the same date as '{answer}'"
            )
            assert not any(could_be_same_day(key, d) for d in sentence_dates), (
                f"{q.id}: '{o}' repeats a date"
            )
    elif answer_number is not None:
        for o in others:
            value = number_value(o)
            assert value is not None, f"{q.id}: '{o}' is not a number"
            assert ("%" in o) == ("%" in answer)
            assert abs(value - answer_number) > 0.1 * max(value, answer_number), (
                f"{q.id}: '{o}' ~ '{answer}'"
            )
    else:
        for o in others:
            assert date_key(o) is None and number_value(o) is None
            assert not set(o.split()) & set(answer.split()), f"{q.id}: '{o}' could name '{answer}'"
            assert not any(re.search(rf"\b{re.escape(w)}\b", rest) for w in o.split()), (
                f"{q.id}: '{o}' is in the sentence"
            )


def check_timeline(q: QuestionRecord, by_id: dict, annotations: dict) -> None:
    assert 3 <= len(q.choices) <= 5 and not any(c.correct for c in q.choices)
    dates = [dt.datetime.strptime(c.feedback or "", "%d %B %Y").date() for c in q.choices]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), f"{q.id}: not in date order"
    for c in q.choices:
        assert not re.search(r"\b(?:not|never|wrong|article)\b", c.text, re.IGNORECASE), c.text
        assert date_key(c.text) is None and not re.search(
            r"(?<!Resolution )(?<!No\. )\b(?:1[6-9]|20)\d\d\b", c.text
        ), f"{q.id}: the event '{c.text}' gives its date away"


CHECKS = {
    "verdict": check_verdict,
    "hot-text": check_hot_text,
    "sourcing": check_sourcing,
    "which-article": check_which_article,
    "cloze": check_cloze,
    "timeline": check_timeline,
}


# ----------------------------------------------------------------------------- the tests


def test_registry_names_versions_and_the_verdict_table() -> None:
    assert set(GENERATORS) == {
        "verdict",
        "hot-text",
        "sourcing",
        "which-article",
        "cloze",
        "timeline",
    }
    for name, generator in GENERATORS.items():
        assert (
            generator.name == name and isinstance(generator.version, int) and generator.version >= 1
        )
    assert set(VERDICT_DISTRACTORS) == set(VERDICTS)
    for verdict, wrong in VERDICT_DISTRACTORS.items():
        assert 2 <= len(wrong) <= 3 and verdict not in wrong
        # Two wrong options may be close to each other; a wrong one is never close to the key.
        for other in wrong:
            assert frozenset((verdict, other)) not in BLURRED_VERDICTS
    # An "accurate" note may carry a simplification or an omission: never offer those two.
    assert not {"partly-accurate", "misleading"} & set(VERDICT_DISTRACTORS["accurate"])


def test_every_generated_question_keeps_the_invariants(corpus: list[ArticleRecord]) -> None:
    questions = generate_all(corpus, seed=11)
    check_invariants(corpus, questions)
    made = {q.provenance.generator for q in questions}
    assert made == set(GENERATORS), f"no questions from {set(GENERATORS) - made}"


def test_generated_questions_pass_the_bank_rules_and_round_trip(
    corpus: list[ArticleRecord],
) -> None:
    """The same content rules a hand-written bank question meets, and the store's JSON payload."""
    from quizzes.bankfiles import payload_to_question, question_problems, question_to_payload

    bodies = {a.id: a.body for a in corpus}
    owners = {n.id: a.id for a in corpus for n in a.annotations}
    for q in generate_all(corpus, seed=2):
        assert question_problems(q, known_articles=bodies, known_annotations=owners) == [], q.id
        assert payload_to_question(question_to_payload(q)) == q


def test_same_seed_same_output(corpus: list[ArticleRecord]) -> None:
    assert generate_all(corpus, seed=3) == generate_all(corpus, seed=3)


def test_another_seed_gives_the_same_questions_in_another_order(
    corpus: list[ArticleRecord],
) -> None:
    runs = [generate_all(corpus, seed=s) for s in (1, 2, 3)]
    assert len({tuple(q.id for q in run) for run in runs}) == 1
    assert len({tuple(q.provenance.fingerprint for q in run) for run in runs}) == 1
    for versions in zip(*runs, strict=True):
        first = versions[0]
        for other in versions[1:]:
            assert replace(other, choices=(), blanks=()) == replace(first, choices=(), blanks=())
            assert sorted(other.choices, key=lambda c: c.id) == sorted(
                first.choices, key=lambda c: c.id
            )
            assert [(b.accepted, sorted(b.options)) for b in other.blanks] == [
                (b.accepted, sorted(b.options)) for b in first.blanks
            ]
    shuffles = {
        tuple(
            tuple(c.id for c in q.choices) + tuple(o for b in q.blanks for o in b.options)
            for q in run
        )
        for run in runs
    }
    assert len(shuffles) > 1, "the seed never changed an order"


def test_ordering_choices_are_never_shuffled(corpus: list[ArticleRecord]) -> None:
    a, b = (generate_all(corpus, seed=s) for s in (1, 2))
    for qa, qb in zip(a, b, strict=True):
        if qa.kind in ("ordering", "hot-text"):
            assert qa == qb  # chronological order / passage order is the content


def test_generating_twice_or_from_repeated_input_never_duplicates(
    corpus: list[ArticleRecord],
) -> None:
    once = generate_all(corpus, seed=5)
    assert generate_all(corpus, seed=5) == once
    doubled = generate_all([*corpus, *corpus, *reversed(corpus)], seed=5)
    assert {q.provenance.fingerprint for q in doubled} == {q.provenance.fingerprint for q in once}
    assert len({q.provenance.fingerprint for q in doubled}) == len(doubled)
    for generator in GENERATORS.values():
        alone = generator(corpus, seed=5)
        assert alone == generator(corpus, seed=5)
        assert alone == [q for q in once if q.provenance.generator == generator.name]


def test_article_filter_keeps_only_that_articles_questions(corpus: list[ArticleRecord]) -> None:
    everything = generate_all(corpus, seed=9)
    for article in corpus:
        mine = generate_all(corpus, seed=9, article_id=article.id)
        assert mine == [q for q in everything if article.id in q.articles]
    comparisons = [q for q in everything if len(q.articles) > 1]
    assert comparisons and all(q.provenance.generator == "which-article" for q in comparisons)


def test_drafts_and_orphans_never_seed_a_question() -> None:
    questions = generate_all(hand_corpus(), seed=1)
    hidden = {"h1-draft", "h1-orphan", "h1-ll-steady"}
    assert not hidden & {q.annotation_id for q in questions}
    for q in questions:
        texts = [
            q.prompt,
            q.explanation,
            q.passage or "",
            *(c.text for c in q.choices if c.correct),
        ]
        joined = " ".join(texts)
        assert "Draft note" not in joined and "Orphaned note" not in joined
        if q.kind == "hot-text":
            assert "constant and steady support" not in {c.text for c in q.choices}
    # Their notes' dates feed no timeline either.
    feedback = {c.feedback for q in questions if q.kind == "ordering" for c in q.choices}
    assert not {"1 January 2024", "2 January 2024"} & feedback


def test_no_global_random(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the global random generator was used")

    for name in (
        "seed",
        "random",
        "shuffle",
        "choice",
        "choices",
        "sample",
        "randint",
        "randrange",
    ):
        monkeypatch.setattr(random, name, boom)
    assert generate_all(hand_corpus(), seed=1)


def test_cloze_never_offers_the_same_date_written_another_way() -> None:
    """The pool holds "June 19th" and "19 June 2024" (in notes); the blank is Article 2's "June 19"."""
    questions = generate_all(hand_corpus(), seed=4)
    (june,) = [q for q in questions if q.kind == "cloze" and q.blanks[0].accepted == ("June 19",)]
    options = june.blanks[0].options
    assert "June 19" in options
    for o in options:
        if o != "June 19":
            key = date_key(o)
            assert key is not None and key[1:] != (6, 19)
    assert {"June 18", "June 20"} <= set(options)  # the closest other days, written the same way


def test_cloze_numbers_and_names_use_same_type_distractors() -> None:
    questions = [q for q in generate_all(hand_corpus(), seed=4) if q.kind == "cloze"]
    answers = {q.blanks[0].accepted[0]: q for q in questions}
    # "fifty thousand": distractors are counts in words (never 70,000 from the same sentence, nor
    # 75,000, within 10 % of it).
    fifty = answers["fifty thousand"]
    others = [o for o in fifty.blanks[0].options if o != "fifty thousand"]
    assert others and all(number_value(o) not in (50_000, 70_000, 75_000) for o in others)
    assert all(re.fullmatch(r"[a-z -]+", o) for o in others), others
    # Names are never someone else in the sentence, nor a part of the answer's own name.
    for q in questions:
        (answer,) = q.blanks[0].accepted
        if date_key(answer) is None and number_value(answer) is None:
            assert all(
                o == answer or not set(o.split()) & set(answer.split()) for o in q.blanks[0].options
            )


def test_hot_text_keys_and_distractors_from_the_seed_paragraph() -> None:
    questions = {
        q.annotation_id: q for q in generate_all(hand_corpus(), seed=2) if q.kind == "hot-text"
    }
    q = questions["h1-ll-illicit"]
    assert {c.text for c in q.choices if c.correct} == {
        "illicit arms programs",
        "would not buckle to Western pressure",
    }
    distractors = {c.text for c in q.choices if not c.correct}
    assert len(distractors) >= 2
    # The draft "constant and steady support" blocks its words; "demanded", "heavy" are evaluative.
    for word in ("constant", "steady", "demanded", "heavy", "praised"):
        assert not any(word in d for d in distractors), (word, distractors)


def test_sourcing_vague_and_named(corpus: list[ArticleRecord]) -> None:
    questions = [q for q in generate_all(corpus, seed=6) if q.provenance.generator == "sourcing"]
    vague = [
        q
        for q in questions
        if next(c for c in q.choices if c.correct).text.startswith("None of these")
    ]
    named = [q for q in questions if q not in vague]
    assert vague and named
    for q in vague:
        assert len(q.choices) >= 3 and q.difficulty == 2
    for q in named:
        (key,) = [c.text for c in q.choices if c.correct]
        assert "media" in key.lower() or key[:1].isupper()


def test_which_article_accuracy_question_points_at_the_accurate_version() -> None:
    questions = [
        q for q in generate_all(hand_corpus(), seed=8) if q.provenance.generator == "which-article"
    ]
    accuracy = [q for q in questions if any(c.id == "neither" for c in q.choices)]
    assert len(accuracy) == 1
    (q,) = accuracy
    assert correct_ids(q) == ("art-seed-ink-deal",) and q.difficulty == 3
    says = [q for q in questions if q not in accuracy]
    assert {q.annotation_id for q in says} == {"h1-c01", "h2-c01", "h1-c06b", "h2-c06"}


def test_timeline_from_dated_notes_in_order() -> None:
    (q,) = [q for q in generate_all(hand_corpus(), seed=1) if q.kind == "ordering"]
    assert [c.feedback for c in q.choices] == [
        "9 September 1948",
        "14 October 2006",
        "24 February 2022",
        "20 June 2024",
    ]
    assert q.choices[0].text == "North Korea was proclaimed, with Soviet backing"
    assert q.difficulty == 3 and q.articles == ("seed-ink-deal",)


def test_explanations_come_from_the_notes() -> None:
    questions = {
        q.annotation_id: q for q in generate_all(hand_corpus(), seed=1) if q.kind == "single-choice"
    }
    verdict = next(
        q
        for q in generate_all(hand_corpus(), seed=1)
        if q.provenance.generator == "verdict" and q.annotation_id == "h1-c01"
    )
    # Markdown is gone, and a note that opens with the label is not echoed twice.
    assert verdict.explanation.startswith("Accurate, with one simplification. KCNA")
    assert "**" not in verdict.explanation and "without delay" in verdict.explanation
    assert (
        questions["h2-at-experts"].explanation
        == "Which experts? None is named, so the claim cannot be checked."
    )


def _cut(articles: Sequence[ArticleRecord], keep: Sequence[bool]) -> list[ArticleRecord]:
    flags = iter(keep)
    return [
        replace(a, annotations=tuple(n for n in a.annotations if next(flags, True)))
        for a in articles
    ]


_HAND = hand_corpus()
_SHIPPED = shipped_corpus()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keep=st.lists(st.booleans(), min_size=0, max_size=120),
    seed=st.integers(min_value=0, max_value=2**32),
    shipped=st.booleans(),
)
def test_invariants_hold_for_any_cut_of_the_corpus_and_any_seed(
    keep: list[bool], seed: int, shipped: bool
) -> None:
    base = _SHIPPED if shipped and _SHIPPED is not None else _HAND
    articles = _cut(base, keep)
    questions = generate_all(articles, seed=seed)
    check_invariants(articles, questions)
    assert generate_all(articles, seed=seed) == questions
