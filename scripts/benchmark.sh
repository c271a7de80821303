#!/usr/bin/env bash
# Regenerates every Healthchain pallet's weights.rs with the node's `benchmark pallet`, and prints
# the reference figure of `pallet_balances::transfer_keep_alive` from the same run, so that the
# cost of `anchor_record` can be compared with a plain transfer.
# STEPS/REPEAT default to a quick run; use STEPS=50 REPEAT=20 on reference hardware.
# PALLETS="consent record-anchors" limits the run to those pallets' directories.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
NODE="${HEALTHCHAIN_NODE:-$("$ROOT/scripts/build.sh" | tail -n1)}"
STEPS="${STEPS:-10}"
REPEAT="${REPEAT:-3}"
cd "$ROOT"
for dir in pallets/*/; do
	name="$(basename "$dir")"
	if [ -n "${PALLETS:-}" ] && [[ " $PALLETS " != *" $name "* ]]; then continue; fi
	pallet="pallet_${name//-/_}"
	echo "== $pallet"
	"$NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		--template scripts/weight-template.hbs --output "$dir/src/weights.rs" 2>&1 | grep -E "^(Pallet|Extrinsic|Time|Created)" || true
done
echo "== reference: pallet_balances::transfer_keep_alive and pallet_record_anchors::anchor_record"
for p in pallet_balances:transfer_keep_alive pallet_record_anchors:anchor_record; do
	"$NODE" benchmark pallet --chain dev --pallet "${p%%:*}" --extrinsic "${p##*:}" \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled 2>&1 | grep -E "Extrinsic|Time ~=|Reads|Writes|Recorded proof" || true
done
