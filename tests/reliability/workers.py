"""Worker processes for the crash and concurrency tests. Each prints one line per committed
write ("committed …"), flushed, so the parent knows exactly what was reported as saved.

    python workers.py answer DB ATTEMPT_ID ITEMS [LIMIT]
    python workers.py annotate DB ARTICLE_ID COUNT
"""

from __future__ import annotations

import sys


def answer_forever(db: str, attempt_id: int, items: int, limit: int) -> None:
    from corpus.store import Store
    from quizzes.attempts import answer

    store = Store.open(db)
    n = 0
    while limit <= 0 or n < limit:
        position = 1 + n % items
        with store.sessions.begin() as s:
            view = answer(s, attempt_id=attempt_id, position=position, response=("no-such-choice",))
        # Only after the commit returned: this response is saved.
        print(f"committed {view.position} {view.try_number}", flush=True)
        n += 1
    store.close()


def annotate(db: str, article_id: str, count: int) -> None:
    from corpus.authoring import add_annotation
    from corpus.store import Store

    store = Store.open(db)
    with store.sessions() as s:
        from corpus.articles import get_article

        body = get_article(s, article_id).body
    words = [i for i, ch in enumerate(body) if ch == " "]
    for n in range(count):
        start = words[n % (len(words) - 3)] + 1
        end = words[n % (len(words) - 3) + 2]
        with store.sessions.begin() as s:
            record = add_annotation(s, article_id=article_id, start=start, end=end, category="question",
                                    note=f"Worker note {n}", status="draft", author="worker")
        print(f"committed {record.id}", flush=True)
    store.close()


if __name__ == "__main__":
    kind, db = sys.argv[1], sys.argv[2]
    if kind == "answer":
        answer_forever(db, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 0)
    elif kind == "annotate":
        annotate(db, sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown worker {kind}")
