#!/usr/bin/env bash
# The whole test suite: Swift tests, then independent checks of the output (official OCPP
# schemas, HiGHS on the exported MPS). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --python
swift build --build-tests
swift test --skip-build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/debug/chargeshare generate problem --feeders 3 --sites-per-feeder 6 --sessions 12 --seed 5 --out "$work/synthetic.json"
problems=(Datasets/examples/evening-feeder.json "$work/synthetic.json")
shared=../shared/examples/example-evening-feeder.json
[ -f "$shared" ] && problems+=("$shared")
python3 scripts/check_profiles_and_mps.py .build/debug/chargeshare "$work" "${problems[@]}"
