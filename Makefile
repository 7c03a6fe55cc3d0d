# gitspaces — two commands on a fresh machine: `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
BIN := .build/debug/gitspaces
# Release binaries link the Swift runtime statically: one file to install (no Swift on the host),
# and a start-up about 15% faster (less dynamic symbol binding), which a short command feels.
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all deps engine build release lint format test demo demo-clean bench clean help

all: build

help:
	@echo "make demo    set up what is needed, then run the daemon on the config in manifests/ (make demo-clean undoes it)"
	@echo "make test    set up what is needed, then build and run the whole test suite"
	@echo "make lint    swift format lint --strict (make format rewrites the files it would flag)"
	@echo "make bench   benchmarks, with ratios against baselines measured in the same run"

deps:
	@scripts/ensure-deps.sh

engine: deps
	@scripts/ensure-dockerd.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The toolchain's swift-format, with the repository's .swift-format; make test runs it first, so CI fails
# on a formatting slip before it spends minutes on the build.
FORMAT_PATHS := Package.swift Sources Tests
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

# The suite runs with a throwaway HOME: the ssh login tests add their loopback server to
# ~/.ssh/known_hosts, and nothing of the user's git or ssh configuration leaks into the tests.
test: deps lint engine
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	@home=$$(mktemp -d /tmp/gitspaces-test-home.XXXXXX); \
	HOME=$$home GITSPACES_TEST_THROWAWAY_HOME=1 $(SWIFT) test --skip-build $(BUILD_FLAGS); rc=$$?; \
	rm -rf "$$home"; exit $$rc

demo: deps engine build
	@scripts/demo.sh $(BIN)

demo-clean: build
	@scripts/demo-clean.sh $(BIN)

bench: deps engine
	$(SWIFT) build $(RELEASE_FLAGS) --product gitspaces
	$(SWIFT) build $(RELEASE_FLAGS) --product gitspaces-bench
	python3 bench/run.py --binary .build/release/gitspaces

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product gitspaces
	@echo "built .build/release/gitspaces (Swift runtime linked statically)"

clean:
	rm -rf .build
