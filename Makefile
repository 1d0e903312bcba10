# pactspec: `make demo` and `make test` are the two set-up commands (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
REPORTS := reports
export PACT_DO_NOT_TRACK := true
# The example application's code lives under features/app.
export PYTHONPATH := $(CURDIR)/features/app
# The provider version the demo's verification results carry (shown in the living docs).
DEMO_VERSION := $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)

.PHONY: demo test unit features compat lint bench bench-instructions conformance clean

$(VENV)/.base: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[test,interop,rabbitmq,sqs,kafka,asyncapi,aws,redis,nats,mqtt,activemq,websockets]'
	touch $@

# The main job on the bundled example: consumer contracts -> pact files -> provider verification -> docs.
demo: $(VENV)/.base
	rm -rf pacts $(REPORTS)/demo && mkdir -p $(REPORTS)/demo
	@echo "== 1. Consumers: behave runs the Gherkin contracts against the real handlers"
	$(VENV)/bin/behave --format progress --tags='not @provider' features
	@echo "== 2. The same contracts in YAML (contracts/), written to $(REPORTS)/demo/yaml-pacts"
	$(VENV)/bin/pactspec run contracts --path features/app --pact-dir $(REPORTS)/demo/yaml-pacts
	@echo "== 2b. And in Python (contracts/example.py, pactspec.MessagePact), written to $(REPORTS)/demo/python-pacts"
	$(PY) contracts/example.py $(REPORTS)/demo/python-pacts
	@echo "== 3. Providers: verify their real producers against the pact files"
	$(VENV)/bin/pactspec verify pacts --provider user-events --app users.producer --path features/app --provider-version $(DEMO_VERSION) --json $(REPORTS)/demo/user-events.json
	$(VENV)/bin/pactspec verify pacts --provider order-service --app orders.producer --path features/app --provider-version $(DEMO_VERSION) --json $(REPORTS)/demo/order-service.json
	@echo "== 4. Living documentation (index.html below)"
	@echo "Pact files: $(CURDIR)/pacts/"
	$(VENV)/bin/pactspec docs --pacts pacts --features features --results $(REPORTS)/demo/user-events.json $(REPORTS)/demo/order-service.json --out $(REPORTS)/demo/docs

test: $(VENV)/.test conformance lint unit features compat

conformance: $(VENV)/.base
	@$(PY) .ci/conformance.py --check
	@$(PY) .ci/broker_reference.py --check

lint: $(VENV)/.test
	$(VENV)/bin/ruff check --line-length 110 --target-version py311 pactspec tests benchmarks steps features contracts examples
	$(VENV)/bin/mypy pactspec
	$(VENV)/bin/lint-imports
	$(PY) -c "import pactspec, sys; assert 'behave' not in sys.modules, 'the core imported behave'"

# Two workers (pytest-xdist): each starts its own test servers once, on free ports.
unit: $(VENV)/.test
	mkdir -p $(REPORTS)
	PACTSPEC_CONFORMANCE=$$($(PY) .ci/conformance.py) PACTSPEC_BROKER_REFERENCE=$$($(PY) .ci/broker_reference.py) \
	PACTSPEC_ASYNCAPI_SCHEMAS=$$($(PY) .ci/asyncapi_schemas.py) PACTSPEC_OPC=$$($(PY) .ci/opc.py) \
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --junitxml=$(REPORTS)/pytest.xml

features: $(VENV)/.test
	rm -rf pacts && mkdir -p $(REPORTS)/behave
	$(VENV)/bin/behave --format progress --junit --junit-directory $(REPORTS)/behave features

compat: $(VENV)/.test
	PACTSPEC_CONFORMANCE=$$($(PY) .ci/conformance.py) $(PY) tests/compatibility/run.py

# The whole-process rows start Python as an installed pactspec would: with its bytecode compiled
# (pip compiles a wheel's modules; an editable install under PYTHONDONTWRITEBYTECODE never does).
bench: $(VENV)/.test
	$(PY) -m compileall -q pactspec
	$(PY) benchmarks/run.py

# the same workloads counted in instructions by valgrind (slow; for comparing two checkouts:
# .venv/bin/python benchmarks/instructions.py ../before .)
bench-instructions: $(VENV)/.test
	$(PY) -m compileall -q pactspec
	$(PY) benchmarks/instructions.py

clean:
	rm -rf $(VENV) pacts $(REPORTS) .cache *.egg-info
