#!/usr/bin/env bash
# Starts Tandem on a fresh SQLite file and drives it with headless Chromium.
# Usage: Tests/browser/run.sh [path/to/tandem]   (needs chromium, chromium-driver and selenium)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-$root/.build/debug/tandem}
python=${TANDEM_TEST_PYTHON:-python3}
port=${TANDEM_BROWSER_PORT:-8089}
data=$(mktemp -d /tmp/tandem-browser.XXXXXX)
cd "$root"
TANDEM_DATA_DIR="$data" TANDEM_PORT="$port" TANDEM_BCRYPT_COST=8 "$binary" serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "Tandem did not start:"; cat "$data/server.log"; exit 1; }
SE_AVOID_STATS=true TANDEM_URL="http://127.0.0.1:$port" TANDEM_SCREENSHOTS="$data" "$python" "$root/Tests/browser/smoke.py"
