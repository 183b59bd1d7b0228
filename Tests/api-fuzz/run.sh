#!/usr/bin/env bash
# Fuzzes the JSON API from its OpenAPI document with schemathesis: no input may produce a 500,
# and every answer must match the document. Usage: Tests/api-fuzz/run.sh [path/to/tandem]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec "$root/Tests/support/with-server.sh" "${1:-$root/.build/debug/tandem}" "$root/Tests/api-fuzz/fuzz.sh"
