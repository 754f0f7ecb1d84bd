#!/usr/bin/env bash
# End-to-end import (reader + store) next to `xmllint --stream --noout` on the same file, for
# one or more `supportmatch` binaries, alternated in every round (the machine drifts).
#
#   N=3 bash Benchmarks/import/store_ratio.sh FILE BINARY [BINARY...]
#
# Each round runs xmllint (for a .xml file), then every binary importing FILE into a new store
# (`supportmatch import --progress never $IMPORT_ARGS`, report to /dev/null). One line per run:
# tool, CPU (user + sys of the importing process), wall, peak RSS, store size after the process
# ended, and the 1-minute load average before the run. Then, per tool, the minimum CPU and
# minimum wall time and their ratio to xmllint's ("speed relative to xmllint" = xmllint time /
# tool time), and the store's size relative to the file.
#
# Environment:
#   N            rounds (default 3)
#   IMPORT_ARGS  more `import` options, e.g. "--today 2026-01-01"
#   POSTGRES     a server URL without database (postgres://user@host:port): each run imports into a
#                new database made with `createdb` (from $PGBIN, default: the newest
#                /usr/lib/postgresql/*/bin) and dropped after it; the size is pg_database_size
#                minus that of an empty database. The server's CPU is not in the CPU figure.
#                Unset: a new SQLite file in $TMPDIR (size: file + WAL).
set -euo pipefail
file="$1"; shift
runs="${N:-3}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
if [ -n "${POSTGRES:-}" ]; then
  pgbin="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
  server="${POSTGRES#*://}"; user="${server%@*}"; hostport="${server#*@}"; host="${hostport%:*}"; port="${hostport##*:}"
  pg=(-h "$host" -p "$port" -U "$user")
  "$pgbin/createdb" "${pg[@]}" sm_bench_empty
  empty=$("$pgbin/psql" "${pg[@]}" -d sm_bench_empty -Atc "SELECT pg_database_size(current_database())")
  "$pgbin/dropdb" "${pg[@]}" sm_bench_empty
fi
for round in $(seq 1 "$runs"); do
  if [ "${file%.xml}" != "$file" ]; then
    load="$(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -o "$dir/t" -f "%U %S %e %M" xmllint --stream --noout "$file"
    read -r user_s sys wall rss <"$dir/t"
    echo "round $round xmllint cpu $(echo "$user_s + $sys" | bc) wall $wall rss_kb $rss store_bytes 0 load $load"
  fi
  index=0
  for binary in "$@"; do
    index=$((index + 1))
    if [ -n "${POSTGRES:-}" ]; then
      "$pgbin/createdb" "${pg[@]}" "sm_bench_$index"
      database="$POSTGRES/sm_bench_$index"
    else
      rm -f "$dir/store.sqlite"*
      database="$dir/store.sqlite"
    fi
    load="$(cut -d' ' -f1 /proc/loadavg)"
    # shellcheck disable=SC2086
    /usr/bin/time -o "$dir/t" -f "%U %S %e %M" "$binary" import --progress never --database "$database" ${IMPORT_ARGS:-} "$file" >/dev/null
    read -r user_s sys wall rss <"$dir/t"
    if [ -n "${POSTGRES:-}" ]; then
      size=$(( $("$pgbin/psql" "${pg[@]}" -d "sm_bench_$index" -Atc "SELECT pg_database_size(current_database())") - empty ))
      "$pgbin/dropdb" "${pg[@]}" "sm_bench_$index"
    else
      size=$(stat -c %s "$dir/store.sqlite")
      if [ -f "$dir/store.sqlite-wal" ]; then size=$((size + $(stat -c %s "$dir/store.sqlite-wal"))); fi
    fi
    echo "round $round binary$index cpu $(echo "$user_s + $sys" | bc) wall $wall rss_kb $rss store_bytes $size load $load"
  done
done | tee "$dir/log"
awk -v bytes="$(stat -c %s "$file")" '
  { tool = $3; cpu = $5; wall = $7
    if (!(tool in bcpu) || cpu < bcpu[tool]) bcpu[tool] = cpu
    if (!(tool in bwall) || wall < bwall[tool]) bwall[tool] = wall
    if (!(tool in brss) || $9 > brss[tool]) brss[tool] = $9
    store[tool] = $11 }
  END {
    for (tool in bcpu) {
      printf "%s: min CPU %.2f s, min wall %.2f s, max peak RSS %.1f MB", tool, bcpu[tool], bwall[tool], brss[tool] / 1024
      if (tool != "xmllint") printf ", store %.2f x the file", store[tool] / bytes
      if (tool != "xmllint" && ("xmllint" in bcpu)) printf ", speed vs xmllint: CPU %.3f, wall %.3f", bcpu["xmllint"] / bcpu[tool], bwall["xmllint"] / bwall[tool]
      printf "\n"
    }
  }' "$dir/log"
