#!/usr/bin/env bash
# Import-reader benchmark: Grants.gov 54x stress file vs `xmllint --stream --noout`, and the
# Förderdatenbank archive. Writes nothing into the repository; stress files go to /tmp.
#
#   bash Benchmarks/import/run.sh            # from the package root
#
# Needs ../shared (the catalogues), xmllint (apt-get install -y libxml2-utils) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
GG54="${GG54:-/tmp/gg54.xml}"
SCRATCH="${SCRATCH:-.build-bench}"

if [ ! -s "$GG54" ]; then
  (cd "$SHARED" && python3 tools/grantsgov_extract_from_fpi.py --copies 54 --out "$GG54")
fi
swift build -c release --scratch-path "$SCRATCH" --product import-bench >/dev/null
BENCH="$SCRATCH/release/import-bench"
SIZE=$(stat -c %s "$GG54")
echo "Grants.gov 54x: $GG54, $SIZE bytes"

echo "== xmllint --stream --noout (3 runs)"
for i in 1 2 3; do
  /usr/bin/time -f "xmllint: %e s elapsed, %M KB max RSS" xmllint --stream --noout "$GG54"
done

echo "== import-bench grantsgov-xml (3 runs in one process, then peak RSS of one run)"
"$BENCH" grantsgov-xml "$GG54" --repeat 3
/usr/bin/time -v "$BENCH" grantsgov-xml "$GG54" 2> /tmp/import-bench-time.txt
grep -E "Maximum resident|Elapsed" /tmp/import-bench-time.txt

echo "== import-bench fdb-export (full archive, 3 runs)"
"$BENCH" fdb-export "$SHARED/catalogues/foerderdatenbank-2026-03/fdb-export.zip" --repeat 3
/usr/bin/time -v "$BENCH" fdb-export "$SHARED/catalogues/foerderdatenbank-2026-03/fdb-export.zip" 2> /tmp/import-bench-time.txt
grep -E "Maximum resident|Elapsed" /tmp/import-bench-time.txt
