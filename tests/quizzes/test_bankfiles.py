"""The bank YAML format: every kind loads, every kind of mistake is reported at its
file:line:column, and records survive YAML and JSON round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.corpusfiles import read_corpus
from corpus.library import library_folder
from quizzes.bank import shipped_bank_folder
from quizzes.bankfiles import bank_to_yaml, payload_to_question, question_to_payload, read_bank
from quizzes.items import KINDS, SKILLS, Blank, Choice, Pair, Provenance, QuestionRecord

A1 = "russia-nk-ink-deal"
A2 = "nk-releases-deal-details"
PASSAGE = "worldwide isolation due to Putin’s invasion of Ukraine in 2022"

EVERY_KIND = f"""\
questions:
  - id: q-single
    kind: single-choice
    skill: main-idea
    difficulty: 1
    articles: [{A1}]
    annotation: a1-c01
    status: approved
    prompt: "What is Article 1 mainly about?"
    choices:
      - {{id: a, text: "A pact promising military help.", correct: true}}
      - {{id: b, text: "Troops sent to Ukraine.", feedback: "Not in the article."}}
    explanation: "The first paragraph says so."

  - id: q-multiple
    kind: multiple-choice
    skill: evidence
    difficulty: 3
    articles: [{A1}]
    annotation: a1-c01
    status: draft
    prompt: "Which phrases did Kim use?"
    choices:
      - {{id: a, text: "dearest friend", correct: true}}
      - {{id: b, text: "most honest friend and ally"}}
      - {{id: c, text: "best ally of Koreans"}}
    explanation: "The article blends two phrases."

  - id: q-true-false
    kind: true-false
    skill: corroboration
    difficulty: 1
    articles: [{A1}]
    annotation: a1-c02
    status: approved
    prompt: "True or false: the relationship began with the war."
    answer: false
    explanation: "It dates from 1948."

  - id: q-short
    kind: short-answer
    skill: detail
    difficulty: 1
    articles: [{A1}]
    annotation: a1-c01
    status: approved
    prompt: "Which automaker made the car?"
    accepted: [Aurus]
    explanation: "An Aurus."

  - id: q-cloze
    kind: cloze
    skill: sequence
    difficulty: 2
    articles: [{A2}]
    annotation: a2-c01
    status: approved
    prompt: "Fix the timeline."
    text: "Signed on {{1}} June; published {{2}} day later."
    blanks:
      - {{accepted: ["19", "19th"]}}
      - {{accepted: [one], options: [one, two, three]}}
    explanation: "19 June, then 20 June."

  - id: q-hot-text
    kind: hot-text
    skill: language
    difficulty: 2
    articles: [{A1}]
    passage: "{PASSAGE}"
    status: approved
    prompt: "Which phrase is an overstatement?"
    choices:
      - {{id: a, text: "worldwide isolation", correct: true}}
      - {{id: b, text: "in 2022"}}
    explanation: "Russia kept close ties with many countries."

  - id: q-ordering
    kind: ordering
    skill: sequence
    difficulty: 2
    articles: [{A1}, {A2}]
    annotation: a1-c01
    status: approved
    prompt: "Earliest first."
    choices:
      - {{id: signing, text: "The treaty is signed"}}
      - {{id: kcna, text: "KCNA publishes it"}}
      - {{id: duma, text: "The Duma ratifies it"}}
    explanation: "19 June, 20 June, 24 October."

  - id: q-matching
    kind: matching
    skill: framing
    difficulty: 3
    articles: [{A1}, {A2}]
    annotation: a2-c01
    status: retired
    prompt: "Match each technique with its example."
    pairs:
      - {{id: p1, left: "A loaded label", right: "'dictatorships'"}}
      - {{id: p2, left: "An anonymous attribution", right: "'reporters said'"}}
    explanation: "Both articles use them."
    tags: [unit-1]
"""


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def where(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:column` (1-based) of the `occurrence`-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


@pytest.fixture(scope="module")
def library() -> tuple[dict[str, str], dict[str, str]]:
    """Article bodies and annotation owners of the shipped corpus."""
    parsed = read_corpus([str(library_folder())])
    assert parsed.ok, parsed.problems
    bodies = {a.id: a.body for a in parsed.articles}
    owners = {n.id: a.id for a in parsed.articles for n in a.annotations}
    return bodies, owners


# ---------------------------------------------------------------------------- loading


def test_every_kind_loads(tmp_path: Path, library: tuple[dict[str, str], dict[str, str]]) -> None:
    bodies, owners = library
    parsed = read_bank([write(tmp_path, EVERY_KIND)], known_articles=bodies, known_annotations=owners)
    assert parsed.problems == []
    by_id = {q.id: q for q in parsed.questions}
    assert sorted(q.kind for q in parsed.questions) == sorted(KINDS)
    assert by_id["q-single"].choices[0] == Choice(id="a", text="A pact promising military help.", correct=True)
    assert by_id["q-single"].choices[1].feedback == "Not in the article."
    assert by_id["q-multiple"].status == "draft"
    assert by_id["q-true-false"].answer is False
    assert by_id["q-short"].accepted == ("Aurus",)
    assert by_id["q-cloze"].blanks == (Blank(accepted=("19", "19th")), Blank(accepted=("one",), options=("one", "two", "three")))
    assert by_id["q-hot-text"].passage == PASSAGE
    assert [c.id for c in by_id["q-ordering"].choices] == ["signing", "kcna", "duma"]
    assert by_id["q-ordering"].articles == (A1, A2)
    assert by_id["q-matching"].pairs[0] == Pair(id="p1", left="A loaded label", right="'dictatorships'")
    assert by_id["q-matching"].tags == ("unit-1",)
    assert all(q.provenance == Provenance(origin="authored") and q.version == 1 for q in parsed.questions)
    assert parsed.locations["q-short"].endswith("bank.yaml:" + where(EVERY_KIND, "id: q-short").split(":")[0])


def test_the_shipped_bank_is_valid_against_the_shipped_corpus(library: tuple[dict[str, str], dict[str, str]]) -> None:
    bodies, owners = library
    parsed = read_bank([shipped_bank_folder()], known_articles=bodies, known_annotations=owners)
    assert parsed.problems == []
    assert len(parsed.questions) >= 40
    assert {q.kind for q in parsed.questions} == set(KINDS)


def test_folders_are_expanded_and_an_empty_selection_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path, EVERY_KIND, "a.yaml")
    assert len(read_bank([tmp_path]).questions) == 8
    empty = tmp_path / "empty"
    empty.mkdir()
    assert read_bank([empty]).problems == ["no bank files: give a folder or .yaml files"]


# ---------------------------------------------------------------------------- mistakes

SINGLE = f"""\
questions:
  - id: q-one
    kind: single-choice
    skill: main-idea
    difficulty: 1
    articles: [{A1}]
    annotation: a1-c01
    status: approved
    prompt: "What is it about?"
    choices:
      - {{id: a, text: "A pact.", correct: true}}
      - {{id: b, text: "Troops."}}
    explanation: "The first paragraph."
"""

# (name, replace this, with this, needle whose position the problem must point at, message part)
MISTAKES = [
    ("unknown kind", "kind: single-choice", "kind: essay", "essay", "unknown kind 'essay'"),
    ("unknown skill", "skill: main-idea", "skill: spelling", "spelling", "unknown skill 'spelling'"),
    ("unknown status", "status: approved", "status: published", "published", "unknown status 'published'"),
    ("difficulty out of range", "difficulty: 1", "difficulty: 4", "4", "difficulty 4 is out of range"),
    ("difficulty of the wrong type", "difficulty: 1", "difficulty: hard", "hard", "wrong type for 'difficulty'"),
    ("extra field", "    explanation:", "    colour: red\n    explanation:", "red", "unknown field 'colour'"),
    ("extra field in a choice", "{id: b, text: \"Troops.\"}", "{id: b, text: \"Troops.\", right: 1}", "1}", "unknown field 'right'"),
    ("missing field", "    prompt: \"What is it about?\"\n", "", "id: q-one", "missing field 'prompt'"),
    ("bad id", "id: q-one", "id: Q One", "Q One", "bad id 'Q One'"),
    ("no article", f"articles: [{A1}]", "articles: []", "[]", "at least one article"),
    ("no link", "    annotation: a1-c01\n", "", "id: q-one", "link the question to an 'annotation' or a 'passage'"),
    ("two correct", "{id: b, text: \"Troops.\"}", "{id: b, text: \"Troops.\", correct: true}", "- {id: a", "exactly one correct choice, not 2"),
    ("duplicate choice id", "{id: b, text", "{id: a, text", "a, text: \"Troops", "duplicate choice id 'a'"),
    ("field the kind does not use", "    explanation:", "    answer: true\n    explanation:", "true\n", "'answer' is not used by a single-choice question"),
    ("empty prompt", "prompt: \"What is it about?\"", "prompt: \"  \"", "\"  \"", "the prompt is empty"),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "message"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_reported_where_it_is(
    tmp_path: Path, name: str, old: str, new: str, needle: str, message: str
) -> None:
    assert old in SINGLE
    text = SINGLE.replace(old, new, 1)
    path = write(tmp_path, text)
    problems = read_bank([path]).problems
    expected = f"{path}:{where(text, needle)}: "
    assert any(p.startswith(expected) and message in p for p in problems), (expected, message, problems)


KIND_MISTAKES = [
    ("multiple-choice with no correct choice", "q-multiple", "{id: a, text: \"dearest friend\", correct: true}",
     "{id: a, text: \"dearest friend\"}", ("- {id: a, text: \"dearest", 1), "at least one correct choice"),
    ("true-false without an answer", "q-true-false", "    answer: false\n", "", ("id: q-true-false", 1), "needs 'answer: true' or 'answer: false'"),
    ("short-answer without accepted answers", "q-short", "    accepted: [Aurus]\n", "", ("id: q-short", 1), "needs 'accepted' answers"),
    ("cloze markers do not match the blanks", "q-cloze", "published {2} day later", "published {3} day later",
     ("\"Signed on", 1), "the text has markers {1}, {3} but there are 2 blanks"),
    ("cloze drop-down without its answer", "q-cloze", "options: [one, two, three]", "options: [two, three]",
     ("[two, three]", 1), "none of blank 2's accepted answers is among its options"),
    ("hot-text phrase not in the passage", "q-hot-text", "text: \"in 2022\"", "text: \"in 2023\"", ("\"in 2023\"", 1),
     "the phrase 'in 2023' is not in the passage"),
    ("hot-text without a passage", "q-hot-text", f"    passage: \"{PASSAGE}\"\n", "    annotation: a1-c06\n",
     ("id: q-hot-text", 1), "needs the 'passage'"),
    ("ordering with one item", "q-ordering", "      - {id: kcna, text: \"KCNA publishes it\"}\n      - {id: duma, text: \"The Duma ratifies it\"}\n",
     "", ("- {id: signing", 1), "needs at least 2 items, not 1"),
    ("ordering item marked correct", "q-ordering", "{id: kcna, text: \"KCNA publishes it\"}",
     "{id: kcna, text: \"KCNA publishes it\", correct: true}", ("true}", 1), "drop 'correct'"),
    ("matching with one pair", "q-matching", "      - {id: p2, left: \"An anonymous attribution\", right: \"'reporters said'\"}\n",
     "", ("- {id: p1", 1), "needs at least 2 pairs, not 1"),
]


@pytest.mark.parametrize(
    ("name", "question", "old", "new", "needle", "message"), KIND_MISTAKES, ids=[m[0] for m in KIND_MISTAKES]
)
def test_kind_rules_are_reported_where_they_fail(
    tmp_path: Path, name: str, question: str, old: str, new: str, needle: tuple[str, int], message: str
) -> None:
    start = EVERY_KIND.index(f"id: {question}")
    assert old in EVERY_KIND[start:]
    text = EVERY_KIND[:start] + EVERY_KIND[start:].replace(old, new, 1)
    path = write(tmp_path, text)
    problems = read_bank([path]).problems
    line_col = where(text[start:], needle[0], needle[1])
    line, col = (int(x) for x in line_col.split(":"))
    line += text.count("\n", 0, start)
    if needle[0].startswith("id: "):
        col = where(text, needle[0]).split(":")[1]  # type: ignore[assignment]
    expected = f"{path}:{line}:{col}: "
    assert any(p.startswith(expected) and message in p for p in problems), (expected, message, problems)
    assert len(problems) == 1, problems


def test_known_ids_and_passages_are_checked(tmp_path: Path, library: tuple[dict[str, str], dict[str, str]]) -> None:
    bodies, owners = library
    text = (
        SINGLE.replace(f"articles: [{A1}]", "articles: [no-such-article]")
        .replace("annotation: a1-c01", "annotation: a9-c99")
    )
    path = write(tmp_path, text)
    problems = read_bank([path], known_articles=bodies, known_annotations=owners).problems
    assert f"{path}:{where(text, 'no-such-article')}: unknown article 'no-such-article'" in problems
    assert f"{path}:{where(text, 'a9-c99')}: unknown annotation 'a9-c99'" in problems

    wrong_owner = SINGLE.replace("annotation: a1-c01", "annotation: a2-c01")
    path = write(tmp_path, wrong_owner, "owner.yaml")
    problems = read_bank([path], known_articles=bodies, known_annotations=owners).problems
    at = where(wrong_owner, "a2-c01")
    message = f"annotation 'a2-c01' belongs to article '{A2}', which the question does not list in 'articles'"
    assert problems == [f"{path}:{at}: {message}"]

    not_in_article = SINGLE.replace("    annotation: a1-c01\n", "    passage: \"words the article never says\"\n")
    path = write(tmp_path, not_in_article, "passage.yaml")
    problems = read_bank([path], known_articles=bodies, known_annotations=owners).problems
    at = where(not_in_article, '"words the')
    assert problems == [
        f"{path}:{at}: the passage is not in the text of the question's articles"
    ]
    # Quote style and spacing are folded: a straight apostrophe finds the curly one.
    folded = SINGLE.replace("    annotation: a1-c01\n", "    passage: \"Putin's  worldwide isolation\"\n")
    path = write(tmp_path, folded, "folded.yaml")
    assert read_bank([path], known_articles=bodies, known_annotations=owners).problems == []


def test_duplicate_ids_across_files_and_broken_files(tmp_path: Path) -> None:
    first = write(tmp_path, SINGLE, "a.yaml")
    second = write(tmp_path, SINGLE, "b.yaml")
    broken = write(tmp_path, "questions:\n  - id: x\n    kind: [unclosed\n", "c.yaml")
    not_a_mapping = write(tmp_path, "- just a list\n", "d.yaml")
    extra_top = write(tmp_path, "questions: []\nquizzes: []\n", "e.yaml")
    problems = read_bank([first, second, broken, not_a_mapping, extra_top]).problems
    at = where(SINGLE, "q-one")
    assert f"{second}:{at}: duplicate question id 'q-one' (first defined at {first}:{at})" in problems
    assert any(p.startswith(f"{broken}:") and "not valid YAML" in p for p in problems)
    assert f"{not_a_mapping}:1:1: expected a mapping with a 'questions' list at the top of the file" in problems
    assert f"{extra_top}:2:10: unknown field 'quizzes' (a bank file holds 'questions')" in problems


def test_every_problem_is_reported_in_one_pass(tmp_path: Path) -> None:
    text = EVERY_KIND.replace("kind: true-false", "kind: essay").replace("text: \"in 2022\"", "text: \"in 1999\"")
    text = text.replace("difficulty: 3\n    articles: [russia-nk-ink-deal]\n    annotation: a1-c01\n    status: draft",
                        "difficulty: 0\n    articles: [russia-nk-ink-deal]\n    annotation: a1-c01\n    status: draft")
    problems = read_bank([write(tmp_path, text)]).problems
    assert len(problems) == 3, problems
    parsed = read_bank([write(tmp_path, text)])
    assert len(parsed.questions) == 7  # the essay question did not validate; the rest are records


# ---------------------------------------------------------------------------- round trips

AWKWARD = QuestionRecord(
    id="gen-verdict-0001",
    kind="multiple-choice",
    skill="evidence",
    difficulty=2,
    prompt="Line one: a colon\nLine two — with 'quotes' and \"doubles\" and a trailing space ",
    explanation="# not a comment\n- not a list",
    articles=(A1, A2),
    annotation_id="a1-c01",
    passage="  leading spaces",
    choices=(
        Choice(id="yes", text="true", correct=True),
        Choice(id="no", text="null", feedback="{not: a mapping}"),
        Choice(id="3", text="3"),
    ),
    status="draft",
    version=4,
    provenance=Provenance(origin="generated", generator="verdict", generator_version=2, annotation_id="a1-c01", fingerprint="ab" * 32),
    tags=("unit-1", "yes"),
)


def test_yaml_round_trip_is_stable(tmp_path: Path) -> None:
    records = [*read_bank([shipped_bank_folder()]).questions, AWKWARD]
    text = bank_to_yaml(records)
    parsed = read_bank([write(tmp_path, text)])
    assert parsed.problems == []
    assert parsed.questions == records
    assert bank_to_yaml(parsed.questions) == text


def test_payload_round_trip_is_json_safe_and_lossless() -> None:
    for q in [*read_bank([shipped_bank_folder()]).questions, AWKWARD]:
        payload = question_to_payload(q)
        assert payload_to_question(json.loads(json.dumps(payload))) == q


# NEL (U+0085) is left out: corpus.yamlio.dump_yaml writes it raw inside a single-quoted scalar,
# where YAML reads it as a line break (reported to the owner of corpus/yamlio.py).
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85"), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")


@st.composite
def questions(draw: st.DrawFn) -> QuestionRecord:
    kind = draw(st.sampled_from(["single-choice", "multiple-choice", "ordering"]))
    n = draw(st.integers(2, 5))
    correct = draw(st.integers(0, n - 1))
    choices = tuple(
        Choice(id=f"c{i}", text=draw(texts), correct=(i == correct and kind != "ordering"),
               feedback=draw(st.none() | texts))
        for i in range(n)
    )
    return QuestionRecord(
        id=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True)),
        kind=kind, skill=draw(st.sampled_from(SKILLS)), difficulty=draw(st.integers(1, 3)),
        prompt=draw(texts), explanation=draw(texts), articles=(A1,), annotation_id="a1-c01",
        choices=choices, tags=tuple(draw(st.lists(texts, max_size=2))),
    )


@settings(max_examples=60, deadline=None)
@given(questions())
def test_any_valid_question_round_trips_through_yaml(q: QuestionRecord) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.yaml"
        path.write_text(bank_to_yaml([q]), encoding="utf-8")
        parsed = read_bank([path])
    assert parsed.problems == []
    assert parsed.questions == [q]
