#!/usr/bin/env bash
# Starts Healthchain's consortium network on this machine with zombienet (network/zombienet.toml):
# a rococo-local relay chain with two validators (alice, bob) and the Healthchain parachain (para id
# 2000) collated by two members, the hospital (dave) and the laboratory (eve). Installs what is
# missing first: the relay-chain node (scripts/install-polkadot.sh, over an hour the first time), the
# Healthchain node, the production runtime and its chain spec, and zombienet (npm).
#
#   scripts/network.sh                    # collators follow the relay chain over RPC
#   scripts/network.sh --embedded-relay   # each collator runs an in-process relay-chain node
#
# Endpoints (polkadot.js: https://polkadot.js.org/apps/?rpc=<endpoint>):
#   relay chain  ws://127.0.0.1:9900 (alice), ws://127.0.0.1:9901 (bob)
#   Healthchain  ws://127.0.0.1:9944 (dave, the hospital), ws://127.0.0.1:9945 (eve, the laboratory)
# HEALTHCHAIN_NODE and HEALTHCHAIN_SPEC, if set, name a node binary and a raw parachain spec to use
# instead of building them. Ctrl-C stops every process. Logs and databases: $HEALTHCHAIN_CACHE/network (kept for inspection,
# replaced at the next start).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

export HEALTHCHAIN_RELAY="rpc"
case "${1:-}" in
"") ;;
--embedded-relay) HEALTHCHAIN_RELAY="embedded" ;;
*)
	echo "usage: $0 [--embedded-relay]" >&2
	exit 2
	;;
esac

"$ROOT/scripts/setup.sh"
POLKADOT_DIR="$("$ROOT/scripts/install-polkadot.sh" | tail -n1)"
export POLKADOT="$POLKADOT_DIR/polkadot"
# The relay node finds its PVF workers next to itself or on the PATH.
export PATH="$POLKADOT_DIR:$PATH"
export HEALTHCHAIN_NODE="${HEALTHCHAIN_NODE:-$("$ROOT/scripts/build.sh" | tail -n1)}"
export HEALTHCHAIN_SPEC="${HEALTHCHAIN_SPEC:-$("$ROOT/scripts/chain-spec.sh" --fast-runtime | tail -n1)}"

DIR="${NETWORK_DIR:-$HEALTHCHAIN_CACHE/network}"
rm -rf "$DIR"
cat <<EOF

Healthchain consortium network (collators follow the relay chain: $HEALTHCHAIN_RELAY)
  relay chain   ws://127.0.0.1:${RELAY_ALICE_RPC_PORT:-9900} (alice)   ws://127.0.0.1:${RELAY_BOB_RPC_PORT:-9901} (bob)
  Healthchain   ws://127.0.0.1:${DAVE_RPC_PORT:-9944} (dave, hospital)   ws://127.0.0.1:${EVE_RPC_PORT:-9945} (eve, laboratory)
  logs          $DIR/<name>.log
The parachain's first block is finalized about two minutes after the start (130 s measured on 2 cores).

EOF
cd "$ROOT/e2e"
exec npx --no-install zombienet --provider native --logType text --dir "$DIR" --force spawn "$ROOT/network/zombienet.toml"
