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
        self.undeclared = 0

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
        if path.startswith("/openadr3/") and response.status_code == 401:
            # RFC 6750: a missing or bad bearer token is 401; the official document lists no 401.
            self.undeclared += 1
        else:
            api.validate_response(request, openapi_response)
        self.count["openadr3" if path.startswith("/openadr3/") else "v1"] += 1
        if expect is not None and response.status_code != expect:
            raise SystemExit(f"{method} {path}: expected {expect}, got {response.status_code}: {response.text[:500]}")
        return response

    def token(self, client):
        r = self.call("POST", "/openadr3/auth/token", expect=200,
                      data={"grant_type": "client_credentials", "client_id": client, "client_secret": SECRETS[client]})
        return r.json()["access_token"]


def add_discriminator_mappings(node, schemas):
    """The official 3.0.1 document's discriminators (program.payloadDescriptors) name `objectType`
    without a mapping, so the implicit one looks for schemas named EVENT_PAYLOAD_DESCRIPTOR and
    REPORT_PAYLOAD_DESCRIPTOR, which do not exist, and every program with descriptors would fail.
    Map each value of the alternatives' `objectType` enum to its alternative, which is what the
    document means (the same repair as scripts/openadr_validate.py)."""
    if isinstance(node, dict):
        d = node.get("discriminator")
        alternatives = node.get("anyOf") or node.get("oneOf") or []
        if isinstance(d, dict) and "mapping" not in d and alternatives:
            mapping = {}
            for alt in alternatives:
                ref = alt.get("$ref", "")
                target = schemas.get(ref.rsplit("/", 1)[-1], {})
                for value in target.get("properties", {}).get(d["propertyName"], {}).get("enum", []):
                    mapping[value] = ref
            if mapping:
                d["mapping"] = mapping
        for v in node.values():
            add_discriminator_mappings(v, schemas)
    elif isinstance(node, list):
        for v in node:
            add_discriminator_mappings(v, schemas)


def load(path, server):
    with open(path) as f:
        spec = yaml.safe_load(f)
    spec = copy.deepcopy(spec)
    add_discriminator_mappings(spec, spec.get("components", {}).get("schemas", {}))
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
    extra = []
    if os.environ.get("SERVE_KEYS"):
        extra = ["--keys", os.environ["SERVE_KEYS"]]
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
              f"{api.count['v1']} /v1 exchanges valid against docs/openapi/v1.yaml; "
              f"{api.undeclared} 401 answer(s) the official document does not list (RFC 6750)")
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
    cloud = api.token("platform")
    api.call("GET", "/v1/registry", cloud, expect=403)
    api.call("GET", "/v1/sites/F0-H0/tariff", None, expect=404)

    # OpenADR 3: a utility's program and events, checked against the official document.
    coop = api.token("coop")
    program = api.call("POST", "/openadr3/programs", coop, expect=201, json={
        "programName": "prairie-caps", "programType": "CAPACITY", "country": "US",
        "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"}],
        "targets": [{"type": "GROUP", "values": ["F0"]}]}).json()
    start = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() + 3600))

    def event(kw, priority, name):
        return {"programID": program["id"], "eventName": name, "priority": priority,
                "targets": [{"type": "GROUP", "values": ["F0"]}],
                "payloadDescriptors": [{"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": "IMPORT_CAPACITY_LIMIT", "units": "KW"}],
                "intervalPeriod": {"start": start, "duration": "PT1H"},
                "intervals": [{"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": [kw]}]}]}

    cap = api.call("POST", "/openadr3/events", coop, expect=201, json=event(4.5, 1, "heat-wave")).json()
    spare = api.call("POST", "/openadr3/events", coop, expect=201, json=event(9, 2, "spare")).json()
    api.call("GET", "/openadr3/programs", coop, expect=200, params={"targetType": "GROUP", "targetValues": "F0"})
    api.call("GET", f"/openadr3/programs/{program['id']}", coop, expect=200)
    listed = api.call("GET", "/openadr3/events", coop, expect=200, params={"programID": program["id"], "skip": 0, "limit": 1}).json()
    assert len(listed) == 1, listed
    api.call("GET", f"/openadr3/events/{cap['id']}", coop, expect=200)
    api.call("PUT", f"/openadr3/events/{spare['id']}", coop, expect=200, json=event(8, 2, "spare"))
    api.call("DELETE", f"/openadr3/events/{spare['id']}", coop, expect=200)
    api.call("GET", f"/openadr3/events/{spare['id']}", coop, expect=404)
    api.call("POST", "/openadr3/events", coop, expect=400, json={"programID": program["id"], "intervals": "none"})
    other = api.token("other")
    api.call("GET", f"/openadr3/events/{cap['id']}", other, expect=404)
    api.call("DELETE", f"/openadr3/programs/{program['id']}", coop, expect=400)
    api.call("GET", "/openadr3/events", None, expect=401)

    # The effective limit is the event's, and the next dispatch honours it.
    limits = api.call("GET", "/v1/feeders/F0/limits", cloud, expect=200,
                      params={"start": start, "end": start.replace(":00:00Z", ":30:00Z"), "intervalMinutes": 15}).json()
    assert [i["importLimitKw"] for i in limits["intervals"]] == [4.5, 4.5], limits
    body = {"windowId": "check-1", "start": start, "intervals": 4, "intervalMinutes": 15,
            "feeders": ["F0"], "prices": {"importPerKwh": 0.25, "exportPerKwh": 0.05}}
    created = api.call("POST", "/v1/dispatch", cloud, expect=201, json=body)
    replay = api.call("POST", "/v1/dispatch", cloud, expect=200, json=body)
    assert replay.content == created.content
    api.call("POST", "/v1/dispatch", cloud, expect=409, json=dict(body, intervals=2))
    window = api.call("GET", "/v1/dispatch/check-1", cloud, expect=200).json()
    problem = window["problem"] if isinstance(window["problem"], dict) else json.loads(window["problem"])
    feeder = [f for f in problem["feeders"] if f["id"] == "F0"][0]
    assert feeder["importLimitKw"] == [4.5] * 4 or feeder["importLimitKw"] == 4.5, feeder
    api.call("PUT", f"/openadr3/events/{cap['id']}", coop, expect=200, json=event(3, 1, "heat-wave"))
    stale = api.call("GET", "/v1/dispatch/check-1", cloud, expect=200).json()
    assert stale.get("staleReason"), stale

    # Tariffs: the site's table, fetched as a gateway would, then 304, then verified offline.
    if os.environ.get("SERVE_KEYS"):
        tariff = api.call("GET", "/v1/sites/F0-H0/tariff", None, expect=200)
        api.call("GET", "/v1/sites/F0-H0/tariff", None, expect=304, headers={"If-None-Match": tariff.headers["ETag"]})
        table = os.path.join(work, "F0-H0.jws")
        with open(table, "w") as f:
            f.write(tariff.text)
        verify = subprocess.run([binary, "tariff", "verify", "--table", table, "--keyset",
                                 os.path.join(os.environ["SERVE_KEYS"], "keyset.json"), "--site", "F0-H0",
                                 "--state", os.path.join(work, "edge-state"), "--now", start],
                                capture_output=True, text=True)
        if verify.returncode != 0:
            raise SystemExit(f"chargeshare tariff verify refused the fetched table ({verify.returncode}): {verify.stdout}{verify.stderr}")
        print("service API: the fetched tariff table passes chargeshare tariff verify")


if __name__ == "__main__":
    main()
