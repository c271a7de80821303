#!/usr/bin/env bash
# Fails when the tree repeats itself more than it did: counts the pairs of places sharing six or
# more lines (the `duplicates` tool) and compares the count with the ceiling committed in
# `.duplicates-ceiling`. Lower the ceiling when a change removes pairs; never raise it to make
# room for a copy (CONTRIBUTING.md). Skipped, with a message, where the tool is not installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v duplicates >/dev/null; then
	echo "duplicates: tool not installed here; skipping the duplicated-code check"
	exit 0
fi
ceiling="$(tr -dc 0-9 <"$ROOT/.duplicates-ceiling")"
report="$(duplicates --repo "$ROOT" --most 200 --seconds 300)"
pairs="$(head -n1 <<<"$report" | grep -oE '^[0-9]+' || echo 0)"
if grep -q '^incomplete:' <<<"$report"; then
	echo "duplicates: the scan did not finish; the count ($pairs) is not a verdict" >&2
	exit 1
fi
if ((pairs > ceiling)); then
	echo "$report"
	echo "duplicates: $pairs pairs, more than the ceiling of $ceiling (.duplicates-ceiling): a change copied code" >&2
	exit 1
fi
echo "duplicates: $pairs pairs (ceiling $ceiling)"
