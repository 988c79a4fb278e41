# DiffEq — set-up, demo, tests and benchmarks.
#   make demo              install missing system packages, build in release, run the main job
#                          (the SDE-ball experiment: simulate, learn drift and diffusion, plot)
#   make test              install missing system packages, run the whole test suite
#   make bench [FILTER=x]  release benchmarks; FILTER selects by name prefix (ode, sde, nn, nsde)
#   make examples          the example programs (ODE demo, SDE ensembles) into $(DEMO_OUT)/

SYSTEM_PACKAGES := libgsl-dev libopenblas-dev pkg-config
SWIFT ?= swift
FILTER ?=
DEMO_OUT ?= demo-output

.PHONY: deps demo test bench build examples clean

# Installs only what is missing; runs `apt-get update` only when something must be installed.
deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing system packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null && \
	  echo "Installed:$$missing"; \
	fi

build: deps
	$(SWIFT) build -c release

demo: deps
	$(SWIFT) build -c release --product diffeq
	$$($(SWIFT) build -c release --show-bin-path)/diffeq demo --output $(DEMO_OUT)

examples: deps
	$(SWIFT) build -c release --product ode-demo
	$(SWIFT) build -c release --product sde-ensembles
	$$($(SWIFT) build -c release --show-bin-path)/ode-demo --output $(DEMO_OUT)/ode
	$$($(SWIFT) build -c release --show-bin-path)/sde-ensembles --output $(DEMO_OUT)/sde

test: deps
	$(SWIFT) test -c release -Xswiftc -enable-testing

bench: deps
	$(SWIFT) build -c release --product diffeq-bench
	$$($(SWIFT) build -c release --show-bin-path)/diffeq-bench $(FILTER)

clean:
	rm -rf .build $(DEMO_OUT)
