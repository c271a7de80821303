#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL (Debian's `postgresql` package) and its URL in
# HEALTHCHAIN_TEST_POSTGRES, so the gateway's store tests run against the production database too:
#
#   scripts/with-postgres.sh cargo test -p healthchain-gateway
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 at a free port, and is stopped
# and removed when the command ends, whatever its outcome.
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
if [[ -z "$bin" ]]; then
	echo "with-postgres: PostgreSQL is not installed (scripts/setup.sh installs Debian's postgresql)" >&2
	exit 1
fi
dir="$(mktemp -d /tmp/healthchain-pg.XXXXXX)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` account.
as_owner() { if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ "$(id -u)" -eq 0 ]]; then chown postgres "$dir"; fi
stop() {
	as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT
as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres healthchain
export HEALTHCHAIN_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/healthchain"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $HEALTHCHAIN_TEST_POSTGRES" >&2
"$@"
