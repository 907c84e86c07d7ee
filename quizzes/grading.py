"""Grade a learner's response to a question: every kind grades to a fraction in [0, 1].

`grade(question, response)` never raises for a bad response: a response of the wrong shape
grades to 0 with a note in `Grade.detail` saying what was wrong. Sequences may be tuples or
lists (responses come back from JSON as lists); a plain string is never taken as a sequence.

The rules, per kind (`Grade.correct` is `fraction == 1.0` in every case):

single-choice
    The response is one choice id. A correct choice earns 1, anything else 0. (An imported
    question may mark several choices correct, as Moodle's single-answer multichoice allows;
    any of them earns 1.)
multiple-choice and hot-text
    Moodle's multichoice "multiple answers" rule (`qtype_multichoice_multi_question`): every
    choice carries a fraction, the grade is the sum of the fractions of the selected choices,
    clamped to [0, 1]. Correct choices share +100 % (each is worth +1/n_correct) and wrong choices
    share −100 % (each costs 1/n_wrong). So: selecting every correct choice and nothing else
    earns 1; selecting every choice earns 0; selecting nothing earns 0; selecting two of three
    correct choices and one of two wrong ones earns 2/3 − 1/2 = 1/6. `choice_weights()` gives the
    weights; the GIFT, Moodle XML and QTI exporters write the same weights.
true-false
    The response is a bool; it earns 1 when it equals the answer.
short-answer
    The response is a string. It earns 1 when `normalise_answer(response)` equals
    `normalise_answer(a)` for one of the accepted answers.
cloze
    The response has one string per blank. A blank is right when its normalised text equals
    one of the blank's accepted answers (a drop-down blank is compared the same way). The
    fraction is blanks right / blanks, as Moodle's multianswer does with equally weighted blanks.
ordering
    Moodle's ordering question type with grading "relative to the next item, excluding the
    last" (`GRADING_RELATIVE_NEXT_EXCLUDE_LAST`): each of the n − 1 adjacent pairs (a, b) of the
    correct order scores when b comes directly after a in the response; the fraction is
    pairs kept / (n − 1). A one-item ordering earns 1 when that item is given (Moodle would give
    0/0 = 0 there). Unknown ids are dropped and repeats keep their first place.
matching
    The response is a sequence of (left id, right id) pairs, each id a `Pair.id`: "the left side
    of pair L goes with the right side of pair R". A left is matched right when the right text
    chosen equals its own pair's right text (so two claims that share the verdict "False" can
    take either "False"), as Moodle's matching shows one option per distinct answer text. The
    fraction is lefts matched right / pairs; a left given twice counts its first match.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from fractions import Fraction

from quizzes.items import Choice, Grade, QuestionRecord

__all__ = ["choice_weights", "grade", "normalise_answer"]

# Curly quotes, primes and guillemets fold to straight quotes; every dash and the minus sign fold to
# "-". Quotes are punctuation and then go; the fold matters for dashes (a word separator) and minus.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2043": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\uff0d": "-",
    }
)


# Punctuation that changes what a number means: "50%" is not "50".
_KEPT = frozenset("%\u2030")


def normalise_answer(text: object) -> str:
    """Return the comparison form of a typed answer.

    Steps: Unicode NFKC (full-width letters, ligatures and no-break spaces become plain ones);
    curly quotes and dashes fold to ASCII; casefold; punctuation is removed, except that dashes
    and slashes separate words ("well-known" = "well known"), a point between two digits stays
    ("3.5" is not "35") and a minus sign before a number stays ("-5"); invisible format
    characters (soft hyphen, zero-width space) go; runs of whitespace collapse to one space and
    the ends are trimmed. Symbols such as "$" and "+", and the percent and per-mille signs,
    are kept. A non-string gives "".
    """
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    out: list[str] = []
    last = len(folded) - 1
    for index, char in enumerate(folded):
        before = folded[index - 1] if index > 0 else ""
        after = folded[index + 1] if index < last else ""
        category = unicodedata.category(char)
        decimal_point = char == "." and before.isdigit() and after.isdigit()
        minus_sign = char == "-" and after.isdigit() and (not before or before in " \t\n(")
        if decimal_point or minus_sign or char in _KEPT:
            out.append(char)
        elif char in "-/\\" or category == "Pd" or char.isspace():
            out.append(" ")
        elif category.startswith("P") or category in ("Cf", "Cc", "Co", "Cn", "Cs"):
            continue
        else:
            out.append(char)
    return " ".join("".join(out).split())


def choice_weights(question: QuestionRecord) -> dict[str, Fraction]:
    """Moodle "multiple answers" weights of a multiple-choice or hot-text question's choices.

    Each correct choice gets +1/n_correct and each wrong choice −1/n_wrong (exact fractions).
    A question without a correct choice gives every choice weight 0.
    """
    correct = [choice for choice in question.choices if choice.correct]
    wrong = [choice for choice in question.choices if not choice.correct]
    if not correct:
        return {choice.id: Fraction(0) for choice in question.choices}
    weights: dict[str, Fraction] = {}
    for choice in question.choices:
        if choice.correct:
            weights[choice.id] = Fraction(1, len(correct))
        else:
            weights[choice.id] = Fraction(-1, len(wrong))
    return weights


def grade(question: QuestionRecord, response: object) -> Grade:
    """Grade one response to `question` (see the module docstring for each kind's rule)."""
    grader = _GRADERS.get(question.kind)
    if grader is None:
        return _zero(f"cannot grade a question of kind {question.kind!r}")
    if response is None:
        return _zero("no answer")
    return grader(question, response)


# --------------------------------------------------------------------------------------------
# helpers


def _zero(*detail: str) -> Grade:
    return Grade(fraction=0.0, correct=False, detail=tuple(detail))


def _make(fraction: Fraction | float, detail: Sequence[str] = ()) -> Grade:
    value = float(min(max(Fraction(fraction), Fraction(0)), Fraction(1)))
    return Grade(fraction=value, correct=value == 1.0, detail=tuple(detail))


def _as_sequence(response: object) -> Sequence[object] | None:
    """The response as a sequence, or None when it is not a list or tuple."""
    if isinstance(response, (tuple, list)):
        return response
    return None


def _type_name(value: object) -> str:
    return type(value).__name__


def _ids(
    question: QuestionRecord, response: object, *, what: str
) -> tuple[list[str], list[str]] | Grade:
    """Known choice ids in response order (first occurrence only) and notes about the rest."""
    items = _as_sequence(response)
    if items is None:
        return _zero(f"expected a sequence of {what} ids, got {_type_name(response)}")
    known = {choice.id for choice in question.choices}
    ids: list[str] = []
    notes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            notes.append(f"ignored a {_type_name(item)} where a {what} id was expected")
        elif item not in known:
            notes.append(f"ignored unknown {what} {item!r}")
        elif item in ids:
            notes.append(f"ignored repeated {what} {item!r}")
        else:
            ids.append(item)
    return ids, notes


def _choice(question: QuestionRecord, choice_id: str) -> Choice:
    return next(choice for choice in question.choices if choice.id == choice_id)


# --------------------------------------------------------------------------------------------
# graders, one per kind


def _grade_single(question: QuestionRecord, response: object) -> Grade:
    result = _ids(question, response, what="choice")
    if isinstance(result, Grade):
        return result
    ids, notes = result
    if not ids:
        return _zero(*notes, "no answer")
    if len(ids) > 1:
        return _zero(*notes, f"a single-choice question takes one answer, got {len(ids)}")
    chosen = _choice(question, ids[0])
    detail = [*notes]
    if chosen.feedback:
        detail.append(chosen.feedback)
    return _make(1 if chosen.correct else 0, detail)


def _grade_weighted(question: QuestionRecord, response: object, *, what: str) -> Grade:
    result = _ids(question, response, what=what)
    if isinstance(result, Grade):
        return result
    ids, notes = result
    if not any(choice.correct for choice in question.choices):
        return _zero(*notes, "the question has no correct answer")
    if not ids:
        return _zero(*notes, "no answer")
    weights = choice_weights(question)
    total = sum((weights[choice_id] for choice_id in ids), Fraction(0))
    n_correct = sum(1 for choice in question.choices if choice.correct)
    right = sum(1 for choice_id in ids if _choice(question, choice_id).correct)
    wrong = len(ids) - right
    detail = [*notes, f"{right} of {n_correct} correct {what}s selected"]
    if wrong:
        detail.append(f"{wrong} wrong {what}{'s' if wrong > 1 else ''} selected")
    for choice_id in ids:
        chosen = _choice(question, choice_id)
        if chosen.feedback and not chosen.correct:
            detail.append(chosen.feedback)
    return _make(total, detail)


def _grade_multiple(question: QuestionRecord, response: object) -> Grade:
    return _grade_weighted(question, response, what="choice")


def _grade_hot_text(question: QuestionRecord, response: object) -> Grade:
    return _grade_weighted(question, response, what="phrase")


def _grade_true_false(question: QuestionRecord, response: object) -> Grade:
    if not isinstance(response, bool):
        return _zero(f"expected true or false, got {_type_name(response)}")
    if question.answer is None:
        return _zero("the question has no answer")
    return _make(1 if response == question.answer else 0)


def _grade_short_answer(question: QuestionRecord, response: object) -> Grade:
    if not isinstance(response, str):
        return _zero(f"expected a text answer, got {_type_name(response)}")
    given = normalise_answer(response)
    if not given:
        return _zero("no answer")
    accepted = {normalise_answer(answer) for answer in question.accepted}
    if given in accepted:
        return _make(1)
    return _zero()


def _grade_cloze(question: QuestionRecord, response: object) -> Grade:
    items = _as_sequence(response)
    if items is None:
        return _zero(f"expected one text per blank, got {_type_name(response)}")
    if not question.blanks:
        return _zero("the question has no blanks")
    detail: list[str] = []
    right = 0
    for number, blank in enumerate(question.blanks, start=1):
        expected = blank.accepted[0] if blank.accepted else ""
        given = items[number - 1] if number <= len(items) else None
        if given is None or (isinstance(given, str) and not given.strip()):
            detail.append(f"blank {number}: no answer (expected {expected!r})")
        elif not isinstance(given, str):
            detail.append(f"blank {number}: expected text, got {_type_name(given)}")
        elif normalise_answer(given) in {normalise_answer(answer) for answer in blank.accepted}:
            right += 1
        else:
            detail.append(f"blank {number}: expected {expected!r}")
    if len(items) > len(question.blanks):
        detail.append(f"ignored {len(items) - len(question.blanks)} answers past the last blank")
    return _make(Fraction(right, len(question.blanks)), detail)


def _grade_ordering(question: QuestionRecord, response: object) -> Grade:
    result = _ids(question, response, what="item")
    if isinstance(result, Grade):
        return result
    ids, notes = result
    order = [choice.id for choice in question.choices]
    if not order:
        return _zero(*notes, "the question has no items")
    if not ids:
        return _zero(*notes, "no answer")
    if len(order) == 1:
        return _make(1 if ids == order else 0, notes)
    following = {ids[i]: ids[i + 1] for i in range(len(ids) - 1)}
    kept = sum(1 for i in range(len(order) - 1) if following.get(order[i]) == order[i + 1])
    detail = [*notes]
    if len(ids) < len(order):
        detail.append(f"{len(order) - len(ids)} items not placed")
    detail.append(f"{kept} of {len(order) - 1} neighbouring pairs in the right order")
    return _make(Fraction(kept, len(order) - 1), detail)


def _grade_matching(question: QuestionRecord, response: object) -> Grade:
    items = _as_sequence(response)
    if items is None:
        return _zero(f"expected (left, right) pairs, got {_type_name(response)}")
    if not question.pairs:
        return _zero("the question has no pairs")
    by_id: Mapping[str, str] = {pair.id: pair.right for pair in question.pairs}
    matched: dict[str, str] = {}
    notes: list[str] = []
    for item in items:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 2
            or not all(isinstance(part, str) for part in item)
        ):
            notes.append(f"ignored {item!r}: expected a (left id, right id) pair")
            continue
        left, right = item
        if left not in by_id or right not in by_id:
            notes.append(f"ignored unknown pair ({left!r}, {right!r})")
        elif left in matched:
            notes.append(f"ignored a second match for {left!r}")
        else:
            matched[left] = right
    right_count = 0
    for pair in question.pairs:
        chosen = matched.get(pair.id)
        if chosen is None:
            notes.append(f"{pair.left!r}: not matched (expected {pair.right!r})")
        elif by_id[chosen] == pair.right:
            right_count += 1
        else:
            notes.append(f"{pair.left!r}: expected {pair.right!r}")
    return _make(Fraction(right_count, len(question.pairs)), notes)


_GRADERS = {
    "single-choice": _grade_single,
    "multiple-choice": _grade_multiple,
    "true-false": _grade_true_false,
    "short-answer": _grade_short_answer,
    "cloze": _grade_cloze,
    "hot-text": _grade_hot_text,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
}
