#!/usr/bin/env bash
# The page and calendar-feed benchmark: one mentorship with 300 meetings and 3,000 action items,
# served by a release build on an embedded SQLite file; median and p90 over 200 requests each.
# Usage: scripts/bench-pages.sh [path/to/tandem]   (builds the release binary when none is given)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ]; then
  binary=$1
else
  swift build -c release --product tandem --scratch-path "$root/.build-release" >&2
  binary="$root/.build-release/release/tandem"
fi
export BENCH_BINARY="$binary"
exec "$root/Tests/support/with-server.sh" "$binary" bash -c '
  TANDEM_DATA_DIR="$TANDEM_DATA" TANDEM_BCRYPT_COST=8 "$BENCH_BINARY" bench-seed > "$TANDEM_DATA/seed.json" 2>"$TANDEM_DATA/seed.log"
  python3 "'"$root"'/Tests/bench/pages.py" "$TANDEM_DATA/seed.json"'
