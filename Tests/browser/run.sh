#!/usr/bin/env bash
# Drives a fresh Tandem in headless Chromium. Usage: Tests/browser/run.sh [path/to/tandem]
# Needs chromium, chromium-driver and selenium (TANDEM_TEST_PYTHON names the Python that has it).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${TANDEM_TEST_PYTHON:-python3}
binary=${1:-$root/.build/debug/tandem}
"$root/Tests/support/with-server.sh" "$binary" env SE_AVOID_STATS=true "$python" "$root/Tests/browser/smoke.py"
# Pages at desktop and phone width: axe-core, the viewport, raw values, screenshots.
"$root/Tests/support/with-server.sh" "$binary" env SE_AVOID_STATS=true "$python" "$root/Tests/browser/pages.py"
# Long texts, 20 times each, on a server of their own.
"$root/Tests/support/with-server.sh" "$binary" env SE_AVOID_STATS=true "$python" "$root/Tests/browser/long_texts.py"
# Every page as each role on the demo program, at both sizes.
"$root/Tests/support/with-server.sh" "$binary" env SE_AVOID_STATS=true TANDEM_BINARY="$binary" "$python" "$root/Tests/browser/every_page.py"
