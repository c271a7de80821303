#!/usr/bin/env bash
# Writes the two chain specs a consortium publishes to its members for a network without zombienet
# (docker/network.compose.yaml, or members' machines):
#   healthchain.raw.json  the parachain (scripts/chain-spec.sh: production runtime, members' collators)
#   relay.raw.json        a rococo-local relay chain (validators Alice and Bob) with Healthchain
#                         registered as parachain 2000 in its genesis (genesis head and code exported
#                         from healthchain.raw.json, so the relay chain validates exactly that chain)
#
#   scripts/network-specs.sh [--fast-runtime] --out DIR
#
# Uses $POLKADOT and $HEALTHCHAIN_NODE if set, else installs/builds them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

FAST=()
OUT=""
while [ $# -gt 0 ]; do
	case "$1" in
	--fast-runtime) FAST=(--fast-runtime) ;;
	--out)
		[ $# -ge 2 ] || { echo "--out needs a directory" >&2; exit 2; }
		OUT="$2"
		shift
		;;
	*)
		OUT=""
		break
		;;
	esac
	shift
done
[ -n "$OUT" ] || {
	echo "usage: $0 [--fast-runtime] --out DIR" >&2
	exit 2
}

POLKADOT="${POLKADOT:-$("$ROOT/scripts/install-polkadot.sh" | tail -n1)/polkadot}"
export HEALTHCHAIN_NODE="${HEALTHCHAIN_NODE:-$("$ROOT/scripts/build.sh" | tail -n1)}"
mkdir -p "$OUT"
para_raw="$("$ROOT/scripts/chain-spec.sh" "${FAST[@]}" --out "$OUT" | tail -n1)"
cp "$para_raw" "$OUT/healthchain.raw.json"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$HEALTHCHAIN_NODE" export-genesis-head --chain "$OUT/healthchain.raw.json" "$work/head" 2>/dev/null
"$HEALTHCHAIN_NODE" export-genesis-wasm --chain "$OUT/healthchain.raw.json" "$work/wasm" 2>/dev/null
para_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["para_id"])' "$OUT/healthchain.raw.json" 2>/dev/null ||
	echo 2000)"
"$POLKADOT" build-spec --chain rococo-local --disable-default-bootnode 2>/dev/null >"$work/relay.plain.json"
python3 - "$work/relay.plain.json" "$work/head" "$work/wasm" "$para_id" <<'PY'
import json, sys
spec_path, head_path, wasm_path, para_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
spec = json.load(open(spec_path))
genesis = spec["genesis"]["runtimeGenesis"]
# A preset-based spec carries a patch over the preset, an older one the full config.
patch = genesis["config"] if "config" in genesis else genesis.setdefault("patch", {})
para = {
    "genesis_head": open(head_path).read().strip(),
    "validation_code": open(wasm_path).read().strip(),
    "para_kind": True,
}
patch.setdefault("paras", {}).setdefault("paras", []).append([para_id, para])
json.dump(spec, open(spec_path, "w"), indent=2)
PY
"$POLKADOT" build-spec --chain "$work/relay.plain.json" --raw --disable-default-bootnode 2>/dev/null >"$OUT/relay.raw.json"
echo "specs in $OUT: healthchain.raw.json (para $para_id), relay.raw.json" >&2
echo "$OUT"
