#!/usr/bin/env bash
# What obeying the chain costs the document gateway (e2e/bench/gateway.js): deposits and
# retrieves of 100 KB documents through a gateway that checks anchors, asks the chain's consent
# decision and has the requester's access record accepted before each release, next to the same
# server with those checks switched off, in one run. Prints documents/s, p50/p99 latency and the
# ratios; writes them as JSON (OUT, default gateway-bench.json).
#
#   scripts/bench-gateway.sh                          # 100 documents, 4 clients, debug binaries
#   DOCS=300 CONCURRENCY=8 scripts/bench-gateway.sh
#   PROFILE=release scripts/bench-gateway.sh          # release node and gateway (built once, cached)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
if [ "${PROFILE:-debug}" = "release" ]; then
	NODE="$("$ROOT/scripts/build.sh" --release | tail -n1)"
	cargo build --locked --release -p healthchain-gateway >&2
else
	NODE="$("$ROOT/scripts/build.sh" | tail -n1)"
fi
export HEALTHCHAIN_NODE="$NODE"
export HEALTHCHAIN_GATEWAY="$(dirname "$NODE")/healthchain-gateway"
cd "$ROOT/e2e"
exec node bench/gateway.js --docs "${DOCS:-100}" --size "${SIZE:-102400}" --concurrency "${CONCURRENCY:-4}" \
	--out "${OUT:-$ROOT/gateway-bench.json}"
