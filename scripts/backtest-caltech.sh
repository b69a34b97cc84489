#!/usr/bin/env bash
# The checks of docs/backtests.md: Caltech May-August 2019, 5-minute steps, 6.6 kW stations,
# limits 20-150 kW, every policy, once with the drivers' estimated departures and once told the
# real ones. Writes out/caltech-{estimated,actual}/ (SQLite, CSV, SVG) and prints the tables.
# Takes about 4 minutes per sweep on 2 cores (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product chargeshare
mkdir -p out
status=0
for departures in estimated actual; do
  out="out/caltech-$departures"
  rm -rf "$out"
  /usr/bin/env time -f "wall %e s" .build/release/chargeshare backtest sweep \
    --sessions Datasets/acn/caltech_2019-05-01_2019-08-31.csv --time-zone America/Los_Angeles \
    --limits 20,30,40,50,60,70,80,90,100,110,120,130,140,150 \
    --policy lp,lp-no-tiebreak,uncontrolled,edf,llf,round-robin,offline-optimal \
    --departures "$departures" --out "$out" --plots --no-progress > "$out.txt"
  python3 scripts/backtest_checks.py "$out" "Departures: $departures" || status=1
done
exit $status
