#!/usr/bin/env bash
# The service load benchmark (docs/PERFORMANCE.md): `chargeshare serve` on loopback, a 20-session
# feeder registered, then wrk POSTs full DispatchProblems to /v1/dispatch (a new windowId each, so
# every request is solved and stored): 16 connections for the rate and latency, then 200
# connections for errors. Prints wrk's reports and the server's peak RSS.
# Usage: scripts/bench-service.sh [BINARY] [SECONDS] [INTERVALS]
#   (defaults .build/release/chargeshare, 20 s, 96 fifteen-minute intervals: a day-ahead window)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/chargeshare}
seconds=${2:-20}
intervals=${3:-96}
command -v wrk >/dev/null || { echo "bench-service: wrk is missing (apt-get install wrk)" >&2; exit 2; }
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/service.json" <<JSON
{"clients": [{"clientId": "ops", "clientSecret": "bench-admin-secret-01", "role": "admin"},
             {"clientId": "platform", "clientSecret": "bench-cloud-secret-01", "role": "cloud"}]}
JSON
"$bin" generate problem --feeders 1 --sites-per-feeder 20 --sessions 20 --intervals "$intervals" --seed 7 --out "$dir/problem.json"
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
p = json.load(open(f"{d}/problem.json"))
site_keys = {"id", "feederId", "importLimitKw", "exportLimitKw", "demandChargePerKw", "timeZone"}
def const(v):
    return v[0] if isinstance(v, list) else v
feeders = [{"id": f["id"], "importLimitKw": const(f.get("importLimitKw")), "exportLimitKw": const(f.get("exportLimitKw", 0))} for f in p["feeders"]]
sites = [{k: (const(v) if k.endswith("Kw") else v) for k, v in s.items() if k in site_keys} for s in p["sites"]]
chargers = [dict(c, stationId="CS-" + c["id"]) for c in p["chargers"]]
json.dump({"feeders": feeders, "sites": sites, "chargers": chargers}, open(f"{d}/registry.json", "w"))
PY
"$bin" serve --db "$dir/engine.sqlite" --port "$port" --config "$dir/service.json" > "$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
token() { curl -fs -d "grant_type=client_credentials&client_id=$1&client_secret=$2" "http://127.0.0.1:$port/openadr3/auth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
admin=$(token ops bench-admin-secret-01)
curl -fs -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' --data @"$dir/registry.json" \
  "http://127.0.0.1:$port/v1/registry" > /dev/null
cloud=$(token platform bench-cloud-secret-01)
one=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $cloud" -H 'Content-Type: application/json' \
  --data @"$dir/problem.json" "http://127.0.0.1:$port/v1/dispatch")
[ "$one" = 201 ] || { echo "bench-service: a single dispatch answered $one" >&2; cat "$dir/serve.log" >&2; exit 1; }
export BODY="$dir/problem.json" TOKEN="$cloud"
echo "== 16 connections, ${seconds} s"
RUN=a wrk -t2 -c16 -d"${seconds}s" --latency -s scripts/wrk-dispatch.lua "http://127.0.0.1:$port/v1/dispatch"
echo "== 200 connections, ${seconds} s (client timeout 30 s: a request queued behind others is slow, not an error)"
RUN=b wrk -t2 -c200 -d"${seconds}s" --timeout 30s --latency -s scripts/wrk-dispatch.lua "http://127.0.0.1:$port/v1/dispatch"
echo "windows stored: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT status, COUNT(*) FROM dispatch_windows GROUP BY status').fetchall())" "$dir/engine.sqlite")"
echo "server peak RSS: $(grep VmHWM /proc/$server/status)"
