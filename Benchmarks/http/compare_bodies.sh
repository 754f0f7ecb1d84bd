#!/usr/bin/env bash
# The bodies of POST /v1/recommendations from two builds, compared: every profile file of
# Catalog/profiles, Tests/Judgments/grants-gov/profiles and (when present) the judged
# Förderdatenbank profiles in ../shared, at limits 10, 1 and 50, plus bodies the decoder refuses.
#
#   bash Benchmarks/http/compare_bodies.sh --before BINARY --after BINARY [--store FILE]
#
# Both servers serve a copy of the same store (the bundled catalogue without --store). Bodies
# must be byte-identical, with one exception this script reports separately: Matching sums a
# profile's topic weights as Float in Set iteration order (QueryContext), so with several topics
# the topic score, total and score can differ in their last bits between two processes (and
# between two requests to one process). Such a body must be equal with every number rounded to
# 6 significant digits. Exit status 1 when any body differs otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=""; after=""; store=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$before" ] && [ -n "$after" ] || { echo "usage: $0 --before BINARY --after BINARY [--store FILE]" >&2; exit 2; }

source Tests/support/fresh_server.sh
start_fresh_server "$before" "$store"
base_before="$base"; work_before="$work"; server_before="$server"
trap - EXIT
start_fresh_server "$after" "$store"
trap 'kill "$server" "$server_before" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work" "$work_before"' EXIT

profiles=(Catalog/profiles/*.json Tests/Judgments/grants-gov/profiles/*.json)
[ -d ../shared/judgments/foerderdatenbank-dev/profiles ] && profiles+=(../shared/judgments/foerderdatenbank-dev/profiles/*.json)
n=0; differ=0; lastBits=0
for file in "${profiles[@]}"; do
  for query in "" "?limit=1" "?limit=50"; do
    n=$((n + 1))
    curl -sS -X POST -H 'Content-Type: application/json' --data-binary @"$file" "$base_before/v1/recommendations$query" >"$work/a.json"
    curl -sS -X POST -H 'Content-Type: application/json' --data-binary @"$file" "$base/v1/recommendations$query" >"$work/b.json"
    cmp -s "$work/a.json" "$work/b.json" && continue
    if python3 - "$work/a.json" "$work/b.json" <<'PY'
import json, sys
rounded = lambda text: float("%.6g" % float(text))
a, b = (json.load(open(path), parse_float=rounded) for path in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
    then lastBits=$((lastBits + 1)); echo "last bits of Set-order sums only: $file $query"
    else differ=$((differ + 1)); echo "DIFFERENT: $file $query"; fi
  done
done
for body in '{"employes": 3}' '{"sector": "62\n"}' '{"sector": "99.9"}' '{"sector": "Software"}' '{"sector": "62.01"}' \
            '{"location": 5}' '{"location": {"stat": "DE-SN"}}' 'nope' '{"topics": ["digitalisierng", 4]}' \
            '{"location": {"state": "Sachsen", "district": "Dresden"}, "employees": "1,5 Mio"}' \
            '{"employees": null, "projectStarted": true, "location": {"state": null}}'; do
  n=$((n + 1))
  a="$(curl -sS -X POST -H 'Content-Type: application/json' --data-binary "$body" "$base_before/v1/recommendations")"
  b="$(curl -sS -X POST -H 'Content-Type: application/json' --data-binary "$body" "$base/v1/recommendations")"
  [ "$a" = "$b" ] || { differ=$((differ + 1)); echo "DIFFERENT: body $body"; }
done
echo "compared $n requests: $differ different, $lastBits differing only in the last bits of Set-order Float sums"
[ "$differ" -eq 0 ]
