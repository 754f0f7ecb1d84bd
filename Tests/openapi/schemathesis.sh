#!/usr/bin/env bash
# Contract test of the HTTP API: starts `supportmatch serve` on a free loopback port with a
# fresh database, then runs schemathesis (pip install schemathesis) against the public routes
# of the OpenAPI document the server itself serves. Fails on any server error (5xx) or any
# response that violates the document (status, content type, body schema, headers).
#
#   bash Tests/openapi/schemathesis.sh [--binary PATH] [--max-examples N]
#
# The admin-only endpoints are excluded: the imports (they need a token and change the
# catalogue) and the listing of all saved profiles (listProfiles).
# positive_data_acceptance is off: a profile has cross-field rules JSON Schema cannot state (the
# district must lie in the state, a given size class must agree with the figures), and breaking
# them is rightly a 400 problem with pointers, not a 2xx. Every other check runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

binary=""
max_examples=50
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --max-examples) max_examples="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v schemathesis >/dev/null 2>&1 && ! python3 -c "import schemathesis" 2>/dev/null; then
  echo "SKIP schemathesis: not installed (pip install schemathesis)"
  exit 0
fi
if [ -z "$binary" ]; then
  scratch="${SUPPORTMATCH_SCRATCH:-.build}"
  swift build --scratch-path "$scratch" --product supportmatch
  binary="$(swift build --scratch-path "$scratch" --show-bin-path)/supportmatch"
fi

source Tests/support/fresh_server.sh
start_fresh_server "$binary"

# Validate the document itself first (schemathesis refuses an invalid one as well).
curl -fsS "$base/openapi.json" -o "$work/openapi.json"
cmp -s "$work/openapi.json" Sources/SupportServer/Resources/openapi.json \
  || { echo "served /openapi.json differs from the repository's copy"; exit 1; }

python3 -m schemathesis.cli run "$base/openapi.json" \
  --url "$base" \
  --exclude-path /v1/imports \
  --exclude-operation-id listProfiles \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --max-examples "$max_examples" \
  --phases examples,coverage,fuzzing \
  --seed 4 \
  --workers 1 \
  --request-timeout 10
