#!/usr/bin/env bash
# Throughput of a Healthchain dev chain, measured from a client's side (e2e/bench/throughput.js):
# transfers/s, single anchors/s, batch-anchored records/s, consent checks/s through the runtime
# API and access records/s, side by side, each repeated ROUNDS times, on a *release* node with
# 6-second blocks. Prints a table and writes it as JSON (OUT, default throughput.json).
#
#   scripts/bench-throughput.sh                 # release node, 3 rounds
#   ROUNDS=1 SCALE=0.2 PROFILE=debug scripts/bench-throughput.sh   # a quick look
#   PHASES=anchors,batches scripts/bench-throughput.sh              # some phases only
#
# The release node is built once into the persistent target dir (the first build takes about an
# hour on 2 cores; later ones only rebuild what changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh"
PROFILE="${PROFILE:-release}"
cd "$ROOT"
if [ "$PROFILE" = "release" ]; then
	NODE="$("$ROOT/scripts/build.sh" --release | tail -n1)"
else
	NODE="$("$ROOT/scripts/build.sh" | tail -n1)"
fi
export HEALTHCHAIN_NODE="$NODE"
export HEALTHCHAIN_SEALING="${SEALING:-6000}"
cd "$ROOT/e2e"
exec node bench/throughput.js --rounds "${ROUNDS:-3}" --scale "${SCALE:-1}" \
	--phases "${PHASES:-transfers,anchors,batches,checks,access}" --out "${OUT:-$ROOT/throughput.json}"
