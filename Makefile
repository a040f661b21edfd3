# libcleanlab — build and test entry points.
#
#   make / make build   swift build -c release  ->  .build/release/libcleanlab.so and the
#                       command-line tool .build/bin/cleanlab (-> .build/release/cleanlab-cli)
#   make test           every test suite (swift, abi, c, example, python); fails if any fails,
#                       ends with a line "ALL: N passed, M failed[, S skipped]" (suites)
#   make demo           builds and runs `cleanlab demo` (the CLI) on a generated dataset
#   make clean          removes build products (keeps .venv; `make distclean` removes it too)
#
# Individual suites: test-swift, test-abi, test-c, test-example, test-python.

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := build

SWIFT   ?= swift
CC      ?= cc
PYTHON  ?= python3

ROOT        := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
RELEASE_DIR := $(ROOT)/.build/release
LIB         := $(RELEASE_DIR)/libcleanlab.so
CLI         := $(ROOT)/.build/bin/cleanlab
INCLUDE     := $(ROOT)/include
OUT         := $(ROOT)/.build/c

CWARN   := -std=c99 -Wall -Wextra -pedantic -Werror
CFLAGS  ?= -O2 -g
LDLIBS  := -L$(RELEASE_DIR) -lcleanlab -Wl,-rpath,$(RELEASE_DIR) -lm

VENV     := $(ROOT)/.venv
VPY      := $(VENV)/bin/python
VPIP     := $(VENV)/bin/pip
PYDIR    := $(ROOT)/bindings/python
# cleanlab 1.0.1, the reference of the seed API's parity tests, in its own venv: it does not
# import with scikit-learn >= 1.8 (the main venv's).
V1VENV   := $(ROOT)/.venv-cl1
V1PY     := $(V1VENV)/bin/python
V1REQS   := "cleanlab==1.0.1" "scikit-learn<1.8" numpy

SUITES := test-swift test-abi test-c test-example test-python
SUMMARY := $(ROOT)/.build/test-summary.txt

.PHONY: all build test $(SUITES) demo clean distclean venv bench

all: build

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------
build:
	$(SWIFT) build -c release
	@test -f "$(LIB)" || { echo "error: $(LIB) was not produced" >&2; exit 1; }
	@test -x "$(RELEASE_DIR)/cleanlab-cli" || { echo "error: $(RELEASE_DIR)/cleanlab-cli was not produced" >&2; exit 1; }
	@mkdir -p $(dir $(CLI)) && ln -sfn ../release/cleanlab-cli $(CLI)

$(OUT):
	@mkdir -p $(OUT)

# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------
# `make test` runs every suite even when an earlier one fails, prints a per-suite table and a
# closing line, and exits non-zero if any suite failed. The build runs first: a failed build
# fails every suite that needs the library.
test:
	@rm -f $(SUMMARY)
	@mkdir -p $(ROOT)/.build; \
	passed=0; failed=0; skipped=0; report=""; \
	for suite in $(SUITES); do \
	    echo ""; echo "=== $$suite ==="; \
	    start=$$(date +%s); \
	    if $(MAKE) --no-print-directory $$suite; then \
	        if [[ -f $(ROOT)/.build/$$suite.skipped ]]; then \
	            result=SKIP; skipped=$$((skipped + 1)); \
	        else \
	            result=PASS; passed=$$((passed + 1)); \
	        fi; \
	    else \
	        result=FAIL; failed=$$((failed + 1)); \
	    fi; \
	    report="$$report$$(printf '  %-4s %-13s %4ss' $$result $$suite $$(( $$(date +%s) - start )))\n"; \
	done; \
	line="ALL: $$passed passed, $$failed failed"; \
	if [[ $$skipped -gt 0 ]]; then line="$$line, $$skipped skipped"; fi; \
	echo ""; echo "=== summary ==="; printf "$$report"; \
	echo "$$line" > $(SUMMARY); \
	echo "$$line"; \
	[[ $$failed -eq 0 ]]

# swift test: the package's Swift Testing (and any XCTest) tests, debug build.
test-swift:
	$(SWIFT) test

# ABI surface: exported symbols == abi/cleanlab.exports, SONAME, no Swift runtime dependency;
# the header compiles cleanly as C99/C11/C++11/C++17 with gcc and clang.
test-abi: build | $(OUT)
	$(ROOT)/scripts/check_exports.sh $(LIB)
	$(ROOT)/scripts/check_header.sh
	$(ROOT)/tests/dispatch.sh $(RELEASE_DIR) $(OUT) $(CC)

# The C test programs: tests/c/test_*.c, one executable each (test_cleanlab.c covers every
# function of the foundation and every error status; later areas add their own file).
C_TESTS := $(sort $(wildcard $(ROOT)/tests/c/test_*.c))

# The developer tools of benchmarks/ (timing and profiling by hand, not run here) must keep
# building warning-free against the header.
DEV_TOOLS := $(ROOT)/benchmarks/time_call.c $(ROOT)/benchmarks/access_floors.c

test-c: build | $(OUT)
	@set -e; for src in $(C_TESTS); do \
	    exe=$(OUT)/$$(basename $$src .c); \
	    echo "$(CC) ... $$src -o $$exe"; \
	    $(CC) $(CWARN) $(CFLAGS) -pthread -I$(INCLUDE) $$src -o $$exe $(LDLIBS); \
	    $$exe; \
	done
	@set -e; for src in $(DEV_TOOLS); do \
	    exe=$(OUT)/$$(basename $$src .c); \
	    $(CC) $(CWARN) $(CFLAGS) -pthread -I$(INCLUDE) $$src -o $$exe $(LDLIBS); \
	    echo "  ok: $$(basename $$src) builds warning-free (a developer tool, not run)"; \
	done

# The example program: must build warning-free and run successfully.
$(OUT)/find_label_issues: $(ROOT)/examples/c/find_label_issues.c $(INCLUDE)/cleanlab.h | $(OUT)
	$(CC) $(CWARN) $(CFLAGS) -I$(INCLUDE) $< -o $@ $(LDLIBS)

test-example: build
	@$(MAKE) --no-print-directory -B $(OUT)/find_label_issues
	$(OUT)/find_label_issues > $(OUT)/find_label_issues.out
	@tail -n 3 $(OUT)/find_label_issues.out
	@grep -q '^summary:' $(OUT)/find_label_issues.out || { echo "test-example: no summary line" >&2; exit 1; }
	$(OUT)/find_label_issues --n 2000 --k 5 --seed 7 --top 5 > /dev/null

# The Python binding. Skipped (loudly) only while bindings/python has no package definition yet.
venv: $(VPY)
$(VPY):
	$(PYTHON) -m venv $(VENV)

test-python: build
	@rm -f $(ROOT)/.build/test-python.skipped
	@if [[ ! -f $(PYDIR)/setup.py && ! -f $(PYDIR)/pyproject.toml ]]; then \
	    echo "SKIPPED test-python: bindings/python/setup.py does not exist yet (no Python binding to test)"; \
	    touch $(ROOT)/.build/test-python.skipped; \
	    exit 0; \
	fi; \
	set -x; \
	[[ -x $(VPY) ]] || $(PYTHON) -m venv $(VENV); \
	$(VPIP) install -q --disable-pip-version-check -r $(PYDIR)/requirements-test.txt; \
	$(VPIP) install -q --disable-pip-version-check $(PYDIR); \
	[[ -x $(V1PY) ]] || $(PYTHON) -m venv $(V1VENV); \
	$(V1PY) -W ignore -c 'import cleanlab.pruning, sys; sys.exit(cleanlab.__version__ != "1.0.1")' 2>/dev/null \
	    || $(V1VENV)/bin/pip install -q --disable-pip-version-check $(V1REQS); \
	cd $(ROOT) && LIBCLEANLAB_V1_PYTHON=$(V1PY) $(VPY) -m pytest $(PYDIR)/tests -q

# ---------------------------------------------------------------------------------------------
# Demo: the command-line tool on a generated dataset with known label errors (the C example
# runs in `make test-example`).
# ---------------------------------------------------------------------------------------------
demo: build
	$(CLI) demo

# ---------------------------------------------------------------------------------------------
clean:
	rm -rf $(ROOT)/.build $(ROOT)/bindings/python/build

distclean: clean
	rm -rf $(VENV) $(V1VENV)

# ---------------------------------------------------------------------------------------------
# Benchmarks: libcleanlab vs cleanlab 2.9.0 (issue 4). Tables go to stdout and to
# benchmarks/results.md. `make bench ARGS=--quick` finishes in under two minutes; the full run
# takes 35-40 minutes on 2 cores / 24 GiB (and ~10 GB of disk). Not part of `make test`.
# ---------------------------------------------------------------------------------------------
bench: build
	[[ -x $(VPY) ]] || $(PYTHON) -m venv $(VENV)
	$(VPY) -c 'import cleanlab, numpy' 2>/dev/null || $(VPIP) install -q --disable-pip-version-check -r $(PYDIR)/requirements-test.txt
	$(VPIP) install -q --disable-pip-version-check $(PYDIR)
	$(VPY) $(ROOT)/benchmarks/bench_vs_cleanlab.py $(ARGS)

# ---------------------------------------------------------------------------------------------
# The seed's "learning with noisy labels" figure in numbers (area "classification"): four 2-D
# datasets with ~35% class-conditional label noise, five classifiers trained on perfect labels,
# on noisy labels and with CleanLearning on the noisy labels; prints the accuracies and writes
# .build/figure/noisy_labels_figure.png. matplotlib is installed into .venv for this target only.
# Not part of `make test`.
# ---------------------------------------------------------------------------------------------
.PHONY: figure
figure: build
	[[ -x $(VPY) ]] || $(PYTHON) -m venv $(VENV)
	$(VPY) -c 'import sklearn, pandas' 2>/dev/null || $(VPIP) install -q --disable-pip-version-check scikit-learn pandas
	$(VPY) -c 'import matplotlib' 2>/dev/null || $(VPIP) install -q --disable-pip-version-check matplotlib
	$(VPIP) install -q --disable-pip-version-check $(PYDIR)
	@mkdir -p $(ROOT)/.build/figure
	$(VPY) $(ROOT)/examples/python/noisy_labels_figure.py --out $(ROOT)/.build/figure/noisy_labels_figure.png
