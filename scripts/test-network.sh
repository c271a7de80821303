#!/usr/bin/env bash
# The consortium network's end-to-end test (e2e/network/network.test.js): a rococo-local relay chain
# of the `polkadot` node (scripts/install-polkadot.sh), Healthchain's members' collators started by
# zombienet, and what a consortium relies on — relay-chain finality, one member's collator killed and
# restarted, a member joining through the council, a runtime upgrade. Prints the network's figures
# (time to the first finalized parachain block, block time, finality lag, memory of each process).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/setup.sh"
export HEALTHCHAIN_NODE="${HEALTHCHAIN_NODE:-$("$ROOT/scripts/build.sh" | tail -n1)}"
export HEALTHCHAIN_SPEC="${HEALTHCHAIN_SPEC:-$("$ROOT/scripts/chain-spec.sh" --fast-runtime | tail -n1)}"
POLKADOT_DIR="$("$ROOT/scripts/install-polkadot.sh" | tail -n1)"
export POLKADOT="$POLKADOT_DIR/polkadot"
cd "$ROOT/e2e"
node --test --test-concurrency=1 network/
