"""A deterministic synthetic corpus at scale: articles with bodies of about 800 words, annotations
quoting them, and sources — as records, as YAML files, or bulk-inserted into a store.

Used by the corpus benchmarks (import, check, search) and the benchmark runner.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from corpus.anchoring import make_selectors
from corpus.records import AnnotationRecord, ArticleRecord, CitationRecord, SourceRecord

WORDS = ["government", "ministry", "council", "nation", "security", "military", "officials", "report", "agreement", "treaty", "sanctions", "defence", "economy", "politics", "election", "court", "judge", "vote", "parliament", "border", "weapons", "trade", "market", "prices", "energy", "oil", "gas", "grain", "harvest", "village", "city", "region", "province", "capital", "port", "bridge", "railway", "road", "school", "hospital", "workers", "union", "strike", "protest", "minister", "president", "leader", "spokesman", "agency", "committee", "inquiry", "budget", "deficit", "tax", "loan", "bank", "currency", "inflation", "export", "import", "summit", "talks", "visit", "delegation", "envoy", "embassy", "statement", "warning", "threat", "alliance", "partner", "neighbour", "conflict", "ceasefire", "troops", "missile", "drill", "exercise", "satellite", "launch", "nuclear", "programme", "aid", "relief", "flood", "drought", "storm", "fire", "rescue", "refugees", "camp", "shelter", "supplies", "convoy", "route"]
GLUE = ["the", "the", "of", "of", "and", "to", "in", "a", "that", "is", "was", "for", "on", "with", "as", "by", "at", "from", "it", "has", "said", "after", "over", "into"]
NAMES = ["Anna Petrova", "Lee Min-ho", "Carlos Ruiz", "Amara Okafor", "Jonas Berg", "Mei Tanaka", "Omar Haddad"]
CATEGORIES = ("claim", "attribution", "loaded-language", "context", "framing", "vocabulary", "question")
VERDICTS = ("accurate", "partly-accurate", "misleading", "inaccurate", "unverified", "opinion")


def _sentence(rng: random.Random) -> str:
    n = rng.randint(10, 24)
    words = [rng.choice(WORDS) if rng.random() < 0.55 else rng.choice(GLUE) for _ in range(n)]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)} per cent")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, words: int = 800) -> str:
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        count += para.count(" ") + 1
        paragraphs.append(para)
    return "\n\n".join(paragraphs)


def sources(n: int = 500) -> list[SourceRecord]:
    kinds = ("news", "wire", "official", "primary", "reference", "state-media")
    return [
        SourceRecord(
            id=f"src-{i:05d}", title=f"Report number {i}", publisher=f"Publisher {i % 37}",
            kind=kinds[i % len(kinds)], published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            url=f"https://example.org/reports/{i}",
        )
        for i in range(n)
    ]


def articles(n: int, *, annotations_per_article: int, seed: int = 7, n_sources: int = 500) -> Iterator[ArticleRecord]:
    """`n` articles, each with its annotations (every 3rd a claim with citations)."""
    rng = random.Random(seed)
    for i in range(n):
        article_id = f"art-{i:05d}"
        text = body(rng)
        anns = []
        used: set[tuple[int, int]] = set()
        for j in range(annotations_per_article):
            start = rng.randrange(0, len(text) - 80)
            # Snap to word boundaries so the quote reads as words.
            start = text.rfind(" ", 0, start) + 1
            end = text.find(" ", start + rng.randint(15, 60))
            end = end if end != -1 else len(text)
            if (start, end) in used or not text[start:end].strip():
                continue
            used.add((start, end))
            quote, position = make_selectors(text, start, end)
            category = "claim" if j % 3 == 0 else CATEGORIES[1 + j % (len(CATEGORIES) - 1)]
            verdict = rng.choice(VERDICTS) if category == "claim" else None
            cites = ()
            if category == "claim":
                relation = {"accurate": "supports", "inaccurate": "refutes", "misleading": "refutes"}.get(verdict or "", "supports")
                cites = tuple(
                    CitationRecord(source_id=f"src-{rng.randrange(n_sources):05d}", relation=relation, locator="p. 1")
                    for _ in range(2)
                )
            anns.append(AnnotationRecord(
                id=f"{article_id}-a{j:03d}", article_id=article_id, category=category, quote=quote,
                position=position, note=f"Note {j}: " + _sentence(rng), verdict=verdict,
                claim_reviewed=("The claim " + quote.exact) if category == "claim" else None,
                status="published", author="Benchmark", citations=cites,
            ))
        yield ArticleRecord(
            id=article_id, title=f"Article {i}: " + _sentence(rng)[:60], body=text,
            outlet=f"outlet{i % 50}.example", url=f"https://outlet{i % 50}.example/a/{i}",
            annotations=tuple(sorted(anns, key=lambda a: (a.position.start, a.position.end, a.id))),
        )


def write_yaml_corpus(folder: Path, n_articles: int, *, annotations_per_article: int = 10, seed: int = 7) -> list[Path]:
    """Write a YAML corpus (sources.yaml plus one file per article) in the documented format."""
    from corpus.corpusfiles import article_to_yaml, sources_to_yaml

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(sources_to_yaml(sources()), encoding="utf-8")
    paths = [folder / "sources.yaml"]
    for article in articles(n_articles, annotations_per_article=annotations_per_article, seed=seed):
        path = folder / f"{article.id}.yaml"
        path.write_text(article_to_yaml(article), encoding="utf-8")
        paths.append(path)
    return paths
