#!/usr/bin/env bash
# What expected sessions are worth (docs/backtests.md, "Expected sessions"): lp against
# lp+expected on ACN Caltech and JPL, May-August 2019, 5-minute steps, 6.6 kW stations, drivers'
# estimated departures, under a flat price and under SCE's TOU-EV-4 tariff, at tight feeder limits
# and one that never binds. Prints one JSON summary line per run into out/expected/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/chargeshare}
mkdir -p out/expected
run() {  # name site limits price-options...
  local name=$1 site=$2 limits=$3; shift 3
  /usr/bin/env time -f "$name wall %e s" "$bin" backtest sweep --sessions "Datasets/acn/${site}_2019-05-01_2019-08-31.csv" \
    --time-zone America/Los_Angeles --limits "$limits" --policy lp,lp+expected --json --no-progress "$@" \
    | tail -1 > "out/expected/$name.json"
}
run caltech-flat caltech 20,30,50
run caltech-tou caltech 20,30,50,150 --tariff Datasets/tariffs/sce_tou_ev_4_march_2019.json
run jpl-flat jpl 30,50,80
run jpl-tou jpl 30,50,80,300 --tariff Datasets/tariffs/sce_tou_ev_4_march_2019.json
# Diagnostic: the same TOU runs at Caltech with the real departures told to both policies.
run caltech-tou-actual caltech 20,30,50 --tariff Datasets/tariffs/sce_tou_ev_4_march_2019.json --departures actual
