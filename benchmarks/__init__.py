"""Scale benchmarks (not run by CI): `python -m benchmarks.<name>` from the repository root."""
