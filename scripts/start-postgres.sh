#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests (no systemd needed) and prints the
# DATABASE_URL to use. Stop it with: scripts/start-postgres.sh stop DATADIR
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$2" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=${PGDATA_DIR:-$(mktemp -d /tmp/tandem-pg.XXXXXX)}
# A free port unless one is given, so several runs can live side by side.
PGPORT=${PGPORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
runuser -u postgres -- "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres \
  -c "CREATE ROLE tandem LOGIN PASSWORD 'tandem'" -c "CREATE DATABASE tandem_test OWNER tandem" >/dev/null
echo "PGDATA=$PGDATA"
echo "DATABASE_URL=postgres://tandem:tandem@127.0.0.1:$PGPORT/tandem_test?tlsmode=disable"
