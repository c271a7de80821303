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
echo "fuzzing ${FUZZ_CALLS} calls, seed ${FUZZ_SEED} (release build of the runtime's native tests)"
SKIP_WASM_BUILD=1 cargo test --locked --release -p healthchain-runtime call_sequence_fuzz_quick -- --nocapture 2>&1 \
	| grep -E "^fuzz:|invariant broken|panicked|test result" 
