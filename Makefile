# The README's two commands: `make sample` runs the morning job on the bundled
# sample, `make test` runs the tests and the report's browser test. Both install
# what is missing first.
SWIFT ?= swift
AT ?= 2026-11-25T08:00:00+08:00
SAMPLE = --tickets data/sample/tickets.csv --engineers data/sample/engineers.csv --at $(AT)

.PHONY: setup build sample test fuzz

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product fieldops

sample: build
	.build/release/fieldops plan $(SAMPLE)

test: setup
	$(SWIFT) test --disable-xctest
	scripts/check-report.sh "$$($(SWIFT) build --show-bin-path)/fieldops"
	python3 scripts/make-gazetteer.py --check

# Many more mutated inputs than the test suite runs: every reader gets FUZZ_CASES
# (default 20,000) in process, and the binary FUZZ_CLI_CASES (default 300) mutated
# files; any crash fails the run (keep the input as a regression test in
# Tests/FieldOpsCLITests/BadInputTests.swift).
FUZZ_CASES ?= 20000
FUZZ_CLI_CASES ?= 300
fuzz: setup
	FIELDOPS_FUZZ_CASES=$(FUZZ_CASES) FIELDOPS_FUZZ_CLI_CASES=$(FUZZ_CLI_CASES) $(SWIFT) test --disable-xctest --filter 'FuzzTests|BadInputTests'
