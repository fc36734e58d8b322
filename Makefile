# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZHENGBAN := $(BIN)/zhengban
PYTEST_ARGS ?=
WORKERS ?= 2

.PHONY: demo test test-only serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The worker (reminders, escalations, deliveries, the daily audit anchor) runs beside the server
# and stops with it.
demo: $(VENV)/.installed
	$(ZHENGBAN) demo
	ZHENGBAN_DEBUG=true sh -c 'trap "kill 0" INT TERM EXIT; \
	  $(ZHENGBAN) worker --interval 30 > var/worker.log 2>&1 & \
	  $(ZHENGBAN) runserver 127.0.0.1:8000'

test: $(VENV)/.installed-test test-only

test-only:
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
