# Faultline set-up and everyday targets. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev libssl-dev pkg-config
SWIFT ?= swift
BIN := .build/release/faultline

.PHONY: deps build demo test lint format bench bench-peers fuzz clean gate gate-runs baseline test-slurm

## Install the Debian packages Faultline links against, when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## Release build of the `faultline` executable.
build: deps
	$(SWIFT) build -c release --product faultline

## The main job on the built-in default scenario: simulate, evaluate, report (Results/demo/).
demo: build
	$(BIN) demo

## The whole test suite (unit + end-to-end), single-threaded BLAS.
test: deps
	OPENBLAS_NUM_THREADS=1 $(SWIFT) test

## Style check: swift-format (the toolchain's) with the repository's .swift-format; fails on any finding.
lint:
	swift-format lint --strict --recursive Sources Tests Package.swift

## Rewrite the sources in the repository's style (what `make lint` checks).
format:
	swift-format format --in-place --recursive Sources Tests Package.swift

## Benchmarks (release build).
bench: build
	$(BIN) bench linalg

## Side-by-side detector benchmark, both sides in one run on the same arrays: sets up the peers'
## virtualenvs (scikit-learn, PyOD, numpy, Merlion; OUTSIDE the repository), exports their inputs,
## runs their detector benchmarks, then `faultline bench detectors` on the exported files, and
## renders one table with the peers' render.py. Override the locations with PEER_VENVS / PEER_DATA /
## PEER_RESULTS (all must lie outside the repository). The full run takes ~20 minutes on 2 cores.
PEERS_DIR := $(abspath ../shared/peers)
PEER_TMP := $(or $(TMPDIR),/tmp)
PEER_VENVS ?= $(PEER_TMP)/aiops-peers
PEER_DATA ?= $(PEER_TMP)/faultline-peer-data
PEER_RESULTS ?= $(PEER_TMP)/faultline-peer-results
PEER_RUNS ?= 5
## Shared-machine guard: longest wait for a quiet machine per case (s) and retakes of a disturbed
## sample, for both sides (the peers' defaults, 600 s and 3, can stall a busy machine for hours).
PEER_QUIET_WAIT ?= 60
PEER_RETRIES ?= 2
bench-peers: build
	@for d in "$(PEER_VENVS)" "$(PEER_DATA)" "$(PEER_RESULTS)"; do \
	  case "$$(realpath -m "$$d")/" in "$$(realpath .)/"*) echo "error: $$d is inside the repository; set it elsewhere"; exit 2;; esac; \
	done
	PEER_VENVS="$(PEER_VENVS)" "$(PEERS_DIR)/setup_venvs.sh"
	"$(PEER_VENVS)/core/bin/python" "$(PEERS_DIR)/export_data.py" "$(PEER_DATA)" > /dev/null
	@# PyOD's kNN fit rows, drawn exactly as bench_detectors.py draws them (MV: 200,000 rows; UV: 999,969 windows).
	"$(PEER_VENVS)/core/bin/python" -c 'import sys, numpy as np; d = sys.argv[1]; \
	  [np.save(f"{d}/{name}.npy", np.sort(np.random.default_rng(0).choice(n, size=20000, replace=False)).astype(np.int64)) \
	   for name, n in (("knn_fit_rows", 200000), ("knn_fit_rows_uv", 1000000 - 32 + 1))]' "$(PEER_DATA)"
	mkdir -p "$(PEER_RESULTS)/merged"
	cd "$(PEERS_DIR)" && PEER_OUT="$(PEER_RESULTS)" PEER_RUNS=$(PEER_RUNS) PEER_QUIET_WAIT=$(PEER_QUIET_WAIT) PEER_RETRIES=$(PEER_RETRIES) \
	  "$(PEER_VENVS)/core/bin/python" bench_detectors.py
	@# Merlion needs its own env and a Java runtime; without them the table is made without its row.
	@rm -f "$(PEER_RESULTS)/detectors_merlion.json"
	-if command -v java > /dev/null && [ -x "$(PEER_VENVS)/merlion/bin/python" ]; then \
	  cd "$(PEERS_DIR)" && PEER_OUT="$(PEER_RESULTS)" PEER_RUNS=$(PEER_RUNS) PEER_QUIET_WAIT=$(PEER_QUIET_WAIT) PEER_RETRIES=$(PEER_RETRIES) \
	    "$(PEER_VENVS)/merlion/bin/python" bench_merlion.py; \
	else echo "warning: no Java runtime or merlion env: Merlion's row is skipped (apt install default-jre-headless)"; fi
	$(BIN) bench detectors --data "$(PEER_DATA)" --runs $(PEER_RUNS) --wait-for-quiet $(PEER_QUIET_WAIT) --json --out "$(PEER_RESULTS)/detectors_faultline.json" \
	  --peers "$(PEER_RESULTS)/detectors_core.json" $$( [ -f "$(PEER_RESULTS)/detectors_merlion.json" ] && echo --peers "$(PEER_RESULTS)/detectors_merlion.json") > /dev/null
	@# One table: the peers' rows followed by Faultline's, rendered by the peers' render.py.
	"$(PEER_VENVS)/core/bin/python" -c 'import json, shutil, sys, os; r = sys.argv[1]; \
	  core = json.load(open(f"{r}/detectors_core.json")); ours = json.load(open(f"{r}/detectors_faultline.json")); \
	  core["results"] += ours["results"]; json.dump(core, open(f"{r}/merged/detectors_core.json", "w"), indent=1); \
	  os.path.exists(f"{r}/detectors_merlion.json") and shutil.copy(f"{r}/detectors_merlion.json", f"{r}/merged/")' "$(PEER_RESULTS)"
	PEER_OUT="$(PEER_RESULTS)/merged" "$(PEER_VENVS)/core/bin/python" "$(PEERS_DIR)/render.py" | tee "$(PEER_RESULTS)/side-by-side.md"

## Fuzz the four parsers users and other tools feed (scenario YAML, experiment spec, score file, dataset
## manifest) with libFuzzer and AddressSanitizer: FUZZ_RUNS inputs each (default 1,000,000), seeded from
## the repository's own files. Crash inputs land in FUZZ_DIR (outside the repository) and fail the target;
## replay one with `swift run FaultlineFuzz TARGET FILE`. docs/FUZZING.md has the counts of the last run.
FUZZ_RUNS ?= 1000000
FUZZ_DIR ?= $(PEER_TMP)/faultline-fuzz
FUZZ_TARGETS ?= scenario spec scores manifest
FUZZ_BIN := .build-fuzz/release/FaultlineFuzz
fuzz: deps
	$(SWIFT) build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld \
	  --product FaultlineFuzz
	@case "$$(realpath -m "$(FUZZ_DIR)")/" in "$$(realpath .)/"*) echo "error: FUZZ_DIR is inside the repository; set it elsewhere"; exit 2;; esac
	mkdir -p "$(FUZZ_DIR)"/seeds/{scenario,spec,scores,manifest}
	cp Scenarios/*.yaml "$(FUZZ_DIR)/seeds/scenario/"
	cp Scenarios/suites/*.yaml "$(FUZZ_DIR)/seeds/spec/"
	printf 'timestamp,score\n2026-01-01T00:00:00Z,0.5\n2026-01-01T00:01:00Z,1e3\n' > "$(FUZZ_DIR)/seeds/scores/a.csv"
	printf 'timestamp,score\r\n1767225600000,0\r\n1767225660000,NaN\r\n' > "$(FUZZ_DIR)/seeds/scores/b.csv"
	@test -f "$(FUZZ_DIR)/seeds/manifest/manifest.json" || { $(SWIFT) run -c release faultline simulate Scenarios/tiny.yaml --out "$(FUZZ_DIR)/tiny" --quiet \
	  && cp "$(FUZZ_DIR)/tiny/manifest.json" "$(FUZZ_DIR)/seeds/manifest/"; }
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p "$(FUZZ_DIR)/corpus/$$t"; \
	  echo "fuzzing $$t: $(FUZZ_RUNS) inputs"; \
	  FAULTLINE_FUZZ_TARGET=$$t $(FUZZ_BIN) -runs=$(FUZZ_RUNS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$(FUZZ_DIR)/$$t-" -print_final_stats=1 "$(FUZZ_DIR)/corpus/$$t" "$(FUZZ_DIR)/seeds/$$t" \
	    2> "$(FUZZ_DIR)/$$t.log" || { tail -40 "$(FUZZ_DIR)/$$t.log"; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$(FUZZ_DIR)/$$t.log"; \
	done

## The project's own model-quality gate (docs/CI.md): run the CI suites (simulated, NAB subset, Sock Shop root
## cause) with the debug build `make test` leaves behind, then `faultline gate` each against its committed
## baseline in Results/baselines/. Every gate runs; the target fails when any of them does. `make baseline` is
## the one command that re-baselines after an intended change (then review and commit the diff).
GATE_BIN ?= .build/debug/faultline
GATE_BUILD_FLAGS ?=
GATE_SUITES := ci ci-nab ci-rca
GATE_DATA := ../shared/datasets
gate-runs: deps
	$(SWIFT) build $(GATE_BUILD_FLAGS) --product faultline
	$(GATE_BIN) evaluate Scenarios/suites/ci.yaml --out Results/ci --no-timings --quiet > /dev/null
	$(GATE_BIN) evaluate Scenarios/suites/ci-nab.yaml --out Results/ci-nab --no-timings --quiet > /dev/null
	$(GATE_BIN) rca $(GATE_DATA)/sockshop-rcd --suite sockshop --out Results/ci-rca --quiet > /dev/null

gate: gate-runs
	@status=0; \
	for pair in ci:ci ci-nab:ci-nab ci-rca:rca-sockshop; do \
	  run=$${pair%%:*}; suite=$${pair##*:}; \
	  $(GATE_BIN) gate Results/$$run --rules Scenarios/gates/$$suite.yaml --baseline Results/baselines/$$suite.json \
	    --out Results/$$run-gate || status=$$?; \
	done; exit $$status

baseline: gate-runs
	$(GATE_BIN) baseline update Results/ci --out Results/baselines/ci.json
	$(GATE_BIN) baseline update Results/ci-nab --out Results/baselines/ci-nab.json
	$(GATE_BIN) baseline update Results/ci-rca --out Results/baselines/rca-sockshop.json
	git diff --stat -- Results/baselines/

## Opt-in: a real one-node Slurm (Debian slurm-wlm + munge, loopback, installed and started by
## .ci/slurm/setup.sh, root needed), the tiny sweep submitted as `sbatch --array` + an `afterok` merge job and
## compared byte for byte with `sweep local`; the daemons it started are stopped afterwards (by pid).
test-slurm: deps
	$(SWIFT) build $(GATE_BUILD_FLAGS) --product faultline
	.ci/slurm/setup.sh
	.ci/slurm/test.sh $(GATE_BIN); status=$$?; .ci/slurm/stop.sh; exit $$status

clean:
	rm -rf .build
