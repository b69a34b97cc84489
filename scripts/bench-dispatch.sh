#!/usr/bin/env bash
# Dispatch benchmark with HiGHS alongside (docs/PERFORMANCE.md). Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
python3 -c "import highspy" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check highspy
swift build -c release --product chargeshare
.build/release/chargeshare bench dispatch --highs scripts/highs_solve.py "$@"
