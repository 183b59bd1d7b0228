#!/usr/bin/env bash
# The scale benchmark (issues #13, #14): a program of 10,000 people built by `tandem program-seed`,
# served by a release build on an embedded SQLite file (or PostgreSQL with DATABASE_URL set),
# timed with single requests and wrk at 32 connections.
# Usage: scripts/bench-program.sh [path/to/tandem]   (builds the release binary when none is given)
#        BENCH_PEOPLE=10000 BENCH_ROUNDS=30 BENCH_WRK_SECONDS=10 BENCH_WRK=0 (skip wrk) change the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ]; then
  binary=$1
else
  swift build -c release --product tandem --scratch-path "$root/.build-release" >&2
  binary="$root/.build-release/release/tandem"
fi
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
export BENCH_BINARY="$binary"
exec "$root/Tests/support/with-server.sh" "$binary" bash -c '
  TANDEM_DATA_DIR="$TANDEM_DATA" "$BENCH_BINARY" program-seed --people "${BENCH_PEOPLE:-10000}" > "$TANDEM_DATA/seed.json" 2>"$TANDEM_DATA/seed.log"
  tail -1 "$TANDEM_DATA/seed.log" >&2
  python3 "'"$root"'/Tests/bench/program.py" "$TANDEM_DATA/seed.json" "$(pgrep -n -f "$BENCH_BINARY serve")"'
