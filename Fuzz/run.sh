#!/usr/bin/env bash
# Builds the libFuzzer targets (Swift -sanitize=fuzzer,address) and runs each for a bounded time.
#
#   Fuzz/run.sh [seconds-per-target] [target...]      (default 60 s, all targets)
#
# Fails (exit 1) on any crash, hang (-timeout), out-of-memory (-rss_limit_mb) or sanitizer
# report; the input that caused it is kept in $FUZZ_WORK/artifacts/ and printed. Prints the
# executions per target (libFuzzer's stat::number_of_executed_units).
#
# Seeds are our own small fixtures (Fuzz/Seeds/, the bundled catalogue, the test fixtures),
# copied into a work folder outside the repository at run time; when ../shared exists, a few of
# its samples are added there too (never into the repository).
#
# Environment: FUZZ_SCRATCH (build folder, default .build-fuzz next to this package's parent),
# FUZZ_WORK (corpora, logs, artifacts; default $TMPDIR/supportmatch-fuzz), FUZZ_CONFIGURATION
# (release or debug; default release), FUZZ_SKIP_BUILD=1 to reuse a build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${1:-60}"
shift || true
all_targets=(fuzz-native-json fuzz-native-xml fuzz-fdb-document fuzz-fdb-archive fuzz-grantsgov fuzz-commongrants fuzz-profile)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

scratch="${FUZZ_SCRATCH:-$root/.build-fuzz}"
work="${FUZZ_WORK:-${TMPDIR:-/tmp}/supportmatch-fuzz}"
configuration="${FUZZ_CONFIGURATION:-release}"
flags=(-c "$configuration" -Xswiftc -sanitize=fuzzer,address)

if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building fuzz targets ($configuration, -sanitize=fuzzer,address) in $scratch"
  for target in "${targets[@]}"; do
    swift build --package-path "$here" --scratch-path "$scratch" "${flags[@]}" --product "$target"
  done
fi
bin="$(swift build --package-path "$here" --scratch-path "$scratch" "${flags[@]}" --show-bin-path)"

# ---- seed corpora (rebuilt on every run; the work folder keeps what the fuzzer found) ----
mkdir -p "$work/artifacts" "$work/logs"
seed() { # seed TARGET FILE...
  local dir="$work/corpus/$1"; shift
  mkdir -p "$dir"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$dir/seed-$(basename "$(dirname "$file")")-$(basename "$file")"
  done
  return 0
}
for target in "${all_targets[@]}"; do
  [ -d "$here/Seeds/$target" ] && seed "$target" "$here/Seeds/$target"/*
done
# Native JSON: the bundled catalogue split into one-offer documents (small inputs fuzz faster).
python3 - "$root/Catalog/offers" "$work/corpus/fuzz-native-json" <<'PY'
import json, pathlib, sys
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
target.mkdir(parents=True, exist_ok=True)
for path in sorted(source.glob("*.json")):
    document = json.loads(path.read_text(encoding="utf-8"))
    for index, offer in enumerate(document["offers"][:12]):
        one = {k: v for k, v in document.items() if k != "offers"} | {"offers": [offer]}
        (target / f"seed-{path.stem}-{index}.json").write_text(json.dumps(one, ensure_ascii=False, indent=1), encoding="utf-8")
PY
seed fuzz-fdb-document $(find "$root/Tests/CatalogImportTests/Fixtures/foerderdatenbank" -name '*.xml' | sort)
seed fuzz-grantsgov "$root"/Tests/CatalogImportTests/Fixtures/grantsgov/*.xml
seed fuzz-commongrants "$root"/Tests/CatalogImportTests/Fixtures/commongrants/*.json
seed fuzz-profile "$root"/Catalog/profiles/*.json
shared="$root/../shared/catalogues"
if [ -d "$shared" ]; then
  echo "== adding samples from $shared to the work corpora (not to the repository)"
  seed fuzz-grantsgov "$shared/grants-gov/sample-record-131073.xml"
  seed fuzz-fdb-document $(find "$shared/foerderdatenbank-export-sample/export" -path '*Foerderprogramm*' -name '*.xml' 2>/dev/null | sort | head -5)
fi

# ---- run ----
failed=()
summary=()
for target in "${targets[@]}"; do
  log="$work/logs/$target.log"
  echo "== $target: ${seconds}s"
  set +e
  # -detect_leaks=0: the Swift runtime's metadata caches look like leaks to LeakSanitizer;
  # crashes, hangs, OOMs and ASan memory errors still fail the run.
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:symbolize=1" \
  "$bin/$target" "$work/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 \
    -print_final_stats=1 -detect_leaks=0 -artifact_prefix="$work/artifacts/$target-" >"$log" 2>&1
  status=$?
  set -e
  executions="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  corpus="$(ls "$work/corpus/$target" | wc -l)"
  summary+=("$(printf '%-20s %10s executions  %5s corpus files  exit %s' "$target" "${executions:-?}" "$corpus" "$status")")
  if [ "$status" -ne 0 ] || grep -qE 'ERROR: (libFuzzer|AddressSanitizer)|SUMMARY: AddressSanitizer|Fatal error' "$log"; then
    failed+=("$target")
    echo "!! $target failed (exit $status); log: $log"
    grep -E 'ERROR|SUMMARY|Fatal error|Test unit written' "$log" | head -20 || true
  fi
done

echo "== fuzzing summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]} (inputs in $work/artifacts/)"
  exit 1
fi
echo "no crashes, hangs or sanitizer reports"
