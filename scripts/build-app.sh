#!/usr/bin/env bash
# Builds the patient app (app/) into static files, app/dist, that any web server can host.
# Installs its npm packages (exact versions from app/package-lock.json) when they are missing or
# stale. Prints the dist directory last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/app"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "[build-app] installing the app's npm packages" >&2
	npm ci --no-audit --no-fund --loglevel=error >&2
fi
npm run --silent build >&2
echo "$ROOT/app/dist"
