# Closeread: `make run` starts the app, `make test` runs the suite. Both create .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-postgres bench lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/closeread

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The store, corpus, quiz and reliability tests once more on a throwaway PostgreSQL cluster
# (installed from Debian's packages when missing; see .ci/postgres.sh).
test-postgres: $(STAMP)
	@set -e; dir=$$(mktemp -d); trap '.ci/postgres.sh stop "'$$dir'/pg"' EXIT; \
	url=$$(.ci/postgres.sh start "$$dir/pg"); url=$$(echo "$$url" | tail -n 1); \
	case "$$url" in postgresql*) ;; *) echo "PostgreSQL did not start" >&2; exit 1;; esac; \
	echo "Running the store, corpus, quiz and reliability tests on $$url"; \
	CLOSEREAD_TEST_PG="$$url" QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider \
		tests/store tests/corpus tests/quizzes tests/reliability

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff mypy
	$(PY) -m ruff check corpus quizzes desktop tests
	$(PY) -m mypy

clean:
	rm -rf $(VENV) build *.egg-info
