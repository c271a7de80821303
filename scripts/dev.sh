#!/usr/bin/env bash
# The main job: set up this machine, build the node, and start a development chain
# (no relay chain, embedded database). Extra arguments go to the node, e.g.
#   scripts/dev.sh --sealing instant
#   scripts/dev.sh --base-path /var/lib/healthchain   (keeps the chain between runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
SKIP_NPM=1 "$ROOT/scripts/setup.sh"
NODE="$("$ROOT/scripts/build.sh" | tail -n1)"

RPC_PORT="${RPC_PORT:-9944}"
# The executor's compiled runtime is cached with the build, so a fresh chain starts warm too.
BASE_ARGS=(--dev --rpc-port "$RPC_PORT" --rpc-cors all --wasm-cache "$HEALTHCHAIN_CACHE/wasm-cache")
has_base_path=0
for a in "$@"; do [[ "$a" == --base-path* || "$a" == -d || "$a" == --tmp ]] && has_base_path=1; done
if [ "$has_base_path" -eq 0 ]; then
	BASE_ARGS+=(--base-path "${HEALTHCHAIN_BASE_PATH:-$HOME/.local/share/healthchain/dev}")
fi

cat <<MSG

  Healthchain dev chain
  ---------------------
  RPC (WebSocket and HTTP): ws://127.0.0.1:${RPC_PORT}
  polkadot.js Apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${RPC_PORT}#/explorer
  Dev accounts (Alice..Ferdie) are funded; Alice is sudo; Alice, Bob, Charlie form the council.
  Stop with Ctrl-C. Wipe the chain: $NODE purge-chain --dev ${BASE_ARGS[*]: -2}

MSG
exec "$NODE" "${BASE_ARGS[@]}" "$@"
