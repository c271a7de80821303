#!/usr/bin/env bash
# The main job: set up this machine, build the node, and start a development chain
# (no relay chain, embedded database) with the document gateways of the demo hospital and the
# demo lab beside it (each on its embedded SQLite file). Extra arguments go to the node, e.g.
#   scripts/dev.sh --sealing instant
#   scripts/dev.sh --base-path /var/lib/healthchain   (keeps the chain between runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
SKIP_NPM=1 "$ROOT/scripts/setup.sh"
NODE="$("$ROOT/scripts/build.sh" | tail -n1)"
APP_DIST="$("$ROOT/scripts/build-app.sh" | tail -n1)"

RPC_PORT="${RPC_PORT:-9944}"
HOSPITAL_GATEWAY_PORT="${HOSPITAL_GATEWAY_PORT:-8080}"
LAB_GATEWAY_PORT="${LAB_GATEWAY_PORT:-8081}"
APP_PORT="${APP_PORT:-5173}"
GATEWAY="$(dirname "$NODE")/healthchain-gateway"
# The gateways keep their documents next to the chain they belong to (a throwaway chain: a
# throwaway directory).
GATEWAY_DATA="${HEALTHCHAIN_GATEWAY_DATA:-}"
# The executor's compiled runtime is cached with the build, so a fresh chain starts warm too.
BASE_ARGS=(--dev --rpc-port "$RPC_PORT" --rpc-cors all --wasm-cache "$HEALTHCHAIN_CACHE/wasm-cache")
has_base_path=0
for a in "$@"; do [[ "$a" == --base-path* || "$a" == -d || "$a" == --tmp ]] && has_base_path=1; done
if [ "$has_base_path" -eq 0 ]; then
	BASE_ARGS+=(--base-path "${HEALTHCHAIN_BASE_PATH:-$HOME/.local/share/healthchain/dev}")
	GATEWAY_DATA="${GATEWAY_DATA:-${HEALTHCHAIN_BASE_PATH:-$HOME/.local/share/healthchain/dev}/gateways}"
fi
GATEWAY_DATA="${GATEWAY_DATA:-$(mktemp -d /tmp/healthchain-gateways.XXXXXX)}"

cat <<MSG

  Healthchain dev chain
  ---------------------
  RPC (WebSocket and HTTP): ws://127.0.0.1:${RPC_PORT}
  Document gateways (IHE MHD, FHIR R4; see docs/gateway.md):
    City Hospital (organisation 0): http://127.0.0.1:${HOSPITAL_GATEWAY_PORT}/fhir
    City Lab      (organisation 1): http://127.0.0.1:${LAB_GATEWAY_PORT}/fhir
  Patient app:              http://127.0.0.1:${APP_PORT}/?rpc=ws%3A%2F%2F127.0.0.1%3A${RPC_PORT}
                            (sign in with a dev key such as //Alice, or a wallet extension)
  polkadot.js Apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${RPC_PORT}#/explorer
  Dev accounts (Alice..Ferdie) are funded; Alice is sudo; Alice, Bob, Charlie form the council.
  Stop with Ctrl-C. Wipe the chain: $NODE purge-chain --dev ${BASE_ARGS[*]: -2}

MSG
"$NODE" "${BASE_ARGS[@]}" "$@" &
node_pid=$!
pids=("$node_pid")
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
# The gateways connect once the node answers.
until curl -s -o /dev/null -H 'content-type: application/json' \
	-d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' "http://127.0.0.1:${RPC_PORT}"; do
	kill -0 "$node_pid" 2>/dev/null || exit 1
	sleep 0.5
done
for gw in "0 $HOSPITAL_GATEWAY_PORT hospital" "1 $LAB_GATEWAY_PORT lab"; do
	read -r org port name <<<"$gw"
	"$GATEWAY" --organization "$org" --chain "ws://127.0.0.1:${RPC_PORT}" --listen "127.0.0.1:${port}" \
		--data-dir "$GATEWAY_DATA/$name" &
	pids+=("$!")
done
# The patient app: its static build, served as any web server would.
(cd "$ROOT/app" && exec npx vite preview --host 127.0.0.1 --port "$APP_PORT" --strictPort --outDir "$APP_DIST") &
pids+=("$!")
wait "$node_pid"
