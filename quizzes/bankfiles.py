"""The question-bank YAML format (docs/bank-format.md): validation with pydantic, precise
locations, conversion to `QuestionRecord`s, writing records back, and the JSON payload a
`QuestionVersion` stores.

`read_bank(paths)` validates every file before anything is written and reports every problem as
`file:line:column: message`; it never raises for bad input. The content rules (one correct
choice for single-choice, cloze markers matching the blanks, hot-text phrases inside the
passage, …) live in `question_problems`, so a question made in the app is held to exactly the
rules a question read from a file is.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from corpus.anchoring import find_quote
from corpus.corpusfiles import SLUG, _pydantic_problems
from corpus.yamlio import Located, dump_yaml, iter_yaml_files, load_located, load_located_text
from quizzes.grading import normalise_answer
from quizzes.items import (
    DIFFICULTIES,
    KINDS,
    QUESTION_STATUSES,
    SKILLS,
    Blank,
    Choice,
    Pair,
    Provenance,
    QuestionRecord,
)

__all__ = [
    "ParsedBank",
    "bank_to_yaml",
    "payload_to_question",
    "question_problems",
    "question_to_payload",
    "read_bank",
]

Kind = Literal[
    "single-choice", "multiple-choice", "true-false", "short-answer", "cloze", "hot-text",
    "ordering", "matching",
]
Skill = Literal[
    "main-idea", "detail", "inference", "vocabulary", "sequence",
    "sourcing", "evidence", "corroboration", "language", "framing",
]
Status = Literal["draft", "approved", "retired"]
Origin = Literal["authored", "generated"]
ORIGINS: tuple[str, ...] = ("authored", "generated")

Where = tuple[str | int, ...]  # a path inside one question, e.g. ("choices", 2, "text")

CLOZE_MARKER = re.compile(r"\{(\d+)\}")

# Which payload fields each kind uses; the others must stay empty.
_KIND_FIELDS: dict[str, frozenset[str]] = {
    "single-choice": frozenset({"choices"}),
    "multiple-choice": frozenset({"choices"}),
    "true-false": frozenset({"answer"}),
    "short-answer": frozenset({"accepted"}),
    "cloze": frozenset({"text", "blanks"}),
    "hot-text": frozenset({"choices"}),
    "ordering": frozenset({"choices"}),
    "matching": frozenset({"pairs"}),
}
_PAYLOAD_FIELDS = ("choices", "answer", "accepted", "text", "blanks", "pairs")


# ---------------------------------------------------------------------------- the YAML schema


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ChoiceModel(_Strict):
    id: str
    text: str
    correct: bool = False
    feedback: str | None = None


class BlankModel(_Strict):
    accepted: list[str]
    options: list[str] = []


class PairModel(_Strict):
    id: str
    left: str
    right: str


class ProvenanceModel(_Strict):
    origin: Origin
    generator: str | None = None
    generator_version: int | None = None
    annotation: str | None = None
    fingerprint: str | None = None


class QuestionModel(_Strict):
    id: str
    kind: Kind
    skill: Skill
    difficulty: int
    articles: list[str]
    annotation: str | None = None
    passage: str | None = None
    status: Status
    prompt: str
    choices: list[ChoiceModel] | None = None
    answer: bool | None = None
    accepted: list[str] | None = None
    text: str | None = None
    blanks: list[BlankModel] | None = None
    pairs: list[PairModel] | None = None
    explanation: str
    tags: list[str] = []
    # Written when a stored question is exported; an import lets the store number versions.
    version: int | None = None
    provenance: ProvenanceModel | None = None


# ---------------------------------------------------------------------------- content rules


def _occurs(haystack: str, needle: str) -> bool:
    """Whether `needle` is inside `haystack`, folding whitespace, quote and dash style."""
    return bool(find_quote(haystack, needle))


def question_problems(
    q: QuestionRecord,
    *,
    known_articles: Collection[str] | Mapping[str, str] | None = None,
    known_annotations: Collection[str] | Mapping[str, str] | None = None,
) -> list[tuple[Where, str]]:
    """Every content problem of one question, each as (path inside the question, message).

    `known_articles` (article ids, or a mapping id → body) and `known_annotations` (annotation
    ids, or a mapping id → article id) are checked when given. With bodies, a `passage` must
    occur in one of the question's articles; with annotation → article, the annotation must
    belong to one of them.
    """
    out: list[tuple[Where, str]] = []

    def problem(where: Where, message: str) -> None:
        out.append((where, message))

    if not SLUG.match(q.id):
        problem(("id",), f"bad id '{q.id}': use lowercase letters, digits and hyphens")
    if q.kind not in KINDS:
        problem(("kind",), f"unknown kind '{q.kind}'; expected one of: {', '.join(KINDS)}")
    if q.skill not in SKILLS:
        problem(("skill",), f"unknown skill '{q.skill}'; expected one of: {', '.join(SKILLS)}")
    if q.status not in QUESTION_STATUSES:
        problem(("status",), f"unknown status '{q.status}'; expected one of: {', '.join(QUESTION_STATUSES)}")
    if q.difficulty not in DIFFICULTIES or isinstance(q.difficulty, bool):
        problem(("difficulty",), f"difficulty {q.difficulty} is out of range: use 1 (easy), 2 (medium) or 3 (hard)")
    if q.version < 1:
        problem(("version",), f"version {q.version} is out of range: versions start at 1")
    if not q.prompt.strip():
        problem(("prompt",), "the prompt is empty")
    # A draft (generated, or imported from another tool) may still lack its explanation and its
    # link to the article; the teacher adds them in review, and approval checks them.
    if not q.explanation.strip() and q.status != "draft":
        problem(("explanation",), "the explanation is empty")

    # Articles, annotation, passage.
    if not q.articles:
        problem(("articles",), "a question needs at least one article")
    seen_articles: set[str] = set()
    for i, article in enumerate(q.articles):
        if article in seen_articles:
            problem(("articles", i), f"article '{article}' is listed twice")
        seen_articles.add(article)
        if known_articles is not None and article not in known_articles:
            problem(("articles", i), f"unknown article '{article}'")
    if q.annotation_id is None and not (q.passage or "").strip() and q.status != "draft":
        problem((), "link the question to an 'annotation' or a 'passage' that explains it")
    if q.annotation_id is not None and known_annotations is not None:
        if q.annotation_id not in known_annotations:
            problem(("annotation",), f"unknown annotation '{q.annotation_id}'")
        elif isinstance(known_annotations, Mapping):
            owner = known_annotations[q.annotation_id]
            if q.articles and owner not in q.articles:
                problem(
                    ("annotation",),
                    f"annotation '{q.annotation_id}' belongs to article '{owner}', which the "
                    "question does not list in 'articles'",
                )
    if q.passage is not None:
        if not q.passage.strip():
            problem(("passage",), "the passage is empty")
        elif isinstance(known_articles, Mapping):
            bodies = [known_articles[a] for a in q.articles if a in known_articles]
            if bodies and not any(_occurs(body, q.passage) for body in bodies):
                problem(("passage",), "the passage is not in the text of the question's articles")

    # Fields the kind does not use.
    used = _KIND_FIELDS.get(q.kind, frozenset(_PAYLOAD_FIELDS))
    for name in _PAYLOAD_FIELDS:
        value = getattr(q, name)
        if name not in used and value not in (None, ()):
            problem((name,), f"'{name}' is not used by a {q.kind} question")

    # Kind-specific rules.
    if q.kind in {"single-choice", "multiple-choice", "hot-text", "ordering"}:
        _choice_problems(q, problem)
    elif q.kind == "true-false":
        if q.answer is None:
            problem(("answer",), "a true-false question needs 'answer: true' or 'answer: false'")
    elif q.kind == "short-answer":
        if not q.accepted:
            problem(("accepted",), "a short-answer question needs 'accepted' answers")
        for i, text in enumerate(q.accepted):
            if not normalise_answer(text):
                problem(("accepted", i), "an accepted answer is empty once case, spacing and punctuation are ignored")
    elif q.kind == "cloze":
        _cloze_problems(q, problem)
    elif q.kind == "matching":
        if len(q.pairs) < 2:
            problem(("pairs",), f"a matching question needs at least 2 pairs, not {len(q.pairs)}")
        seen_pairs: set[str] = set()
        for i, pair in enumerate(q.pairs):
            if not pair.id.strip():
                problem(("pairs", i, "id"), "the pair id is empty")
            elif pair.id in seen_pairs:
                problem(("pairs", i, "id"), f"duplicate pair id '{pair.id}'")
            seen_pairs.add(pair.id)
            for side in ("left", "right"):
                if not getattr(pair, side).strip():
                    problem(("pairs", i, side), f"the {side} side of the pair is empty")

    # Provenance.
    p = q.provenance
    if p.origin not in ORIGINS:
        problem(("provenance", "origin"), f"unknown origin '{p.origin}'; expected one of: {', '.join(ORIGINS)}")
    elif p.origin == "generated" and not p.generator:
        problem(("provenance",), "a generated question names its 'generator'")
    return out


def _choice_problems(q: QuestionRecord, problem: Any) -> None:
    if len(q.choices) < 2:
        what = "items" if q.kind == "ordering" else "phrases" if q.kind == "hot-text" else "choices"
        problem(("choices",), f"a {q.kind} question needs at least 2 {what}, not {len(q.choices)}")
    seen: set[str] = set()
    for i, choice in enumerate(q.choices):
        if not choice.id.strip():
            problem(("choices", i, "id"), "the choice id is empty")
        elif choice.id in seen:
            problem(("choices", i, "id"), f"duplicate choice id '{choice.id}'")
        seen.add(choice.id)
        if not choice.text.strip():
            problem(("choices", i, "text"), "the choice text is empty")
    correct = sum(1 for c in q.choices if c.correct)
    if q.kind == "single-choice" and q.choices and correct != 1:
        problem(("choices",), f"a single-choice question has exactly one correct choice, not {correct}")
    if q.kind == "multiple-choice" and q.choices and correct < 1:
        problem(("choices",), "a multiple-choice question needs at least one correct choice")
    if q.kind == "ordering":
        for i, choice in enumerate(q.choices):
            if choice.correct:
                problem(("choices", i, "correct"), "ordering items are listed in the correct order; drop 'correct'")
    if q.kind == "hot-text":
        if q.choices and correct < 1:
            problem(("choices",), "a hot-text question needs at least one correct phrase")
        if q.passage is None or not q.passage.strip():
            problem(("passage",), "a hot-text question needs the 'passage' its phrases are chosen from")
        else:
            for i, choice in enumerate(q.choices):
                if choice.text.strip() and not _occurs(q.passage, choice.text):
                    problem(("choices", i, "text"), f"the phrase '{choice.text}' is not in the passage")


def _cloze_problems(q: QuestionRecord, problem: Any) -> None:
    if q.text is None or not q.text.strip():
        problem(("text",), "a cloze question needs a 'text' with {1}, {2} … markers")
        return
    if not q.blanks:
        problem(("blanks",), "a cloze question needs 'blanks', one per marker")
    numbers = [int(m) for m in CLOZE_MARKER.findall(q.text)]
    expected = list(range(1, len(q.blanks) + 1))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        problem(("text",), f"marker {{{repeated[0]}}} appears more than once")
    if sorted(set(numbers)) != expected:
        shown = ", ".join(f"{{{n}}}" for n in sorted(set(numbers))) or "none"
        problem(
            ("text",),
            f"the text has markers {shown} but there are {len(q.blanks)} blanks; "
            f"number the markers {{1}} to {{{len(q.blanks)}}}, one per blank",
        )
    for i, blank in enumerate(q.blanks):
        if not blank.accepted:
            problem(("blanks", i), f"blank {i + 1} needs 'accepted' answers")
        for j, text in enumerate(blank.accepted):
            if not normalise_answer(text):
                problem(("blanks", i, "accepted", j), "an accepted answer is empty once case, spacing and punctuation are ignored")
        if blank.options:
            if len(blank.options) < 2:
                problem(("blanks", i, "options"), "a drop-down blank needs at least 2 options")
            options = {normalise_answer(o) for o in blank.options}
            if blank.accepted and not any(normalise_answer(a) in options for a in blank.accepted):
                problem(("blanks", i, "options"), f"none of blank {i + 1}'s accepted answers is among its options")


# ---------------------------------------------------------------------------- reading


@dataclass
class ParsedBank:
    """What a set of bank files holds, and every problem found in them."""

    questions: list[QuestionRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Where each question was defined, "file:line", for messages.
    locations: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


BankPath = Path | str | Traversable


def _bank_documents(paths: Iterable[BankPath]) -> tuple[list[tuple[Located | None, list[str]]], bool]:
    """Load every file (folders expanded, package resources included)."""
    loaded: list[tuple[Located | None, list[str]]] = []
    any_file = False
    for entry in paths:
        if isinstance(entry, str | Path):
            for path in iter_yaml_files([Path(entry)]):
                any_file = True
                loaded.append(load_located(path))
        elif entry.is_dir():
            for child in sorted(entry.iterdir(), key=lambda t: t.name):
                if child.is_file() and child.name.endswith((".yaml", ".yml")):
                    any_file = True
                    loaded.append(load_located_text(child.read_text(encoding="utf-8"), name=child.name))
        else:
            any_file = True
            loaded.append(load_located_text(entry.read_text(encoding="utf-8"), name=entry.name))
    return loaded, any_file


def read_bank(
    paths: Iterable[BankPath],
    *,
    known_articles: Collection[str] | Mapping[str, str] | None = None,
    known_annotations: Collection[str] | Mapping[str, str] | None = None,
) -> ParsedBank:
    """Validate and convert bank files (folders expanded). Never raises for bad input.

    See `question_problems` for what `known_articles` and `known_annotations` add.
    """
    result = ParsedBank()
    documents, any_file = _bank_documents(paths)
    if not any_file:
        result.problems.append("no bank files: give a folder or .yaml files")
        return result
    seen: dict[str, str] = {}
    for doc, problems in documents:
        result.problems.extend(problems)
        if doc is None:
            continue
        if not isinstance(doc.value, dict):
            result.problems.append(f"{doc.where(())}: expected a mapping with a 'questions' list at the top of the file")
            continue
        for key in doc.value:
            if key != "questions":
                result.problems.append(f"{doc.where((key,))}: unknown field '{key}' (a bank file holds 'questions')")
        items = doc.value.get("questions")
        if not isinstance(items, list):
            what = "missing field 'questions'" if items is None else "'questions' must be a list"
            result.problems.append(f"{doc.where(('questions',))}: {what}")
            continue
        for i, item in enumerate(items):
            root: Where = ("questions", i)
            try:
                model = QuestionModel.model_validate(item)
            except ValidationError as exc:
                result.problems.extend(_pydantic_problems(doc, exc, root))
                continue
            record = _to_record(model)
            for where, message in question_problems(
                record, known_articles=known_articles, known_annotations=known_annotations
            ):
                result.problems.append(f"{doc.where((*root, *where))}: {message}")
            here = doc.where((*root, "id"))
            if record.id in seen:
                result.problems.append(f"{here}: duplicate question id '{record.id}' (first defined at {seen[record.id]})")
                continue
            seen[record.id] = here
            result.locations[record.id] = here.rsplit(":", 1)[0]
            result.questions.append(record)
    return result


def _to_record(m: QuestionModel) -> QuestionRecord:
    p = m.provenance
    provenance = (
        Provenance(
            origin=p.origin, generator=p.generator, generator_version=p.generator_version,
            annotation_id=p.annotation, fingerprint=p.fingerprint,
        )
        if p is not None
        else Provenance(origin="authored")
    )
    return QuestionRecord(
        id=m.id, kind=m.kind, skill=m.skill, difficulty=m.difficulty, prompt=m.prompt,
        explanation=m.explanation, articles=tuple(m.articles), annotation_id=m.annotation,
        passage=m.passage,
        choices=tuple(Choice(id=c.id, text=c.text, correct=c.correct, feedback=c.feedback) for c in m.choices or ()),
        answer=m.answer, accepted=tuple(m.accepted or ()), text=m.text,
        blanks=tuple(Blank(accepted=tuple(b.accepted), options=tuple(b.options)) for b in m.blanks or ()),
        pairs=tuple(Pair(id=p.id, left=p.left, right=p.right) for p in m.pairs or ()),
        status=m.status, version=m.version or 1, provenance=provenance, tags=tuple(m.tags),
    )


# ---------------------------------------------------------------------------- writing


def _question_entry(q: QuestionRecord) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": q.id, "kind": q.kind, "skill": q.skill, "difficulty": q.difficulty,
        "articles": list(q.articles),
    }
    if q.annotation_id is not None:
        entry["annotation"] = q.annotation_id
    if q.passage is not None:
        entry["passage"] = q.passage
    entry["status"] = q.status
    entry["prompt"] = q.prompt
    if q.choices or q.kind in {"single-choice", "multiple-choice", "hot-text", "ordering"}:
        choices = []
        for c in q.choices:
            choice: dict[str, Any] = {"id": c.id, "text": c.text}
            if c.correct:
                choice["correct"] = True
            if c.feedback is not None:
                choice["feedback"] = c.feedback
            choices.append(choice)
        entry["choices"] = choices
    if q.answer is not None:
        entry["answer"] = q.answer
    if q.accepted or q.kind == "short-answer":
        entry["accepted"] = list(q.accepted)
    if q.text is not None:
        entry["text"] = q.text
    if q.blanks or q.kind == "cloze":
        blanks = []
        for b in q.blanks:
            blank: dict[str, Any] = {"accepted": list(b.accepted)}
            if b.options:
                blank["options"] = list(b.options)
            blanks.append(blank)
        entry["blanks"] = blanks
    if q.pairs or q.kind == "matching":
        entry["pairs"] = [{"id": p.id, "left": p.left, "right": p.right} for p in q.pairs]
    entry["explanation"] = q.explanation
    if q.tags:
        entry["tags"] = list(q.tags)
    if q.version != 1:
        entry["version"] = q.version
    p = q.provenance
    if p != Provenance(origin="authored"):
        prov: dict[str, Any] = {"origin": p.origin}
        for key, value in (
            ("generator", p.generator), ("generator_version", p.generator_version),
            ("annotation", p.annotation_id), ("fingerprint", p.fingerprint),
        ):
            if value is not None:
                prov[key] = value
        entry["provenance"] = prov
    return entry


def bank_to_yaml(questions: Iterable[QuestionRecord]) -> str:
    """One bank file holding `questions`, in the documented format (reads back to equal records)."""
    return dump_yaml({"questions": [_question_entry(q) for q in questions]})


# ---------------------------------------------------------------------------- JSON payload


def question_to_payload(q: QuestionRecord) -> dict[str, Any]:
    """The question as plain JSON values (what `QuestionVersion.payload` stores); lossless."""
    p = q.provenance
    return {
        "id": q.id,
        "kind": q.kind,
        "skill": q.skill,
        "difficulty": q.difficulty,
        "prompt": q.prompt,
        "explanation": q.explanation,
        "articles": list(q.articles),
        "annotation_id": q.annotation_id,
        "passage": q.passage,
        "choices": [
            {"id": c.id, "text": c.text, "correct": c.correct, "feedback": c.feedback} for c in q.choices
        ],
        "answer": q.answer,
        "accepted": list(q.accepted),
        "text": q.text,
        "blanks": [{"accepted": list(b.accepted), "options": list(b.options)} for b in q.blanks],
        "pairs": [{"id": x.id, "left": x.left, "right": x.right} for x in q.pairs],
        "status": q.status,
        "version": q.version,
        "provenance": {
            "origin": p.origin,
            "generator": p.generator,
            "generator_version": p.generator_version,
            "annotation_id": p.annotation_id,
            "fingerprint": p.fingerprint,
        },
        "tags": list(q.tags),
    }


def payload_to_question(d: Mapping[str, Any]) -> QuestionRecord:
    """The inverse of `question_to_payload` (missing optional keys take their defaults)."""
    p = d.get("provenance") or {"origin": "authored"}
    return QuestionRecord(
        id=d["id"],
        kind=d["kind"],
        skill=d["skill"],
        difficulty=d["difficulty"],
        prompt=d["prompt"],
        explanation=d["explanation"],
        articles=tuple(d.get("articles") or ()),
        annotation_id=d.get("annotation_id"),
        passage=d.get("passage"),
        choices=tuple(
            Choice(id=c["id"], text=c["text"], correct=bool(c.get("correct", False)), feedback=c.get("feedback"))
            for c in d.get("choices") or ()
        ),
        answer=d.get("answer"),
        accepted=tuple(d.get("accepted") or ()),
        text=d.get("text"),
        blanks=tuple(
            Blank(accepted=tuple(b.get("accepted") or ()), options=tuple(b.get("options") or ()))
            for b in d.get("blanks") or ()
        ),
        pairs=tuple(Pair(id=x["id"], left=x["left"], right=x["right"]) for x in d.get("pairs") or ()),
        status=d.get("status", "approved"),
        version=d.get("version", 1),
        provenance=Provenance(
            origin=p.get("origin", "authored"),
            generator=p.get("generator"),
            generator_version=p.get("generator_version"),
            annotation_id=p.get("annotation_id"),
            fingerprint=p.get("fingerprint"),
        ),
        tags=tuple(d.get("tags") or ()),
    )
