#!/usr/bin/env bash
# Installs what ChargeShare needs and is missing: Debian -dev packages (apt-get) and the Python
# test tooling (pip). Safe to run again: it installs nothing that is already there.
set -euo pipefail
packages=(libglpk-dev libopenblas-dev liblapacke-dev libsqlite3-dev libmosquitto-dev mosquitto curl wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--python" ]; then
  python3 -c "import ocpp, highspy, jsonschema" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check "ocpp==2.1.0" highspy jsonschema
  # The OpenADR 3.0.1 checker (scripts/openadr_validate.py, run by the store's OpenADR tests).
  python3 -c "import openapi_schema_validator, yaml" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check openapi-schema-validator pyyaml
  # The service's requests and responses against its OpenAPI documents (scripts/check_service_api.py).
  python3 -c "import openapi_core, requests" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check "openapi-core==0.23.1" requests
  # Signed tariff interop (scripts/tariff-interop.sh); extrawest-ocpi gets its own venv there.
  python3 -c "import joserfc, rfc8785" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check "joserfc>=1.6" rfc8785
  # Notebooks: executed headless by the test command.
  python3 -c "import pandas, matplotlib, nbclient, nbformat, ipykernel" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check pandas matplotlib nbclient nbformat ipykernel
fi
