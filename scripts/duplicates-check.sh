#!/usr/bin/env bash
# Fails when the tree repeats itself more than it did: counts the pairs of places sharing six or
# more lines (the `duplicates` tool) that are not marked boilerplate (thin shapes such as a run of
# one-line assertions or FRAME's own skeleton), and compares the count with the ceiling committed in
# `.duplicates-ceiling`. Lower the ceiling when a change removes pairs; never raise it to make room
# for a copy (CONTRIBUTING.md). Skipped, with a message, where the tool is not installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v duplicates >/dev/null; then
	echo "duplicates: tool not installed here; skipping the duplicated-code check"
	exit 0
fi
ceiling="$(tr -dc 0-9 <"$ROOT/.duplicates-ceiling")"
report="$(duplicates --repo "$ROOT" --most 200 --seconds 300)"
if grep -qE '^incomplete:|more pairs\)' <<<"$report"; then
	echo "$report" | tail -n 3
	echo "duplicates: the scan did not list every pair; the count is not a verdict" >&2
	exit 1
fi
total="$(grep -cE '^D[0-9]+ ' <<<"$report" || true)"
pairs="$(grep -E '^D[0-9]+ ' <<<"$report" | grep -vc boilerplate || true)"
if ((pairs > ceiling)); then
	grep -E '^D[0-9]+ ' <<<"$report" | grep -v boilerplate
	echo "duplicates: $pairs pairs (not boilerplate), more than the ceiling of $ceiling (.duplicates-ceiling): a change copied code" >&2
	exit 1
fi
echo "duplicates: $pairs pairs not boilerplate (ceiling $ceiling), $total in all"
