"""`python -m corpus.schema.write`: regenerate the shipped JSON Schemas from the models."""

from __future__ import annotations

from pathlib import Path

from corpus.schema import rendered

if __name__ == "__main__":
    folder = Path(__file__).parent
    for name, text in rendered().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}")
