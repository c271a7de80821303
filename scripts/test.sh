#!/usr/bin/env bash
# Sets up this machine, builds everything and runs every test: the pallets' and the runtime's
# unit tests, the node's tests, a lint of the Dockerfiles, the end-to-end suite against a real
# `healthchain-node --dev`, and the consortium network (a rococo-local relay chain of the `polkadot`
# node, installed once into the cache — over an hour the first time — validating the members'
# collators).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "build the node (runtime WASM included)"
NODE="$("$ROOT/scripts/build.sh" | tail -n1)"
export HEALTHCHAIN_NODE="$NODE"
export HEALTHCHAIN_CLI="$(dirname "$NODE")/healthchain"

# Every crate of the workspace, with the benchmarks compiled in (the features must unify).
CRATES=(-p healthchain-node -p healthchain-cli -p healthchain-fhir-consent -p healthchain-runtime -p healthchain-runtime-api
	-p healthchain-primitives -p healthchain-gateway $(for d in pallets/*/; do echo -n "-p pallet-$(basename "$d") "; done))

step "habits: formatting (rustfmt.toml), clippy, duplicated code"
cargo fmt --all --check
# Lints need no runtime blob (and the WASM build cannot run under clippy's rustc wrapper).
SKIP_WASM_BUILD=1 cargo clippy --locked --all-targets --features runtime-benchmarks "${CRATES[@]}" -- -D warnings
"$ROOT/scripts/duplicates-check.sh"

step "unit tests: pallets, runtime, node, gateway (its store on SQLite and on a throwaway PostgreSQL)"
"$ROOT/scripts/with-postgres.sh" cargo test --locked --features runtime-benchmarks "${CRATES[@]}"

step "lint the Dockerfiles and validate the compose files"
hadolint docker/*Dockerfile
echo "hadolint: Dockerfiles clean"
for f in docker/compose.yaml docker/network.compose.yaml; do
	HEALTHCHAIN_TRIAL_MASTER_KEY=check docker-compose -f "$f" config --quiet
	echo "docker-compose config: $f valid"
done

step "the production runtime (no benchmarking; checked against the relay chain's limits) and its chain specs"
export HEALTHCHAIN_PRODUCTION_SPEC="$("$ROOT/scripts/chain-spec.sh" | tail -n1)"
export HEALTHCHAIN_PRODUCTION_WASM="$HEALTHCHAIN_CACHE/runtimes/healthchain-runtime-production.compact.compressed.wasm"
export HEALTHCHAIN_SPEC="$("$ROOT/scripts/chain-spec.sh" --fast-runtime | tail -n1)"

step "build the patient app (app/dist; its browser tests run in the end-to-end suite)"
"$ROOT/scripts/build-app.sh"

step "end-to-end tests against $NODE --dev (the gateway suite on SQLite and on a throwaway PostgreSQL; the patient app in headless Chromium), and the production runtime under chopsticks"
export HEALTHCHAIN_GATEWAY="$(dirname "$NODE")/healthchain-gateway"
(cd e2e && "$ROOT/scripts/with-postgres.sh" npm test)

step "the consortium network: the relay-chain node (installed once into the cache), zombienet, members' collators"
"$ROOT/scripts/test-network.sh"
