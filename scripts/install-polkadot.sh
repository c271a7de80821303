#!/usr/bin/env bash
# Installs the relay-chain node that validates Healthchain: the crate `polkadot` of the stable2609 line
# (it installs `polkadot`, `polkadot-prepare-worker` and `polkadot-execute-worker`), built from the
# package registry with its own lock file (`--locked`) and the `fast-runtime` feature (short epochs and
# sessions, for test networks), into the persistent cache outside the clone.
#
#   scripts/install-polkadot.sh        # installs once; later runs print the path and return at once
#
# Prints the directory holding the three binaries on its last line. The relay runtimes (rococo, westend)
# are compiled to WASM with the same Debian toolchain as Healthchain's runtime (scripts/setup.sh).
# Cold cost on 2 cores: see README ("The consortium network").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

VERSION="${POLKADOT_VERSION:-41.0.0}"
FEATURES="fast-runtime"
DEST="$HEALTHCHAIN_CACHE/polkadot"
STAMP="$DEST/installed"
WANT="polkadot $VERSION features=$FEATURES"

log() { printf '\033[1;34m[polkadot]\033[0m %s\n' "$*" >&2; }

installed() {
	[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] || return 1
	for b in polkadot polkadot-prepare-worker polkadot-execute-worker; do
		[ -x "$DEST/bin/$b" ] || return 1
	done
	# The workers refuse to run beside a node of another version: check they answer.
	"$DEST/bin/polkadot" --version >/dev/null 2>&1
}

if installed; then
	log "present: $("$DEST/bin/polkadot" --version)"
	echo "$DEST/bin"
	exit 0
fi

"$ROOT/scripts/setup.sh" >&2
mkdir -p "$DEST"
# A target dir of its own: the relay node shares no build profile with Healthchain's, and keeping it
# makes an interrupted install resume where it stopped.
export CARGO_TARGET_DIR="$HEALTHCHAIN_CACHE/polkadot-target"
log "installing $WANT (cold: over an hour on 2 cores)"
start=$(date +%s)
cargo install --locked --force --root "$DEST" --features "$FEATURES" "polkadot@$VERSION" >&2
end=$(date +%s)
echo "$WANT" >"$STAMP"
log "installed in $(((end - start) / 60)) min $(((end - start) % 60)) s: $("$DEST/bin/polkadot" --version)"
log "disk: binaries $(du -sh "$DEST/bin" | cut -f1), build cache $(du -sh "$CARGO_TARGET_DIR" | cut -f1)"
echo "$DEST/bin"
