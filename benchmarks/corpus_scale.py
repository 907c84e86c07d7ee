"""Corpus budgets at scale (../shared/DESIGN.md): import a 1,000-article YAML corpus against
parsing it with the C loader plus a bulk insert; check 200,000 annotations; search a
10,000-article corpus with FTS5.

Run: ``python -m benchmarks.corpus_scale [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import insert

from benchmarks.budget import Row, table, timed
from benchmarks.synthetic import articles, sources, write_yaml_corpus
from corpus.checking import check_corpus
from corpus.importing import import_paths
from corpus.models import Annotation, Article, Citation, Source
from corpus.records import CorpusSnapshot
from corpus.search import search
from corpus.store import Store


def _floor_import(store: Store, files: list[Path]) -> None:
    """Parse every file with the C loader and bulk-insert the same rows: the floor."""
    now = datetime.now()
    arts, anns, cits, srcs = [], [], [], []
    for path in files:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "sources" in doc:
            srcs.extend({k: s.get(k) for k in ("id", "title", "publisher", "published", "url", "kind")} for s in doc["sources"])
            continue
        body = doc["body"]
        arts.append({"id": doc["id"], "title": doc["title"], "outlet": doc.get("outlet"), "url": doc.get("url"), "language": "en",
                         "body": body, "body_hash": "", "revision": 1, "created": now, "modified": now})
        for a in doc.get("annotations", []):
            start = body.find(a["quote"])
            anns.append({"id": a["id"], "article_id": doc["id"], "category": a["category"], "exact": a["quote"], "prefix": "", "suffix": "",
                             "start": start, "end": start + len(a["quote"]), "note": a.get("note", ""), "verdict": a.get("verdict"),
                             "claim_reviewed": a.get("claim_reviewed"), "status": "published", "anchor_state": "anchored",
                             "created": now, "modified": now})
            for i, c in enumerate(a.get("citations", [])):
                cits.append({"annotation_id": a["id"], "position": i, "source_id": c["source"], "relation": c["relation"], "locator": c.get("locator")})
    with store.sessions.begin() as s:
        s.execute(insert(Source), srcs)
        s.execute(insert(Article), arts)
        s.execute(insert(Annotation), anns)
        s.execute(insert(Citation), cits)


def import_row(quick: bool) -> Row:
    n = 100 if quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        files = write_yaml_corpus(folder, n, annotations_per_article=10)
        floors, ours = [], []
        for i in range(3):
            floor_store = Store.open(Path(tmp) / f"floor{i}.sqlite")
            t0 = time.perf_counter()
            _floor_import(floor_store, files)
            floors.append(time.perf_counter() - t0)
            floor_store.close()
            store = Store.open(Path(tmp) / f"ours{i}.sqlite")
            t0 = time.perf_counter()
            with store.sessions.begin() as s:
                import_paths(s, [folder])
            ours.append(time.perf_counter() - t0)
            store.close()
    measured, floor = statistics.median(ours), statistics.median(floors)
    return Row(f"import a {n:,}-article YAML corpus", measured, floor, "≤ 2×", measured <= 2 * floor,
               note=f"{n * 10:,} annotations; median of 3; validation, quote anchoring and located errors included")


def check_row(quick: bool) -> Row:
    n = 1000 if quick else 10_000
    snapshot = CorpusSnapshot(articles=tuple(articles(n, annotations_per_article=20)), sources=tuple(sources()))
    total = sum(len(a.annotations) for a in snapshot.articles)
    measured, report = timed(lambda: check_corpus(snapshot), repeat=3)
    return Row(f"check {total:,} annotations", measured, None, "< 10 s", measured < 10,
               note=f"median of 3; {len(report.findings):,} findings")  # type: ignore[attr-defined]


def search_row(quick: bool) -> Row:
    n = 1000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "search.sqlite")
        now = datetime.now()
        batch = []
        with store.sessions.begin() as s:
            s.execute(insert(Source), [{"id": x.id, "title": x.title, "publisher": x.publisher, "kind": x.kind, "published": x.published, "url": x.url} for x in sources()])
            for a in articles(n, annotations_per_article=2):
                batch.append({"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url, "language": "en", "body": a.body,
                                  "body_hash": "", "revision": 1, "created": now, "modified": now})
            s.execute(insert(Article), batch)
        queries = ["treaty sanctions", "Petrova", "harvest drought", "ministry", "convoy route", "per cent", "envoy embassy statement", "flood"]
        times = []
        with store.sessions() as s:
            search(s, "warm up")
            for _ in range(5):
                for q in queries:
                    t0 = time.perf_counter()
                    search(s, q)
                    times.append(time.perf_counter() - t0)
        store.close()
    median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]
    return Row(f"search a {n:,}-article corpus (FTS5)", p95, None, "< 50 ms", p95 < 0.05,
               note=f"p95 of {len(times)} queries (median {median * 1000:.1f} ms), bm25 ranking and snippets")


def budget_rows(quick: bool = False) -> list[Row]:
    return [import_row(quick), check_row(quick), search_row(quick)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    args = parser.parse_args(argv)
    rows = budget_rows(args.quick)
    print(table(rows))
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
