"""The question bank in the store: import from YAML, add and edit questions, list them.

This package also holds the authored bank itself (`*.yaml` next to this file), so
`importlib.resources.files("quizzes.bank")` is the shipped bank folder.

A question's content lives in `QuestionVersion` rows: saving changed content adds a version and
keeps the old ones (quiz items and responses name the version they showed). The status
(draft / approved / retired) belongs to the question, not to a version, so approving a question
does not make a new version.

Functions take a Session and never commit: the caller owns the transaction (STYLE.md rule 2).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from corpus.articles import now
from corpus.errors import CorpusError, NotFound
from corpus.models import Annotation, Article
from quizzes.bankfiles import (
    BankPath,
    payload_to_question,
    question_problems,
    question_to_payload,
    read_bank,
)
from quizzes.items import QUESTION_STATUSES, QuestionRecord
from quizzes.models import Question, QuestionArticle, QuestionVersion

__all__ = [
    "BankImportReport",
    "QuestionRow",
    "add_generated",
    "add_question",
    "content_fingerprint",
    "get_question",
    "import_bank",
    "increment_times_used",
    "list_questions",
    "load_current",
    "load_versions",
    "save_question",
    "set_status",
    "shipped_bank_folder",
]

_CHUNK = 500  # bound parameters per IN (…) list


def shipped_bank_folder() -> Traversable:
    """The folder of the authored bank shipped with the app (quizzes/bank/*.yaml)."""
    return files("quizzes.bank")


@dataclass(frozen=True, slots=True)
class BankImportReport:
    """What an import did, by question id."""

    added: tuple[str, ...]
    new_versions: tuple[str, ...]  # content changed: a new version was stored
    status_changed: tuple[str, ...]  # only the status changed
    unchanged: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.new_versions or self.status_changed)


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One line of the question list (the current version)."""

    id: str
    kind: str
    skill: str
    difficulty: int
    status: str
    origin: str
    version: int
    times_used: int
    prompt: str
    articles: tuple[str, ...]
    annotation_id: str | None
    generator: str | None
    modified: datetime


# ---------------------------------------------------------------------------- helpers


def _content(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a payload that makes a version: everything but status and version number."""
    normal = question_to_payload(payload_to_question(payload))
    normal.pop("status")
    normal.pop("version")
    return normal


def content_fingerprint(q: QuestionRecord) -> str:
    """A stable hash of a question's content (not its id, status, version or fingerprint)."""
    content = _content(question_to_payload(q))
    content.pop("id")
    content["provenance"].pop("fingerprint")
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _known_for(session: Session, questions: Sequence[QuestionRecord]) -> tuple[dict[str, str], dict[str, str]]:
    """Bodies of the articles and owners of the annotations the questions name (bulk reads)."""
    article_ids = sorted({a for q in questions for a in q.articles})
    annotation_ids = sorted({q.annotation_id for q in questions if q.annotation_id is not None})
    bodies: dict[str, str] = {}
    for chunk in _chunks(article_ids):
        bodies.update((i, b) for i, b in session.execute(select(Article.id, Article.body).where(Article.id.in_(chunk))))
    owners: dict[str, str] = {}
    for chunk in _chunks(annotation_ids):
        stmt = select(Annotation.id, Annotation.article_id).where(Annotation.id.in_(chunk))
        owners.update((i, a) for i, a in session.execute(stmt))
    return bodies, owners


def _check(session: Session, questions: Sequence[QuestionRecord]) -> None:
    """Raise CorpusError listing every problem of the questions (against the store's corpus)."""
    bodies, owners = _known_for(session, questions)
    problems = []
    for q in questions:
        for where, message in question_problems(q, known_articles=bodies, known_annotations=owners):
            field = ".".join(str(p) for p in where)
            problems.append(f"question '{q.id}'{': ' + field if field else ''}: {message}")
    if problems:
        raise CorpusError(problems)


def _annotation_column(q: QuestionRecord) -> str | None:
    return q.annotation_id if q.annotation_id is not None else q.provenance.annotation_id


def _set_columns(row: Question, q: QuestionRecord) -> None:
    row.kind = q.kind
    row.skill = q.skill
    row.difficulty = q.difficulty
    row.status = q.status
    row.origin = q.provenance.origin
    row.generator = q.provenance.generator
    row.generator_version = q.provenance.generator_version
    row.fingerprint = q.provenance.fingerprint
    row.annotation_id = _annotation_column(q)


def _insert(session: Session, q: QuestionRecord, stamp: datetime) -> QuestionRecord:
    stored = replace(q, version=1)
    row = Question(id=q.id, current_version=1, times_used=0, created=stamp, modified=stamp)
    _set_columns(row, stored)
    session.add(row)
    session.add(QuestionVersion(question_id=q.id, version=1, payload=question_to_payload(stored), created=stamp))
    session.add_all(QuestionArticle(question_id=q.id, article_id=a) for a in q.articles)
    return stored


def _sync_articles(session: Session, question_id: str, articles: Sequence[str]) -> None:
    have = set(session.scalars(select(QuestionArticle.article_id).where(QuestionArticle.question_id == question_id)))
    want = set(articles)
    if have - want:
        session.execute(
            delete(QuestionArticle).where(
                QuestionArticle.question_id == question_id, QuestionArticle.article_id.in_(sorted(have - want))
            )
        )
    session.add_all(QuestionArticle(question_id=question_id, article_id=a) for a in sorted(want - have))


def _save(session: Session, q: QuestionRecord, stamp: datetime) -> tuple[str, QuestionRecord]:
    """Store one (already checked) question. Returns what happened and the stored record."""
    row = session.get(Question, q.id)
    if row is None:
        return "added", _insert(session, q, stamp)
    payload = session.scalars(
        select(QuestionVersion.payload).where(
            QuestionVersion.question_id == q.id, QuestionVersion.version == row.current_version
        )
    ).one()
    if _content(payload) == _content(question_to_payload(q)):
        stored = replace(q, version=row.current_version)
        if row.status == q.status:
            return "unchanged", stored
        row.status = q.status
        row.modified = stamp
        return "status", stored
    version = row.current_version + 1
    stored = replace(q, version=version)
    session.add(QuestionVersion(question_id=q.id, version=version, payload=question_to_payload(stored), created=stamp))
    _set_columns(row, stored)
    row.current_version = version
    row.modified = stamp
    _sync_articles(session, q.id, q.articles)
    return "version", stored


# ---------------------------------------------------------------------------- writing


def import_bank(session: Session, paths: Iterable[BankPath]) -> BankImportReport:
    """Import bank files (folders expanded; `shipped_bank_folder()` works too).

    Every file is validated against the store's articles and annotations first; any problem
    raises CorpusError listing each as `file:line:column: message` before anything is written.
    Re-importing the same files changes nothing; a question whose content changed gets a new
    version (old versions are kept); a question whose status alone changed keeps its version.
    Questions in the store but not in the files are left alone.
    """
    bodies = {i: body for i, body in session.execute(select(Article.id, Article.body))}
    owners = {i: article for i, article in session.execute(select(Annotation.id, Annotation.article_id))}
    parsed = read_bank(paths, known_articles=bodies, known_annotations=owners)
    if parsed.problems:
        raise CorpusError(parsed.problems)
    stamp = now()
    outcome: dict[str, list[str]] = defaultdict(list)
    for q in parsed.questions:
        what, _ = _save(session, q, stamp)
        outcome[what].append(q.id)
    session.flush()
    return BankImportReport(
        added=tuple(outcome["added"]),
        new_versions=tuple(outcome["version"]),
        status_changed=tuple(outcome["status"]),
        unchanged=tuple(outcome["unchanged"]),
    )


def add_question(session: Session, q: QuestionRecord) -> QuestionRecord:
    """Add a new question (version 1). Raises CorpusError for content problems or a taken id."""
    _check(session, [q])
    if session.get(Question, q.id) is not None:
        raise CorpusError([f"question '{q.id}': the id is taken; pick another or edit that question"])
    stored = _insert(session, q, now())
    session.flush()
    return stored


def save_question(session: Session, q: QuestionRecord) -> QuestionRecord:
    """Add or update a question: changed content makes a new version (the old ones stay);
    a changed status alone does not. Returns the stored record with its version."""
    _check(session, [q])
    _, stored = _save(session, q, now())
    session.flush()
    return stored


def set_status(session: Session, question_id: str, status: str) -> QuestionRecord:
    """Set a question's status (draft, approved, retired); returns the current version."""
    if status not in QUESTION_STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of: {', '.join(QUESTION_STATUSES)}")
    row = session.get(Question, question_id)
    if row is None:
        raise NotFound(f"no question '{question_id}'")
    if status == "approved" and row.status != "approved":
        # Approval asks for everything a student will rely on: explanation, link to the article.
        _check(session, [replace(get_question(session, question_id), status="approved")])
    if row.status != status:
        row.status = status
        row.modified = now()
        session.flush()
    return get_question(session, question_id)


def add_generated(session: Session, questions: Iterable[QuestionRecord]) -> int:
    """Store generated questions, skipping any whose fingerprint (or id) is already stored or
    repeated in the batch. A question without a fingerprint gets `content_fingerprint`.
    Raises CorpusError, writing nothing, when any question has content problems.
    Returns how many were added."""
    batch = []
    for q in questions:
        if q.provenance.fingerprint is None:
            q = replace(q, provenance=replace(q.provenance, fingerprint=content_fingerprint(q)))
        batch.append(q)
    _check(session, batch)
    fingerprints = [q.provenance.fingerprint for q in batch]
    taken_prints: set[str | None] = set()
    for chunk in _chunks(fingerprints):
        taken_prints.update(session.scalars(select(Question.fingerprint).where(Question.fingerprint.in_(chunk))))
    taken_ids: set[str] = set()
    for chunk in _chunks([q.id for q in batch]):
        taken_ids.update(session.scalars(select(Question.id).where(Question.id.in_(chunk))))
    stamp = now()
    added = 0
    for q in batch:
        if q.provenance.fingerprint in taken_prints or q.id in taken_ids:
            continue
        _insert(session, q, stamp)
        taken_prints.add(q.provenance.fingerprint)
        taken_ids.add(q.id)
        added += 1
    session.flush()
    return added


# ---------------------------------------------------------------------------- reading


def _record(payload: Mapping[str, Any], *, status: str, version: int) -> QuestionRecord:
    return replace(payload_to_question(payload), status=status, version=version)


def get_question(session: Session, question_id: str, version: int | None = None) -> QuestionRecord:
    """One question: its current version, or the version asked for (with the current status)."""
    stmt = (
        select(QuestionVersion.payload, QuestionVersion.version, Question.status)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(QuestionVersion.question_id == question_id)
        .where(QuestionVersion.version == (version if version is not None else Question.current_version))
    )
    found = session.execute(stmt).first()
    if found is None:
        which = f" version {version}" if version is not None else ""
        raise NotFound(f"no question '{question_id}'{which}")
    payload, number, status = found
    return _record(payload, status=status, version=number)


def load_versions(session: Session, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], QuestionRecord]:
    """Many (question id, version) records in bulk: one query per 500 keys."""
    wanted = set(keys)
    out: dict[tuple[str, int], QuestionRecord] = {}
    # By question id, then the versions asked for: a row-value IN (…) over (id, version) makes
    # SQLite scan the whole version table.
    for chunk in _chunks(sorted({question_id for question_id, _ in wanted})):
        versions = sorted({v for q, v in wanted if q in chunk})
        stmt = (
            select(QuestionVersion.question_id, QuestionVersion.version, QuestionVersion.payload, Question.status)
            .join(Question, Question.id == QuestionVersion.question_id)
            .where(QuestionVersion.question_id.in_(chunk), QuestionVersion.version.in_(versions))
        )
        for question_id, version, payload, status in session.execute(stmt):
            if (question_id, version) in wanted:
                out[(question_id, version)] = _record(payload, status=status, version=version)
    return out


def load_current(session: Session, question_ids: Iterable[str]) -> dict[str, QuestionRecord]:
    """The current versions of many questions in bulk."""
    wanted = sorted(set(question_ids))
    out: dict[str, QuestionRecord] = {}
    for chunk in _chunks(wanted):
        stmt = (
            select(QuestionVersion.payload, QuestionVersion.version, Question.status)
            .join(
                Question,
                (Question.id == QuestionVersion.question_id) & (Question.current_version == QuestionVersion.version),
            )
            .where(Question.id.in_(chunk))
        )
        for payload, version, status in session.execute(stmt):
            record = _record(payload, status=status, version=version)
            out[record.id] = record
    return out


def list_questions(
    session: Session,
    *,
    status: str | None = None,
    article_id: str | None = None,
    origin: str | None = None,
) -> list[QuestionRow]:
    """Questions with their current version's prompt, ordered by id. Two queries in all."""
    stmt = (
        select(Question, QuestionVersion.payload)
        .join(
            QuestionVersion,
            (QuestionVersion.question_id == Question.id) & (QuestionVersion.version == Question.current_version),
        )
        .order_by(Question.id)
    )
    articles_stmt = select(QuestionArticle.question_id, QuestionArticle.article_id).order_by(
        QuestionArticle.question_id, QuestionArticle.article_id
    )
    if status is not None:
        stmt = stmt.where(Question.status == status)
    if origin is not None:
        stmt = stmt.where(Question.origin == origin)
    if article_id is not None:
        about = select(QuestionArticle.question_id).where(QuestionArticle.article_id == article_id)
        stmt = stmt.where(Question.id.in_(about))
        articles_stmt = articles_stmt.where(QuestionArticle.question_id.in_(about))
    rows = session.execute(stmt).all()
    articles: dict[str, list[str]] = defaultdict(list)
    for question_id, article in session.execute(articles_stmt):
        articles[question_id].append(article)
    out = []
    for row, payload in rows:
        # Keep the payload's order of articles (the first is the main one).
        listed = [a for a in payload.get("articles") or () if a in articles[row.id]]
        listed += [a for a in articles[row.id] if a not in listed]
        out.append(
            QuestionRow(
                id=row.id, kind=row.kind, skill=row.skill, difficulty=row.difficulty, status=row.status,
                origin=row.origin, version=row.current_version, times_used=row.times_used,
                prompt=payload.get("prompt", ""), articles=tuple(listed), annotation_id=row.annotation_id,
                generator=row.generator, modified=row.modified,
            )
        )
    return out


def increment_times_used(session: Session, question_ids: Sequence[str]) -> None:
    """Count one more use of each question (when a quiz that shows them is saved)."""
    for chunk in _chunks(list(question_ids)):
        session.execute(
            update(Question).where(Question.id.in_(chunk)).values(times_used=Question.times_used + 1)
        )
