#!/usr/bin/env bash
# Recommendations per second with 1, 2 and 3 `serve` replicas on one PostgreSQL store on this
# machine (issue 17): for each count, starts that many replicas on free loopback ports, runs one
# wrk per replica at the same time with the connections split evenly between them (what a load
# balancer does), and prints the sum of their rates next to each replica's.
#
#   bash Benchmarks/http/replicas.sh --database postgres://USER@HOST:PORT/DB \
#       [--binary PATH] [--duration 10s] [--connections 12] [--counts "1 2 3"]
#
# The database is used as it is (the first replica imports the bundled catalogue into an empty
# one). Builds `supportmatch` in release mode unless --binary is given (scratch path
# .build-release unless SUPPORTMATCH_RELEASE_SCRATCH is set). Needs wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=10s
connections=12
counts="1 2 3"
binary=""
database=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --counts) counts="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$database" ] || { echo "--database postgres://… is required" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
if [ -z "$binary" ]; then
  scratch="${SUPPORTMATCH_RELEASE_SCRATCH:-.build-release}"
  swift build -c release --scratch-path "$scratch" --product supportmatch >&2
  binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportmatch"
fi

work="$(mktemp -d)"
pids=()
stop_replicas() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_replicas; rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(uname -m); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); duration $duration, $connections connections in all"
for count in $counts; do
  bases=()
  # One after the other, so only the first can import the bundled catalogue into a new store.
  for number in $(seq 1 "$count"); do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    "$binary" serve --port "$port" --database "$database" >"$work/replica-$count-$number.log" 2>&1 &
    pids+=($!)
    bases+=("http://127.0.0.1:$port")
    for _ in $(seq 1 600); do curl -fsS "${bases[-1]}/health" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "${bases[-1]}/health" >/dev/null || { cat "$work/replica-$count-$number.log"; exit 1; }
  done
  each=$((connections / count))
  # Warm up, then measure all replicas at once.
  for base in "${bases[@]}"; do wrk -t1 -c"$each" -d2s -s Benchmarks/http/recommend.lua "$base/v1/recommendations" >/dev/null & done
  wait_wrk() { for job in $(jobs -p); do case " ${pids[*]} " in *" $job "*) ;; *) wait "$job" ;; esac; done; }
  wait_wrk
  for number in "${!bases[@]}"; do
    wrk -t1 -c"$each" -d"$duration" -s Benchmarks/http/recommend.lua "${bases[$number]}/v1/recommendations" \
      | grep '^RESULT' >"$work/result-$count-$number" &
  done
  wait_wrk
  total=0
  lines=""
  for number in "${!bases[@]}"; do
    line="$(cat "$work/result-$count-$number")"
    rps="$(echo "$line" | sed 's/.*rps=\([0-9]*\).*/\1/')"
    total=$((total + rps))
    lines+="  replica $((number + 1)): ${line#RESULT }"$'\n'
  done
  echo "replicas=$count connections=$each each: recommendations/s in all = $total"
  printf '%s' "$lines"
  stop_replicas
done
