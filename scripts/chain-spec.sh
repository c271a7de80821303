#!/usr/bin/env bash
# Writes Healthchain's chain spec for a relay chain: the `local_testnet` preset (the members'
# collators, para id 2000) with the production runtime (scripts/build-runtime.sh) as its code —
# not the benchmarking runtime the node embeds — in plain and raw form, and checks the runtime
# against the relay chain's limits (`healthchain-node check-runtime`).
#
#   scripts/chain-spec.sh [--fast-runtime] [--out DIR]
#
# --fast-runtime  ten-block collator sessions, for test networks
# --out DIR       where to write healthchain-local{,-fast}.{plain,raw}.json (default: the cache's specs/)
# Uses $HEALTHCHAIN_NODE if set, else builds the node. Prints the raw spec's path on the last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

RUNTIME_ARGS=()
NAME="healthchain-local"
OUT="$HEALTHCHAIN_CACHE/specs"
while [ $# -gt 0 ]; do
	case "$1" in
	--fast-runtime) RUNTIME_ARGS=(--fast-runtime) NAME="healthchain-local-fast" ;;
	--out)
		[ $# -ge 2 ] || { echo "--out needs a directory" >&2; exit 2; }
		OUT="$2"
		shift
		;;
	*)
		echo "usage: $0 [--fast-runtime] [--out DIR]" >&2
		exit 2
		;;
	esac
	shift
done

NODE="${HEALTHCHAIN_NODE:-}"
[ -n "$NODE" ] || NODE="$("$ROOT/scripts/build.sh" | tail -n1)"
WASM="$("$ROOT/scripts/build-runtime.sh" "${RUNTIME_ARGS[@]}" | tail -n1)"
"$NODE" check-runtime "$WASM" >&2

mkdir -p "$OUT"
plain="$OUT/$NAME.plain.json"
raw="$OUT/$NAME.raw.json"
"$NODE" build-spec --chain local --disable-default-bootnode 2>/dev/null >"$plain.tmp"
# The spec's code becomes the production runtime; the genesis state is then built by that runtime's
# own genesis builder when the spec is made raw.
python3 - "$plain.tmp" "$WASM" <<'PY'
import json, sys
spec_path, wasm_path = sys.argv[1], sys.argv[2]
spec = json.load(open(spec_path))
code = "0x" + open(wasm_path, "rb").read().hex()
genesis = spec["genesis"]["runtimeGenesis"]
genesis["code"] = code
json.dump(spec, open(spec_path, "w"), indent=2)
PY
mv "$plain.tmp" "$plain"
"$NODE" build-spec --chain "$plain" --raw --disable-default-bootnode 2>/dev/null >"$raw.tmp"
mv "$raw.tmp" "$raw"
echo "chain spec: $plain (plain), $raw (raw), code $(stat -c %s "$WASM") bytes" >&2
echo "$raw"
