# Faultline set-up and everyday targets. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev libssl-dev pkg-config
SWIFT ?= swift
BIN := .build/release/faultline

.PHONY: deps build demo test lint format bench bench-peers bench-import fuzz clean gate gate-runs baseline test-slurm

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

## CSV import against pandas read_csv on the same generated file, both sides in one run (docs/BENCHMARKS.md):
## pandas goes into a virtualenv OUTSIDE the repository (PANDAS_VENV).
PANDAS_VENV ?= $(PEER_TMP)/faultline-pandas
bench-import: build
	@case "$$(realpath -m "$(PANDAS_VENV)")/" in "$$(realpath .)/"*) echo "error: PANDAS_VENV is inside the repository; set it elsewhere"; exit 2;; esac
	@test -x "$(PANDAS_VENV)/bin/python" && "$(PANDAS_VENV)/bin/python" -c 'import pandas' 2>/dev/null || \
	  { python3 -m venv "$(PANDAS_VENV)" && "$(PANDAS_VENV)/bin/python" -m pip install -q pandas; }
	$(BIN) bench import --python "$(PANDAS_VENV)/bin/python" --runs 5

## Fuzz the parsers users and other tools feed (scenario YAML, experiment spec, score file, dataset
## manifest, and the importers' CSV, query_range JSON and OpenMetrics parsers) with libFuzzer and AddressSanitizer: FUZZ_RUNS inputs each (default 1,000,000), seeded from
## the repository's own files. Crash inputs land in FUZZ_DIR (outside the repository) and fail the target;
## replay one with `swift run FaultlineFuzz TARGET FILE`. docs/FUZZING.md has the counts of the last run.
FUZZ_RUNS ?= 1000000
FUZZ_DIR ?= $(PEER_TMP)/faultline-fuzz
FUZZ_TARGETS ?= scenario spec scores manifest csv query-range openmetrics otlp-json
FUZZ_SCRATCH ?= .build-fuzz
FUZZ_BIN := $(FUZZ_SCRATCH)/release/FaultlineFuzz
fuzz: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) $(FUZZ_BUILD_FLAGS) -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld \
	  --product FaultlineFuzz
	@case "$$(realpath -m "$(FUZZ_DIR)")/" in "$$(realpath .)/"*) echo "error: FUZZ_DIR is inside the repository; set it elsewhere"; exit 2;; esac
	mkdir -p "$(FUZZ_DIR)"/seeds/{scenario,spec,scores,manifest,csv,query-range,openmetrics,otlp-json}
	cp Scenarios/*.yaml "$(FUZZ_DIR)/seeds/scenario/"
	cp Scenarios/suites/*.yaml "$(FUZZ_DIR)/seeds/spec/"
	printf 'timestamp,score\n2026-01-01T00:00:00Z,0.5\n2026-01-01T00:01:00Z,1e3\n' > "$(FUZZ_DIR)/seeds/scores/a.csv"
	printf 'timestamp,score\r\n1767225600000,0\r\n1767225660000,NaN\r\n' > "$(FUZZ_DIR)/seeds/scores/b.csv"
	printf 'time,web/cpu,db/requests_total,label\n2023-11-14T22:13:20Z,0.5,12,0\n1700000060,,13,1\r\n1700000120000,"0.7",nan,0\n' > "$(FUZZ_DIR)/seeds/csv/a.csv"
	printf '\xef\xbb\xbftime;x\n1700000120;3\n1700000000;1\n1700000000;2\n1700000300;5' > "$(FUZZ_DIR)/seeds/csv/b.csv"
	printf '%s' '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"a"},"values":[[1700000000,"1"],[1700000015.5,"NaN"],[1700000030,"+Inf"]]},{"metric":{"__name__":"faultline_fault_active","fault_id":"f1","kind":"cpu-hog","target":"a","start_ms":"1700000015000","end_ms":"1700000030000"},"values":[[1700000000,"0"],[1700000015,"1"]]}]}}' > "$(FUZZ_DIR)/seeds/query-range/a.json"
	printf '# HELP x_total help\n# TYPE x_total counter\nx_total{entity="a",faultline_unit="ms"} 1 1700000000\nx_total{entity="a"} 2.5e3 1700000015.250\n# TYPE s summary\ns{quantile="0.99",a="\\"q"} NaN 1700000000\ns_created{a="b"} 1 1700000000\n# EOF\n' > "$(FUZZ_DIR)/seeds/openmetrics/a.om"
	printf 'node_cpu_seconds_total{cpu="0", instance="n1", mode="idle"} 100 1700000000.000\ngo_goroutines{instance="n1", job="node"} 7 1700000000.000\n# EOF\n' > "$(FUZZ_DIR)/seeds/openmetrics/b.om"
	printf '%s\n' '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173","name":"op","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{"code":2}}]}]}]}' \
	  '{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1544712660300000000","severityNumber":13,"body":{"stringValue":"slow"},"attributes":[{"key":"n","value":{"intValue":"3"}}]}]}]}]}' \
	  '{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeMetrics":[{"metrics":[{"name":"rps","unit":"1/s","gauge":{"dataPoints":[{"timeUnixNano":"1544712660000000000","asDouble":1.5},{"timeUnixNano":"1544712720000000000","asInt":"2"}]}},{"name":"req","sum":{"isMonotonic":true,"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"1544712660000000000","asInt":"7","attributes":[{"key":"code","value":{"stringValue":"200"}}]}]}}]}]}]}' > "$(FUZZ_DIR)/seeds/otlp-json/a.jsonl"
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

## The project's own model-quality gate (docs/CI.md): run the CI suites (simulated, NAB subset, slow-burn failure
## prediction, Sock Shop root cause) with the debug build `make test` leaves behind, then `faultline gate` each against its committed
## baseline in Results/baselines/. Every gate runs; the target fails when any of them does. `make baseline` is
## the one command that re-baselines after an intended change (then review and commit the diff).
GATE_BIN ?= .build/debug/faultline
GATE_BUILD_FLAGS ?=
GATE_SUITES := ci ci-nab ci-prediction ci-rca
GATE_DATA := ../shared/datasets
gate-runs: deps
	$(SWIFT) build $(GATE_BUILD_FLAGS) --product faultline
	$(GATE_BIN) evaluate Scenarios/suites/ci.yaml --out Results/ci --no-timings --quiet > /dev/null
	$(GATE_BIN) evaluate Scenarios/suites/ci-nab.yaml --out Results/ci-nab --no-timings --quiet > /dev/null
	$(GATE_BIN) evaluate Scenarios/suites/ci-prediction.yaml --out Results/ci-prediction --no-timings --quiet > /dev/null
	$(GATE_BIN) rca $(GATE_DATA)/sockshop-rcd --suite sockshop --out Results/ci-rca --quiet > /dev/null

gate: gate-runs
	@status=0; \
	for pair in ci:ci ci-nab:ci-nab ci-prediction:ci-prediction ci-rca:rca-sockshop; do \
	  run=$${pair%%:*}; suite=$${pair##*:}; \
	  $(GATE_BIN) gate Results/$$run --rules Scenarios/gates/$$suite.yaml --baseline Results/baselines/$$suite.json \
	    --out Results/$$run-gate || status=$$?; \
	done; exit $$status

baseline: gate-runs
	$(GATE_BIN) baseline update Results/ci --out Results/baselines/ci.json
	$(GATE_BIN) baseline update Results/ci-nab --out Results/baselines/ci-nab.json
	$(GATE_BIN) baseline update Results/ci-prediction --out Results/baselines/ci-prediction.json
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
