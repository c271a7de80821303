#!/usr/bin/env bash
# Builds healthchain-node (debug profile, runtime WASM included, benchmarks enabled), the
# `healthchain` command-line client and `healthchain-gateway` into the persistent target dir.
# Prints the node's path on the last line (the client and the gateway are next to it).
#
#   scripts/build.sh            # debug: what the dev chain and the tests run
#   scripts/build.sh --release  # release: what throughput figures and weights are measured on
#                               # (the first release build takes about an hour on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"
"$ROOT/scripts/prune-target.sh"
# One feature set for the node, the runtime tests and the pallets' tests, so artifacts are shared.
if [ "${1:-}" = "--release" ]; then
	cargo build --locked --release -p healthchain-node --features runtime-benchmarks >&2
	echo "$CARGO_TARGET_DIR/release/healthchain-node"
else
	cargo build --locked -p healthchain-node -p healthchain-cli -p healthchain-gateway --features runtime-benchmarks >&2
	echo "$CARGO_TARGET_DIR/debug/healthchain-node"
fi
