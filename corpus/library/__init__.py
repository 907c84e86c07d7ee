"""The shipped corpus: the two seed articles, annotated from ../shared/seeds/FACTS.md."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def library_folder() -> Traversable:
    """The folder holding sources.yaml and one YAML file per shipped article."""
    return files("corpus.library")
