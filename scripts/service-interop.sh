#!/usr/bin/env bash
# OpenADR 3.0.1 against an independent client (issue 13): ElaadNL's openadr3-client (PyPI, needs
# Python >= 3.12, in its own virtualenv .build-openadr-venv) creates a program and an event through
# `chargeshare serve`, reads them back, replaces and deletes them, and the feeder's limits follow
# (scripts/openadr3_client_roundtrip.py). Starts the service on a free loopback port with a fresh
# database and a temporary config (an admin and a utility granted feeder F0), registers
# Datasets/examples/registry.json, runs the round trip, stops the service with SIGTERM and checks
# that it exits 0.
# usage: scripts/service-interop.sh [CHARGESHARE_BINARY] [round-trip options, e.g. --start 2027-01-15T17:00:00Z]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/chargeshare
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then bin=$1; shift; fi
[ -x "$bin" ] || { echo "service-interop: $bin is not an executable (build it, or pass the binary)" >&2; exit 2; }

# A Python >= 3.12 that runs (a pyenv shim named python3.12 may exist and still fail).
python=
for candidate in "$(command -v python3.12 || true)" ~/.pyenv/versions/3.12*/bin/python3; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] \
    && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "service-interop: openadr3-client needs Python >= 3.12: none found (python3.12 on PATH or ~/.pyenv/versions/3.12*);" \
    "install one, e.g. pyenv install 3.12" >&2
  exit 2
fi
venv=.build-openadr-venv
client_version=2.4.2
if ! "$venv/bin/python" -c "import requests; from importlib.metadata import version; assert version('openadr3-client') == '$client_version'" 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "openadr3-client==$client_version" "requests>=2.32"
fi

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

secret() { "$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
admin_secret=$(secret)
printf %s "$admin_secret" > "$work/admin.secret"
coop_secret=$(secret)
cat > "$work/service.json" <<EOF
{"clients": [
  {"clientId": "ops", "clientSecret": "$admin_secret", "role": "admin"},
  {"clientId": "coop", "clientSecret": "$coop_secret", "role": "utility", "feeders": ["F0"]}]}
EOF
"$bin" serve --db "$work/engine.sqlite" --port 0 --host 127.0.0.1 --config "$work/service.json" > "$work/serve.log" 2>&1 &
server=$!
base=
for _ in $(seq 200); do
  base=$(sed -n 's|^chargeshare serve: listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$work/serve.log" | head -n 1)
  [ -n "$base" ] && curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$base" ] || ! curl -fsS "$base/healthz" >/dev/null 2>&1; then
  echo "service-interop: chargeshare serve did not answer /healthz${base:+ on $base}:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

token=$(curl -fsS "$base/openadr3/auth/token" --data-urlencode grant_type=client_credentials \
  --data-urlencode client_id=ops --data-urlencode "client_secret@$work/admin.secret" \
  | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @Datasets/examples/registry.json "$base/v1/registry" >/dev/null

status=0
OPENADR_CLIENT_SECRET=$coop_secret "$venv/bin/python" scripts/openadr3_client_roundtrip.py \
  --base-url "$base" --client-id coop --feeder F0 --strict-nulls "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "service-interop: the round trip failed; the service's log:" >&2
  tail -n 40 "$work/serve.log" >&2
fi

kill -TERM "$server"
serve_status=0
wait "$server" || serve_status=$?
server=
if [ "$serve_status" -ne 0 ]; then
  echo "service-interop: chargeshare serve exited $serve_status after SIGTERM (expected 0):" >&2
  tail -n 20 "$work/serve.log" >&2
  exit 1
fi
grep -q 'chargeshare serve: stopped' "$work/serve.log" \
  || { echo "service-interop: chargeshare serve exited 0 but did not log 'stopped'" >&2; exit 1; }
exit "$status"
