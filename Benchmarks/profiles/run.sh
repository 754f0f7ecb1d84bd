#!/bin/sh
# Re-matching saved profiles after an import: 10,000 profiles against a 10k-offer catalogue.
#
#   Benchmarks/profiles/run.sh [PROFILES] [OFFERS]
#
# Generates the catalogue (deterministic), builds profiles-bench in release (its own scratch
# path) and runs it. Results and the command are recorded in Benchmarks/RESULTS.md.
set -eu
cd "$(dirname "$0")/../.."
profiles=${1:-10000}
offers=${2:-10000}
catalogue=/tmp/supportmatch-offers-$offers.json
[ -f "$catalogue" ] || python3 Benchmarks/generate_catalogue.py --count "$offers" --format json --out "$catalogue"
swift build -c release --scratch-path .build-p-release --product profiles-bench
.build-p-release/release/profiles-bench --catalogue "$catalogue" --profiles "$profiles"
