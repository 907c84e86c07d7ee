"""JSON Schemas of the corpus files, generated from the pydantic models that validate them, so an
editor (e.g. VS Code's YAML extension) can autocomplete and check a corpus as it is written.

`python -m corpus.schema.write` rewrites the shipped `article.schema.json` and `sources.schema.json`;
a test fails when they differ from the models.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from corpus.corpusfiles import AnnotationModel, ArticleModel, CitationModel, SourcesFileModel

BASE = "https://closeread.invalid/schema/"


def _inline(schema: dict[str, Any], field: str, item_schema: dict[str, Any]) -> None:
    """Replace a list-of-mappings field (validated one by one in code) by its real item schema."""
    defs = item_schema.pop("$defs", {})
    schema.setdefault("$defs", {}).update(defs)
    schema["properties"][field]["items"] = item_schema


def article_schema() -> dict[str, Any]:
    citation = CitationModel.model_json_schema()
    annotation = AnnotationModel.model_json_schema()
    _inline(annotation, "citations", citation)
    article = ArticleModel.model_json_schema()
    _inline(article, "annotations", annotation)
    article["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    article["$id"] = BASE + "article.schema.json"
    article["title"] = "Closeread article file"
    article["description"] = "One article: metadata, verbatim body and annotations (docs/corpus-format.md)."
    return article


def sources_schema() -> dict[str, Any]:
    schema = SourcesFileModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = BASE + "sources.schema.json"
    schema["title"] = "Closeread sources.yaml"
    schema["description"] = "Every source the annotations cite (docs/corpus-format.md)."
    return schema


def rendered() -> dict[str, str]:
    return {
        "article.schema.json": json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n",
        "sources.schema.json": json.dumps(sources_schema(), indent=2, ensure_ascii=False) + "\n",
    }


def shipped(name: str) -> str:
    return (files("corpus.schema") / name).read_text(encoding="utf-8")
