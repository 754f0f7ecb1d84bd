#!/usr/bin/env bash
# Text-analysis benchmark: Snowball stemming per word (German and English), analyzer throughput
# on the bundled catalogue (with and without decompounding, 1 and 2 tasks), synonym expansion and
# language detection per call. Writes nothing into the repository.
#
#   bash Benchmarks/analysis/run.sh [--seconds S] [--catalogue DIR]   # from anywhere
#
# Stemming figures need Debian snowball-data (/usr/share/snowball/data/{german,english}/voc.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH="${SCRATCH:-.build-bench}"
swift build -c release --scratch-path "$SCRATCH" --product analysis-bench >/dev/null
"$SCRATCH/release/analysis-bench" "$@"
