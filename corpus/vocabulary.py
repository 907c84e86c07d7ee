"""The closed vocabularies of the corpus model: categories, verdicts, relations, kinds, statuses.

One module so the YAML schema, the store, the checker, the exports and the desktop legend all
agree on the same words.
"""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "claim",
    "attribution",
    "loaded-language",
    "context",
    "framing",
    "vocabulary",
    "question",
)

VERDICTS: tuple[str, ...] = (
    "accurate",
    "partly-accurate",
    "misleading",
    "inaccurate",
    "unverified",
    "opinion",
)

# Verdicts that make no factual finding, and so need no supporting or refuting citation.
VERDICTS_WITHOUT_EVIDENCE: frozenset[str] = frozenset({"unverified", "opinion"})

RELATIONS: tuple[str, ...] = ("supports", "refutes", "context")

# Which citation relations can back each verdict (DESIGN.md "source-checked", rule 2).
FITTING_RELATIONS: dict[str, frozenset[str]] = {
    "accurate": frozenset({"supports"}),
    "partly-accurate": frozenset({"supports", "refutes"}),
    "misleading": frozenset({"refutes", "context"}),
    "inaccurate": frozenset({"refutes"}),
    "unverified": frozenset({"supports", "refutes", "context"}),
    "opinion": frozenset({"supports", "refutes", "context"}),
}

SOURCE_KINDS: tuple[str, ...] = (
    "primary",
    "official",
    "news",
    "wire",
    "reference",
    "advocacy",
    "state-media",
    "mirror",
)

# Kinds a claim should not rest on alone (checker warning).
WEAK_SOURCE_KINDS: frozenset[str] = frozenset({"state-media", "mirror"})

STATUSES: tuple[str, ...] = ("draft", "published")

ANCHOR_STATES: tuple[str, ...] = ("anchored", "moved", "orphaned")

# A source's `published` may be the literal UNDATED when the page itself carries no date: the
# corpus never invents one, and the checker warns instead of failing.
UNDATED = "undated"

# Verdict labels as shown to people and exported to ClaimReview reviewRating.alternateName.
VERDICT_LABELS: dict[str, str] = {
    "accurate": "Accurate",
    "partly-accurate": "Partly accurate",
    "misleading": "Misleading",
    "inaccurate": "Inaccurate",
    "unverified": "Unverified",
    "opinion": "Opinion",
}

CATEGORY_LABELS: dict[str, str] = {
    "claim": "Claim",
    "attribution": "Attribution",
    "loaded-language": "Loaded language",
    "context": "Missing context",
    "framing": "Framing",
    "vocabulary": "Vocabulary",
    "question": "Discussion question",
}
