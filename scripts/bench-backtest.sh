#!/usr/bin/env bash
# Backtest benchmark, release build: one month of Caltech sessions (June 2019) at 5-minute steps,
# lp (looking ahead to the latest estimated departure, the default, and capped at 12 hours, the
# default before issue 11) and offline-optimal each on their own, at a tight and a loose limit.
# Wall time of the whole command (load, replay, metrics), median of REPEAT runs (default 3).
# Prints the table and writes it into docs/PERFORMANCE.md with the date and the commands.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${REPEAT:-3}
scripts/install-deps.sh
swift build -c release --product chargeshare
table="| policy | horizon | limit kW | wall s (median of $repeat) | runs | decision median ms | decision p99 ms |
|---|---|---:|---:|---|---:|---:|"
for run in "lp latest-departure" "lp 12h" "offline-optimal -"; do
  read -r policy horizon <<< "$run"
  cap=()
  [ "$horizon" = 12h ] && cap=(--horizon 12h)
  for limit in 20 50; do
    times=()
    for _ in $(seq "$repeat"); do
      start=$(date +%s%N)
      json=$(.build/release/chargeshare backtest --sessions Datasets/acn/caltech_2019-05-01_2019-08-31.csv \
        --from 2019-06-01 --to 2019-07-01 --time-zone America/Los_Angeles --interval 5m "${cap[@]}" \
        --feeder-limit-kw "$limit" --policy "$policy" --json --no-progress | tail -1)
      times+=("$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.2f", ns / 1e9 }')")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (repeat + 1) / 2 ))p")
    stats=$(echo "$json" | python3 -c "import json,sys; p=json.load(sys.stdin)['policies']['$policy']; print(f\"{p['medianSolveMs']:.2f} | {p['p99SolveMs']:.2f}\")")
    table+="
| $policy | $horizon | $limit | $median | ${times[*]} | $stats |"
  done
done
echo "$table"
{
  echo "Measured $(date +%F) with \`scripts/bench-backtest.sh\` (June 2019, 883 Caltech sessions, 8,636 steps of 5 minutes):"
  echo
  echo "$table"
} | python3 scripts/replace_section.py docs/PERFORMANCE.md "<!-- bench backtest -->" "<!-- /bench backtest -->" "## Backtests"
