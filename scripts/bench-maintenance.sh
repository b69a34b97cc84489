#!/usr/bin/env bash
# The maintenance scoring benchmark (docs/PERFORMANCE.md, "Maintenance scoring"): a fleet of
# CHARGERS simulated over 29 days (`maintenance simulate`), imported and ingested through the
# normal path, then `maintenance score` of every charger from the 28 days before the last day,
# RUNS times, each in a fresh process: wall time and peak RSS per run, and the median.
# Usage: scripts/bench-maintenance.sh [BINARY] [CHARGERS] [RUNS] [DIR]
#   defaults: .build/release/chargeshare 10000 3 /tmp/chargeshare-bench-maintenance
# DIR is kept: a second call with the same fleet reuses its database and only scores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/chargeshare}
chargers=${2:-10000}
runs=${3:-3}
dir=${4:-/tmp/chargeshare-bench-maintenance}/$chargers
model=Models/maintenance/default.json
mkdir -p "$dir"
timed() { /usr/bin/time -f "%e %M" -o "$dir/time" "$@"; read -r seconds kb < "$dir/time"; }
if [ ! -f "$dir/ready" ]; then
  rm -f "$dir"/engine.sqlite*
  timed "$bin" maintenance simulate --out "$dir" --chargers "$chargers" --days 29 --seed 4242 --start 2026-03-02
  echo "simulate: $seconds s, peak RSS $((kb / 1024)) MB, $(wc -l < "$dir/telemetry.jsonl") messages"
  "$bin" registry import --db "$dir/engine.sqlite" --file "$dir/registry.json" > /dev/null
  timed "$bin" ingest --db "$dir/engine.sqlite" --file "$dir/telemetry.jsonl" --received 2026-04-01T00:00:00Z --no-progress --json
  echo "ingest: $seconds s, peak RSS $((kb / 1024)) MB, database $(du -m "$dir/engine.sqlite" | cut -f1) MB"
  rm -f "$dir/telemetry.jsonl"
  touch "$dir/ready"
fi
all=()
for i in $(seq "$runs"); do
  timed "$bin" maintenance score --db "$dir/engine.sqlite" --model "$model" --as-of 2026-03-30T00:00:00Z --json --dry-run > "$dir/scores.json"
  echo "score run $i: $seconds s, peak RSS $((kb / 1024)) MB"
  all+=("$seconds")
done
python3 - "$dir/scores.json" "${all[@]}" <<'PY'
import json, statistics, sys
scores = json.load(open(sys.argv[1]))["chargers"]
times = [float(t) for t in sys.argv[2:]]
alerts = sum(1 for c in scores if c["alert"])
print(f"score: {len(scores)} chargers, {alerts} alerts; median {statistics.median(times):.2f} s of {len(times)} runs")
PY
