#!/usr/bin/env bash
# Depot-month backtest (issue 15, item 4), release build: 1,000 vans over 30 nights at 15-minute
# steps under lp, warm starts on (the default). Extra arguments go to `backtest run`, e.g.
# `--warm-start off --to 2024-03-03T00:00:00Z` for the cold figure over the first two nights.
# Prints wall time and peak RSS, then the backtest's summary. Figures: docs/PERFORMANCE.md ("Depot month").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product chargeshare
sessions=$(mktemp --suffix=.csv)
trap 'rm -f "$sessions"' EXIT
python3 scripts/make_depot_month.py --vans 1000 --start 2024-03-01 --days 30 --seed 1 > "$sessions"
/usr/bin/time -f "wall %e s, peak RSS %M KB" .build/release/chargeshare backtest run --sessions "$sessions" \
  --prices Datasets/prices/Netherlands_day-ahead-2015-2024.csv --charger-kw 11 --interval 15m --policy lp \
  --feeder-limit-kw 2500 --no-progress --json "$@"
