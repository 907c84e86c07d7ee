"""Plain, frozen records of questions: what the bank YAML holds, what the store holds, what the
exporters and the player consume.

A question's `kind` decides which payload fields it uses:

| kind            | payload                                                                    | response (what a learner gives)          |
|-----------------|----------------------------------------------------------------------------|------------------------------------------|
| single-choice   | choices (exactly one correct)                                              | tuple of one choice id                   |
| multiple-choice | choices (one or more correct)                                              | tuple of choice ids                      |
| true-false      | answer                                                                     | bool                                     |
| short-answer    | accepted                                                                   | str                                      |
| cloze           | text with `{1}`, `{2}` … markers; blanks (one Blank per marker, in order)  | tuple of str, one per blank              |
| hot-text        | passage (a text) and choices (phrases inside it; correct ones are the key) | tuple of choice ids (phrases selected)   |
| ordering        | choices, listed in the correct order                                       | tuple of choice ids in the learner order |
| matching        | pairs (left ↔ right)                                                       | tuple of (left id, right id) pairs       |

Grading lives in `quizzes.grading`; every kind grades to a fraction in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS: tuple[str, ...] = (
    "single-choice",
    "multiple-choice",
    "true-false",
    "short-answer",
    "cloze",
    "hot-text",
    "ordering",
    "matching",
)

COMPREHENSION_SKILLS: tuple[str, ...] = ("main-idea", "detail", "inference", "vocabulary", "sequence")
MEDIA_LITERACY_SKILLS: tuple[str, ...] = ("sourcing", "evidence", "corroboration", "language", "framing")
SKILLS: tuple[str, ...] = COMPREHENSION_SKILLS + MEDIA_LITERACY_SKILLS

QUESTION_STATUSES: tuple[str, ...] = ("draft", "approved", "retired")

# Difficulty is 1 (easy) to 3 (hard).
DIFFICULTIES: tuple[int, ...] = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str  # stable within the question: "a", "b", … or a slug
    text: str
    correct: bool = False
    feedback: str | None = None  # shown when this choice is picked (practice mode)


@dataclass(frozen=True, slots=True)
class Blank:
    accepted: tuple[str, ...]  # normalised comparison (case, spacing, punctuation)
    options: tuple[str, ...] = ()  # when non-empty, the blank is a drop-down of these


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a question came from: authored by a person, or generated from an annotation."""

    origin: str  # "authored" | "generated"
    generator: str | None = None  # e.g. "verdict"
    generator_version: int | None = None
    annotation_id: str | None = None
    fingerprint: str | None = None  # dedupe key for generated questions


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    id: str  # slug, stable across versions
    kind: str
    skill: str
    difficulty: int
    prompt: str
    explanation: str
    articles: tuple[str, ...] = ()  # article ids the question is about (two for comparisons)
    annotation_id: str | None = None  # the annotation that explains the answer
    passage: str | None = None  # or a quote from the article that explains it
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None  # true-false
    accepted: tuple[str, ...] = ()  # short-answer
    text: str | None = None  # cloze text with {1}, {2}… markers
    blanks: tuple[Blank, ...] = ()  # cloze
    pairs: tuple[Pair, ...] = ()  # matching
    status: str = "approved"
    version: int = 1
    provenance: Provenance = field(default_factory=lambda: Provenance(origin="authored"))
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Grade:
    """The outcome of grading one response."""

    fraction: float  # 0.0 … 1.0
    correct: bool  # fraction == 1.0
    detail: tuple[str, ...] = ()  # per-part notes for feedback ("blank 2: expected 'June 20'")
