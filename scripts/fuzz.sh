#!/usr/bin/env bash
# Long call-sequence fuzzing run of the five Healthchain pallets on the real runtime (see
# runtime/src/fuzz.rs): FUZZ_CALLS random calls (default 1,000,000) from FUZZ_SEED, every pallet's
# invariants after each block. Prints calls executed, calls/s, panics and invariant breaks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"
export FUZZ_CALLS="${FUZZ_CALLS:-1000000}"
export FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"
echo "fuzzing ${FUZZ_CALLS} calls, seed ${FUZZ_SEED} (the runtime's native tests, built as the test command builds them)"
# Same profile and features as scripts/test.sh, so the build is shared and incremental.
cargo test --locked --features runtime-benchmarks -p healthchain-runtime call_sequence_fuzz_quick -- --nocapture 2>&1 \
	| grep -E "^fuzz|invariant broken|panicked|test result" 
