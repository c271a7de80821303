#!/usr/bin/env bash
# Builds healthchain-node (debug profile, runtime WASM included, benchmarks enabled) and the
# `healthchain` command-line client into the persistent target dir. Prints the node's path on the
# last line (the client is next to it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"
# One feature set for the node, the runtime tests and the pallets' tests, so artifacts are shared.
cargo build --locked -p healthchain-node -p healthchain-cli --features runtime-benchmarks >&2
echo "$CARGO_TARGET_DIR/debug/healthchain-node"
