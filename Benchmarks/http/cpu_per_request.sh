#!/usr/bin/env bash
# Server CPU per request of two builds on a loaded machine: both servers up at once (copies
# of the same store); wrk bursts alternate between them;
# each burst's server CPU (utime+stime from /proc) / requests, printed per burst with the
# binary's letter; compare medians. Wall-clock throughput of one build at a time drifts with
# whatever else runs on the cores; alternating short bursts puts both builds in the same
# windows. Linux only (/proc); needs wrk.
#   bash Benchmarks/http/cpu_per_request.sh BIN_A BIN_B STORE ROUNDS DURATION [recommend|trivial]
set -uo pipefail
A=$(realpath "$1"); B=$(realpath "$2"); store=$(realpath "$3"); rounds=$4; dur=$5; route=${6:-recommend}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
pa_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pb_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cp "$store" $work/a.sqlite; cp "$store" $work/b.sqlite
[ -f "$store.index" ] && cp "$store.index" $work/a.sqlite.index && cp "$store.index" $work/b.sqlite.index
"$A" serve --port "$pa_port" --database $work/a.sqlite >$work/a.log 2>&1 & pa=$!
"$B" serve --port "$pb_port" --database $work/b.sqlite >$work/b.log 2>&1 & pb=$!
trap 'kill $pa $pb 2>/dev/null; wait 2>/dev/null; rm -rf $work' EXIT
for i in $(seq 1 100); do curl -fsS 127.0.0.1:$pa_port/health >/dev/null 2>&1 && curl -fsS 127.0.0.1:$pb_port/health >/dev/null 2>&1 && break; sleep 0.2; done
path=$([ "$route" = trivial ] && echo health || echo v1/recommendations)
tick=$(getconf CLK_TCK)
burst() { # port pid label
  read u1 s1 < <(awk '{print $14, $15}' /proc/$2/stat)
  line=$(wrk -t2 -c16 -d$dur -s Benchmarks/http/$route.lua "http://127.0.0.1:$1/$path" | grep '^RESULT')
  read u2 s2 < <(awk '{print $14, $15}' /proc/$2/stat)
  n=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/'); rps=$(echo "$line" | sed 's/.*rps=\([0-9]*\).*/\1/')
  python3 -c "print('%s %d rps %.4f ms' % ('$3', $rps, 1000*(($u2-$u1)+($s2-$s1))/$tick/$n))"
}
wrk -t2 -c16 -d2s -s Benchmarks/http/$route.lua "http://127.0.0.1:$pa_port/$path" >/dev/null
wrk -t2 -c16 -d2s -s Benchmarks/http/$route.lua "http://127.0.0.1:$pb_port/$path" >/dev/null
for r in $(seq 1 $rounds); do
  if [ $((r % 2)) = 1 ]; then burst $pa_port $pa A; burst $pb_port $pb B; else burst $pb_port $pb B; burst $pa_port $pa A; fi
done | tee $work/bursts.txt
python3 - $work/bursts.txt <<'PY'
import statistics, sys
cpu = {"A": [], "B": []}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 4 and parts[0] in cpu: cpu[parts[0]].append(float(parts[3]))
for name, values in cpu.items():
    print(f"{name}: median {statistics.median(values):.4f} ms, min {min(values):.4f} ms CPU per request over {len(values)} bursts")
print(f"B / A: median {statistics.median(cpu['B']) / statistics.median(cpu['A']):.3f}, min {min(cpu['B']) / min(cpu['A']):.3f}")
PY
