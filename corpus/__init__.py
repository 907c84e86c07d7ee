"""Corpus: articles, sources, annotations, anchoring, checking, the store, YAML I/O."""
