# gitspaces — two commands on a fresh machine: `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
BIN := .build/debug/gitspaces

.PHONY: all deps engine build test demo bench clean help

all: build

help:
	@echo "make demo    set up what is needed, then validate and plan the config in manifests/"
	@echo "make test    set up what is needed, then build and run the whole test suite"
	@echo "make bench   benchmarks, with ratios against baselines measured in the same run"

deps:
	@scripts/ensure-deps.sh

engine: deps
	@scripts/ensure-dockerd.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: deps engine
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

demo: deps engine build
	@scripts/demo.sh $(BIN)

bench: deps engine
	$(SWIFT) build -c release --product gitspaces
	$(SWIFT) build -c release --product gitspaces-bench
	python3 bench/run.py --binary .build/release/gitspaces

clean:
	rm -rf .build
