# Faultline set-up and everyday targets. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev pkg-config
SWIFT ?= swift
BIN := .build/release/faultline

.PHONY: deps build demo test bench clean

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

## Benchmarks (release build).
bench: build
	$(BIN) bench linalg

clean:
	rm -rf .build
