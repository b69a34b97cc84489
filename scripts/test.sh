#!/usr/bin/env bash
# The whole test suite: the README's quick start, Swift tests, then independent checks of the output (official OCPP
# schemas, HiGHS on the exported MPS, JOSE/RFC 8785 and OCPI implementations for tariffs), then a real backtest sweep whose output the notebooks
# plot headless. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --python

# The README's quick start, exactly as written (on a fresh clone out/ does not exist yet), and
# the file it writes.
rm -f out/example-result.json
scripts/quickstart.sh
python3 -c "import json,sys; r=json.load(open('out/example-result.json')); assert r['windowId']=='synthetic-f1-s6-n9-t96-seed4' and r['status']=='optimal' and abs(r['objective']['total']-47.971347)<1e-5, r['objective']; print('quick start: out/example-result.json ok')"

# Formatting: the tree must be as swift-format (shipped with the toolchain) leaves it.
swift format lint --strict -r Sources Tests Package.swift
echo "swift-format lint: clean"

# The module graph in Package.swift is the one docs/architecture.md allows.
python3 scripts/check_architecture.py

swift build --build-tests
swift test --skip-build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Forced violations: the engine against a lexicographic reference built from the spec with HiGHS.
python3 scripts/check_forced_violations.py .build/debug/chargeshare "$work/forced"
.build/debug/chargeshare generate problem --feeders 3 --sites-per-feeder 6 --sessions 12 --seed 5 --out "$work/synthetic.json"
problems=(Datasets/examples/evening-feeder.json "$work/synthetic.json" "$work/forced/forced-feeder-v1.json" "$work/forced/forced-site-v3.json")
shared=../shared/examples/example-evening-feeder.json
[ -f "$shared" ] && problems+=("$shared")
python3 scripts/check_profiles_and_mps.py .build/debug/chargeshare "$work" "${problems[@]}"

# Telemetry: the embedded OCPP schemas are the official ones, and the engine's verdicts on 334
# mutated payloads agree with jsonschema's on those schemas.
python3 scripts/embed_ocpp_schemas.py --check
python3 scripts/check_telemetry_schemas.py .build/debug/chargeshare "$work/telemetry"

# Signed tariff tables against joserfc + rfc8785 (both directions) and the extrawest-ocpi model.
scripts/tariff-interop.sh .build/debug/chargeshare

# The service as an independent client sees it: every request and response of a scenario (tokens,
# registry, OpenADR 3 programs and events, limits, dispatch, stale windows, tariffs) against the
# official OpenADR 3.0.1 document and docs/openapi/v1.yaml; the fetched tariff table verified.
.build/debug/chargeshare keys generate --out "$work/service-keys" --valid-from 2026-01-01T00:00:00Z > /dev/null
SERVE_KEYS="$work/service-keys" python3 scripts/check_service_api.py .build/debug/chargeshare "$work/service"
# An independent OpenADR 3 client (PyPI openadr3-client, Python 3.12 venv) creates, reads, updates
# and deletes a program and an event through the service; the feeder's limits follow.
scripts/service-interop.sh .build/debug/chargeshare

# The service load benchmark's rolling traffic (scripts/bench-service.sh): consecutive windows of
# one feeder, each solved by the engine as it is written (a window it refuses stops the script).
.build/debug/chargeshare generate problem --feeders 1 --sites-per-feeder 5 --sessions 10 --intervals 32 --seed 7 --out "$work/long.json"
python3 scripts/make_rolling_windows.py --binary .build/debug/chargeshare --problem "$work/long.json" --intervals 16 --windows 8 \
  --out-dir "$work/rolling"

# A week of Caltech sessions through every policy at three limits, then the notebooks on its output.
.build/debug/chargeshare backtest sweep --sessions Datasets/acn/caltech_2019-05-01_2019-08-31.csv \
  --from 2019-06-03 --to 2019-06-10 --time-zone America/Los_Angeles --limits 20,40,60 \
  --policy lp,edf,llf,round-robin,uncontrolled,offline-optimal --out "$work/sweep" --plots --no-progress
# A held-back week of next-day forecasts from the shipped demand models (each day from the sessions
# before it), then both notebooks.
mkdir -p "$work/forecast"
for site in caltech jpl; do
  for day in 25 26 27 28 29 30 31; do
    .build/debug/chargeshare forecast predict --model "Models/demand/$site.json" \
      --sessions "Datasets/acn/${site}_2019-05-01_2019-08-31.csv" --day "2019-08-$day" --hours 24 --json > "$work/forecast/$site-2019-08-$day.json"
  done
done
# Predictive maintenance against the issue's targets on telemetry from the independent reference
# simulator (scripts/maintenance_reference_sim.py: same physics, written apart from the engine's),
# ingested through the normal path and scored daily by the shipped model, untouched.
python3 scripts/maintenance_reference_sim.py --out "$work/maintenance" --chargers 60 --days 120 --seed 7
.build/debug/chargeshare registry import --db "$work/maintenance/engine.sqlite" --file "$work/maintenance/registry.json" > /dev/null
.build/debug/chargeshare ingest --db "$work/maintenance/engine.sqlite" --file "$work/maintenance/telemetry.jsonl" \
  --received 2026-08-01T00:00:00Z --no-progress --json
.build/debug/chargeshare maintenance evaluate --db "$work/maintenance/engine.sqlite" --labels "$work/maintenance/labels.json" \
  --model Models/maintenance/default.json --risks "$work/maintenance/risks.csv" --json > "$work/maintenance/evaluation.json"
cp Models/maintenance/default.json "$work/maintenance/model.json"
python3 - "$work/maintenance/evaluation.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
print(f"maintenance (reference simulator, seed 7): precision {e['precision']:.3f}, recall {e['recall']:.3f} at >= 7 days, "
      f"median lead {e['medianLeadDays']} d, {e['detected']}/{e['eligibleFailures']} failures detected, {e['alerts']} alerts")
sys.exit(0 if e["precision"] >= 0.7 and e["recall"] >= 0.8 else 1)
PY
python3 scripts/run_notebooks.py "$work/sweep" "$work/forecast" "$work/maintenance"
