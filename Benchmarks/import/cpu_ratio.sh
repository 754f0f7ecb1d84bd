#!/usr/bin/env bash
# CPU time of the Grants.gov reader next to `xmllint --stream --noout` on the same file.
#
#   N=5 bash Benchmarks/import/cpu_ratio.sh FILE [IMPORT_BENCH]
#
# Alternates the two N times and keeps the minimum CPU time (user + sys) of each: on a shared
# machine the minimum is the run least disturbed by other processes. IMPORT_BENCH defaults to
# the release build in .build-bench (see run.sh). Prints both minima and their ratio.
set -euo pipefail
file="$1"
bench="${2:-$(dirname "$0")/../../.build-bench/release/import-bench}"
runs="${N:-5}"
for _ in $(seq 1 "$runs"); do
  /usr/bin/time -f "xmllint %U %S %e %M" xmllint --stream --noout "$file" 2>&1 | tail -1
  /usr/bin/time -f "reader %U %S %e %M" "$bench" grantsgov-xml "$file" 2>&1 | tail -1
done | awk '{ cpu = $2 + $3; if (!($1 in best) || cpu < best[$1]) { best[$1] = cpu; wall[$1] = $4; rss[$1] = $5 } }
  END {
    for (tool in best) printf "%s: min CPU %.2f s (that run: wall %.2f s, peak RSS %d KB)\n", tool, best[tool], wall[tool], rss[tool]
    printf "reader speed / xmllint speed (CPU) = %.2f\n", best["xmllint"] / best["reader"]
  }'
