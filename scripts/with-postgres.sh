#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on a private port and socket directory:
#   scripts/with-postgres.sh pytest …   (DATABASE_URL is set for the command)
# Tests want speed, so the server does not wait for the disk (fsync, synchronous_commit, full_page_writes off).
# PLANWATCH_PG_DURABLE=1 keeps PostgreSQL's default durability instead: the honest setting for a benchmark
# (planwatch bench load) that is to say what production does.
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [ -z "$bindir" ]; then echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi
port=${PLANWATCH_PG_PORT:-54329}
work=$(mktemp -d /tmp/planwatch-pg.XXXXXX)
chmod 755 "$work"
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
run "$bindir/initdb" -D "$work/data" -U planwatch --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PLANWATCH_PG_DURABLE:-0}" = 1 ] && fast=""
run "$bindir/pg_ctl" -D "$work/data" -o "-p $port -k $work -c listen_addresses=127.0.0.1 $fast" -l "$work/log" -w start >/dev/null
cleanup() { run "$bindir/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U planwatch planwatch
export DATABASE_URL="postgres://planwatch@127.0.0.1:$port/planwatch"
"$@"
