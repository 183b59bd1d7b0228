#!/usr/bin/env bash
# Runs a command against a real Tandem server on a fresh SQLite database.
# Usage: Tests/support/with-server.sh BINARY COMMAND...   (TANDEM_URL is set for the command)
# TANDEM_PERF=FILE records a CPU profile of the server into FILE (perf record -g; read it with perf report -i FILE).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=$1; shift
port=${TANDEM_TEST_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
data=$(mktemp -d /tmp/tandem-e2e.XXXXXX)
cd "$root"
profiler=()
[ -n "${TANDEM_PERF:-}" ] && profiler=(perf record -F 499 -g -o "$TANDEM_PERF" --)
TANDEM_DATA_DIR="$data" TANDEM_PORT="$port" TANDEM_BCRYPT_COST=8 TANDEM_SIGN_IN_LIMIT=1000 \
  ${profiler[@]+"${profiler[@]}"} "$binary" serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "Tandem did not start:"; cat "$data/server.log"; exit 1; }
export TANDEM_URL="http://127.0.0.1:$port" TANDEM_DATA="$data"
"$@"
