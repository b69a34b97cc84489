#!/usr/bin/env bash
# What expected sessions are worth (docs/backtests.md, "Expected sessions"): lp against
# lp+expected on ACN Caltech (May-August 2019) and JPL (June 2019: the whole period at JPL's size
# took more than 15 minutes per sweep here), 5-minute steps, 6.6 kW stations, drivers' estimated
# departures, under the flat price and under SCE's TOU-EV-4 tariff, at tight feeder limits and
# one that never binds. Writes one JSON summary line per run into out/expected/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/release/chargeshare}
mkdir -p out/expected
run() {  # name site limits options...
  local name=$1 site=$2 limits=$3; shift 3
  /usr/bin/env time -f "$name wall %e s" "$bin" backtest sweep --sessions "Datasets/acn/${site}_2019-05-01_2019-08-31.csv" \
    --time-zone America/Los_Angeles --limits "$limits" --policy lp,lp+expected --json --no-progress "$@" \
    | tail -1 > "out/expected/$name.json"
}
tou=(--tariff Datasets/tariffs/sce_tou_ev_4_march_2019.json)
june=(--from 2019-06-01 --to 2019-07-01)
case "${1:-all}" in
  caltech|all)
    run caltech-flat caltech 20,30,50
    run caltech-tou caltech 20,30,50,150 "${tou[@]}" ;;&
  jpl|all)
    run jpl-june-flat jpl 80,120 "${june[@]}"
    run jpl-june-tou jpl 80,120,400 "${tou[@]}" "${june[@]}" ;;&
  actual|all)
    # Diagnostic: one week at Caltech under TOU with the real departures told to both policies.
    run caltech-week-tou-actual caltech 20,30,50 "${tou[@]}" --from 2019-06-03 --to 2019-06-10 --departures actual
    run caltech-week-tou-estimated caltech 20,30,50 "${tou[@]}" --from 2019-06-03 --to 2019-06-10 ;;
esac
