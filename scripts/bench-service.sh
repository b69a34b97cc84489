#!/usr/bin/env bash
# The service load benchmark (docs/PERFORMANCE.md, "Service load"): `chargeshare serve` on
# loopback with a fresh database, one 20-home feeder registered, then wrk POSTs full
# DispatchProblems to /v1/dispatch (a new windowId each, so every request is solved and stored):
# 16 connections for the rate and latency, then 200 connections for errors. Two kinds of traffic,
# each against its own server:
#   same     the same window every time (20 sessions): no earlier window to start from, so
#            every solve is cold;
#   rolling  consecutive windows of the feeder (window k starts k intervals after window 0,
#            INTERVALS of them: a day at 96 × 15 min; scripts/make_rolling_windows.py), cycled
#            through with one request per connection in flight: each solve warm-starts from the
#            latest solved window before it (after the first pass, an earlier pass's copy of the
#            window just before).
# Prints wrk's reports, the windows stored (and how many were warm-started) and the server's
# peak RSS.
# Usage: scripts/bench-service.sh [BINARY] [SECONDS] [INTERVALS] [same|rolling|both]
#   (defaults .build/release/chargeshare, 20 s, 96 fifteen-minute intervals: a day-ahead
#   window, both)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/chargeshare}
seconds=${2:-20}
intervals=${3:-96}
mode=${4:-both}
case "$mode" in same | rolling | both) ;; *) echo "bench-service: traffic must be same, rolling or both, not $mode" >&2; exit 2 ;; esac
[ "$intervals" -ge 1 ] && [ "$intervals" -le 1440 ] || { echo "bench-service: intervals must be 1 to 1440 (the rolling traffic cuts windows from twice as many)" >&2; exit 2; }
threads=2
command -v wrk >/dev/null || { echo "bench-service: wrk is missing (apt-get install wrk)" >&2; exit 2; }
dir=$(mktemp -d)
server=
stop() { kill "$server" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done; kill -9 "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap '[ -n "$server" ] && stop; rm -rf "$dir"' EXIT
cat > "$dir/service.json" <<JSON
{"clients": [{"clientId": "ops", "clientSecret": "bench-admin-secret-01", "role": "admin"},
             {"clientId": "platform", "clientSecret": "bench-cloud-secret-01", "role": "cloud"}]}
JSON

# The registry (feeder, sites, chargers) of a problem file, as POST /v1/registry takes it.
registry() {
  python3 - "$1" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
site_keys = {"id", "feederId", "importLimitKw", "exportLimitKw", "demandChargePerKw", "timeZone"}
def const(v):
    return v[0] if isinstance(v, list) else v
feeders = [{"id": f["id"], "importLimitKw": const(f.get("importLimitKw")), "exportLimitKw": const(f.get("exportLimitKw", 0))} for f in p["feeders"]]
sites = [{k: (const(v) if k.endswith("Kw") else v) for k, v in s.items() if k in site_keys} for s in p["sites"]]
chargers = [dict(c, stationId="CS-" + c["id"]) for c in p["chargers"]]
json.dump({"feeders": feeders, "sites": sites, "chargers": chargers}, open(sys.argv[2], "w"))
PY
}

# One phase: a fresh server and database, the registry of $1, a first dispatch of $2, then wrk.
phase() {
  local problem=$1 first=$2 name=$3 db="$dir/$3.sqlite"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  registry "$problem" "$dir/registry.json"
  "$bin" serve --db "$db" --port "$port" --config "$dir/service.json" > "$dir/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || { echo "bench-service: the server did not start" >&2; cat "$dir/serve.log" >&2; exit 1; }
  token() { curl -fs -d "grant_type=client_credentials&client_id=$1&client_secret=$2" "http://127.0.0.1:$port/openadr3/auth/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
  local admin cloud one
  admin=$(token ops bench-admin-secret-01)
  curl -fs -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' --data @"$dir/registry.json" \
    "http://127.0.0.1:$port/v1/registry" > /dev/null
  cloud=$(token platform bench-cloud-secret-01)
  one=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $cloud" -H 'Content-Type: application/json' \
    --data @"$first" "http://127.0.0.1:$port/v1/dispatch")
  [ "$one" = 201 ] || { echo "bench-service: a single dispatch answered $one" >&2; cat "$dir/serve.log" >&2; exit 1; }
  export TOKEN="$cloud" THREADS=$threads
  echo "== $name: 16 connections, ${seconds} s"
  RUN=a wrk -t"$threads" -c16 -d"${seconds}s" --latency -s scripts/wrk-dispatch.lua "http://127.0.0.1:$port/v1/dispatch"
  echo "== $name: 200 connections, ${seconds} s (client timeout 30 s: a request queued behind others is slow, not an error)"
  RUN=b wrk -t"$threads" -c200 -d"${seconds}s" --timeout 30s --latency -s scripts/wrk-dispatch.lua "http://127.0.0.1:$port/v1/dispatch"
  kill -0 "$server" 2>/dev/null || { echo "bench-service: the server died under load" >&2; tail -50 "$dir/serve.log" >&2; exit 1; }
  echo "$name: server peak RSS: $(grep VmHWM /proc/$server/status)"
  stop
  server=
  python3 - "$db" "$name" <<'PY'
import sqlite3, statistics, sys
db = sqlite3.connect(sys.argv[1])
print(f"{sys.argv[2]}: windows stored {db.execute('SELECT status, COUNT(*) FROM dispatch_windows GROUP BY status').fetchall()}")
rows = [r for r in db.execute("SELECT json_extract(result, '$.solver.warmStartedSessions'), json_extract(result, '$.solver.iterations'), "
                               "json_extract(result, '$.solver.seconds') FROM dispatch_windows WHERE result IS NOT NULL").fetchall()
        if None not in r]
if rows:
    warm = [r for r in rows if r[0]]
    print(f"{sys.argv[2]}: warm-started {len(warm)} of {len(rows)}; median iterations {statistics.median(r[1] for r in rows):.0f}, "
          f"median solve {1000 * statistics.median(r[2] for r in rows):.1f} ms")
else:
    print(f"{sys.argv[2]}: no result with solver figures")
PY
}

if [ "$mode" != rolling ]; then
  "$bin" generate problem --feeders 1 --sites-per-feeder 20 --sessions 20 --intervals "$intervals" --seed 7 --out "$dir/problem.json"
  unset WINDOWS_DIR WINDOWS
  export BODY="$dir/problem.json"
  phase "$dir/problem.json" "$dir/problem.json" same
fi
if [ "$mode" != same ]; then
  # Two windows' worth of sessions (two per home), cut into a day of consecutive windows.
  "$bin" generate problem --feeders 1 --sites-per-feeder 20 --sessions 40 --intervals $((2 * intervals)) --seed 7 --out "$dir/long.json"
  python3 scripts/make_rolling_windows.py --binary "$bin" --problem "$dir/long.json" --intervals "$intervals" \
    --windows "$intervals" --out-dir "$dir/windows"
  export WINDOWS_DIR="$dir/windows" WINDOWS="$intervals"
  phase "$dir/long.json" "$dir/windows/window-000.json" rolling
fi
