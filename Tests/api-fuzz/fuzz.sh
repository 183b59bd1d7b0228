#!/usr/bin/env bash
set -euo pipefail
python=${TANDEM_TEST_PYTHON:-python3}
st="$(dirname "$python")/schemathesis"
# A user with a program, so the fuzzer reaches more than 404s.
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"email":"fuzz@example.org","displayName":"Fuzz","password":"fuzzing password"}' "$TANDEM_URL/api/v1/accounts" >/dev/null &&
  curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"email":"fuzz@example.org","password":"fuzzing password"}' "$TANDEM_URL/api/v1/sessions" |
  "$python" -c "import json,sys; print(json.load(sys.stdin)['secret'])")
curl -fs -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"name":"Fuzz program","startsOn":"2026-01-01","endsOn":"2026-12-31"}' "$TANDEM_URL/api/v1/programs" >/dev/null
"$st" run "$TANDEM_URL/openapi.yaml" --url "$TANDEM_URL" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --exclude-operation-id deleteMe --exclude-operation-id revokeToken \
  --max-examples "${FUZZ_EXAMPLES:-25}" --seed 20261125 --no-color
