#!/usr/bin/env bash
# Quick start: install what is missing, build, and solve the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product chargeshare
.build/release/chargeshare dispatch --example --out out/example-result.json --pretty "$@"
echo "result written to out/example-result.json" >&2
