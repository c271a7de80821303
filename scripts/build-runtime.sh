#!/usr/bin/env bash
# Builds Healthchain's production runtime: WASM in release, without the benchmarking code and host
# functions the node's embedded (test) runtime carries, compacted and compressed — what chain specs
# for a relay chain embed (scripts/chain-spec.sh), what the relay chain registers, and what a runtime
# upgrade proposes. `healthchain-node check-runtime` then checks it against the relay chain's limits.
#
#   scripts/build-runtime.sh                      # production
#   scripts/build-runtime.sh --fast-runtime       # test networks: ten-block collator sessions
#   scripts/build-runtime.sh --fast-runtime --spec-version N
#                                                 # an upgrade rehearsal: the same source with
#                                                 # spec_version N, built from a copy of the tree
#
# The variants share one target dir under the persistent cache (not the node's: the features differ),
# so a variant costs only the runtime crate's own rebuild; as the WASM builder keeps one output per
# crate and target dir, each run forces its build (FORCE_WASM_BUILD) and copies the blob out under
# the variant's name. Prints the blob's path on the last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

usage() {
	echo "usage: $0 [--fast-runtime] [--spec-version N]" >&2
	exit 2
}
FEATURES=()
VARIANT="production"
SPEC_VERSION=""
while [ $# -gt 0 ]; do
	case "$1" in
	--fast-runtime) FEATURES=(--features fast-runtime) VARIANT="fast" ;;
	--spec-version)
		[ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || usage
		SPEC_VERSION="$2"
		shift
		;;
	*) usage ;;
	esac
	shift
done

SRC="$ROOT"
if [ -n "$SPEC_VERSION" ]; then
	VARIANT="$VARIANT-spec$SPEC_VERSION"
	# A copy of the tree with only the version changed, as a release branch would have it. Files are
	# copied only when they differ from the last copy, so cargo rebuilds only what changed.
	SRC="$HEALTHCHAIN_CACHE/runtime-src/$VARIANT"
	stage="$(mktemp -d)"
	trap 'rm -rf "$stage"' EXIT
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$stage"
	current="$(grep -E '^\s*spec_version: [0-9]+,' "$stage/runtime/src/lib.rs" | grep -oE '[0-9]+')"
	if [ "$SPEC_VERSION" -le "$current" ]; then
		echo "spec_version $SPEC_VERSION is not above the source's $current" >&2
		exit 2
	fi
	sed -i -E "s/^(\s*spec_version: )[0-9]+,/\1$SPEC_VERSION,/" "$stage/runtime/src/lib.rs"
	mkdir -p "$SRC"
	(cd "$stage" && find . -type f -print0) | while IFS= read -r -d '' f; do
		cmp -s "$stage/$f" "$SRC/$f" || { mkdir -p "$(dirname "$SRC/$f")" && cp -p "$stage/$f" "$SRC/$f"; }
	done
fi

"$ROOT/scripts/setup.sh" >&2
export CARGO_TARGET_DIR="$HEALTHCHAIN_CACHE/runtime-target"
export FORCE_WASM_BUILD="$VARIANT-$(date +%s%N)"
OUT="$HEALTHCHAIN_CACHE/runtimes"
mkdir -p "$OUT"
# `cargo check` is enough: the build script builds the WASM blob; the native crates are not needed.
(cd "$SRC" && cargo check --locked --release -p healthchain-runtime "${FEATURES[@]}" >&2)
blob="$CARGO_TARGET_DIR/release/wbuild/healthchain-runtime/healthchain_runtime.compact.compressed.wasm"
[ -f "$blob" ] || {
	echo "the WASM builder left no $blob" >&2
	exit 1
}
cp "$blob" "$OUT/healthchain-runtime-$VARIANT.compact.compressed.wasm"
echo "$OUT/healthchain-runtime-$VARIANT.compact.compressed.wasm"
