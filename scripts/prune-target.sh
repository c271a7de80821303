#!/usr/bin/env bash
# Keeps the persistent build cache ($CARGO_TARGET_DIR) from filling the disk. Every edit leaves
# a new test executable of the crate it touched in `*/deps`, and incremental state piles up in
# `*/incremental`; on this project that reached 70 GB and the linker died with a bus error when
# the disk ran out. When less than PRUNE_BELOW_GB (default 20) is free, this removes the
# incremental state and all but the newest executable of each workspace crate; dependencies'
# artefacts stay, so the next build stays incremental for everything but our own crates.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
target="${CARGO_TARGET_DIR:?}"
[[ -d "$target" ]] || exit 0
free_gb="$(df -Pk "$target" | awk 'NR == 2 { print int($4 / 1048576) }')"
if ((free_gb >= ${PRUNE_BELOW_GB:-20})); then
	exit 0
fi
echo "prune-target: ${free_gb} GB free on $target's disk; pruning the build cache" >&2
rm -rf "$target"/*/incremental
for deps in "$target"/*/deps; do
	[[ -d "$deps" ]] || continue
	# Our crates' executables are named <crate>-<16 hex digits>; keep the newest of each name.
	find "$deps" -maxdepth 1 -type f -executable -regextype posix-extended \
		-regex '.*/(pallet|healthchain)_[a-z_]+-[0-9a-f]{16}' -printf '%T@ %p\n' |
		sort -rn |
		awk '{ name = $2; sub(/-[0-9a-f]+$/, "", name); if (seen[name]++) print $2 }' |
		xargs -r rm -f
done
echo "prune-target: $(df -Pk "$target" | awk 'NR == 2 { print int($4 / 1048576) }') GB free now" >&2
