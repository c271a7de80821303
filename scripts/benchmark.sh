#!/usr/bin/env bash
# Regenerates every Healthchain pallet's weights.rs with `benchmark pallet` on the *release* node
# (debug-build weights overstate a call's cost ten-fold or more), and prints the reference figures
# of `pallet_balances::transfer_keep_alive` and `pallet_record_anchors::anchor_record` from the
# same machine, so that the cost of an anchor can be compared with a plain transfer.
#
#   scripts/benchmark.sh                          # STEPS=50 REPEAT=20, all pallets
#   STEPS=2 REPEAT=1 PALLETS="record-anchors" scripts/benchmark.sh   # a quick look at one
#   HEALTHCHAIN_NODE=/path/to/node scripts/benchmark.sh              # another binary
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh"
NODE="${HEALTHCHAIN_NODE:-$("$ROOT/scripts/build.sh" --release | tail -n1)}"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
# Runs one `benchmark pallet`; on failure shows why and stops.
bench() {
	if ! "$NODE" benchmark pallet --chain dev --steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled "$@" >"$LOG" 2>&1; then
		tail -n 30 "$LOG" >&2
		echo "benchmark failed: $*" >&2
		exit 1
	fi
}
cd "$ROOT"
for dir in pallets/*/; do
	name="$(basename "$dir")"
	if [ -n "${PALLETS:-}" ] && [[ " $PALLETS " != *" $name "* ]]; then continue; fi
	pallet="pallet_${name//-/_}"
	echo "== $pallet"
	bench --pallet "$pallet" --extrinsic '*' --template scripts/weight-template.hbs --output "$dir/src/weights.rs"
	grep -E "^(Pallet|Extrinsic|Time|Created)" "$LOG" || true
done
echo "== reference: pallet_balances::transfer_keep_alive and pallet_record_anchors::anchor_record"
for p in pallet_balances:transfer_keep_alive pallet_record_anchors:anchor_record; do
	bench --pallet "${p%%:*}" --extrinsic "${p##*:}"
	grep -E "Extrinsic|Time ~=|Reads|Writes|Recorded proof" "$LOG" || true
done
