#!/usr/bin/env bash
# Signed tariff tables against independent implementations: joserfc + rfc8785 (JOSE, RFC 8785)
# and extrawest-ocpi (OCPI 2.2.1 Tariff model, pydantic 1, in its own virtualenv).
# usage: scripts/tariff-interop.sh [CHARGESHARE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/chargeshare}
python3 -c "import joserfc, rfc8785" 2>/dev/null \
  || python3 -m pip install -q --disable-pip-version-check "joserfc>=1.6" rfc8785
venv=.build-ocpi-venv
if ! "$venv/bin/python" -c "import py_ocpi" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "extrawest-ocpi==2025.7.16"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
example=Datasets/examples/evening-feeder.json
"$bin" dispatch --problem "$example" --out "$work/result.json" --quiet
"$bin" keys generate --out "$work/keys" --valid-from 2026-01-01T00:00:00Z >/dev/null
"$bin" tariff publish --problem "$example" --result "$work/result.json" --keys "$work/keys" --out "$work/tables" \
  --pricing Datasets/examples/pricing.json --now 2026-03-02T15:50:00Z --ocpi >/dev/null
python3 scripts/tariff_interop.py "$bin" "$work/tables" "$work/keys" "$work/python"
"$venv/bin/python" scripts/check_ocpi_tariffs.py "$work/tables" ../shared/standards/ocpi-2.2.1/examples
