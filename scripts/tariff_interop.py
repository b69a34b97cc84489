#!/usr/bin/env python3
"""Interop of signed tariff tables with an independent JOSE stack (joserfc + rfc8785).

1. Tables the engine signed verify with joserfc, and their payloads are byte-identical to
   rfc8785's canonicalisation of themselves (same canonical form, numbers included).
2. A keyset and a table signed here, in Python, verify with `chargeshare tariff verify`; a
   tampered copy, a replay, a wrong site and an expired table are rejected with their exit codes.

usage: tariff_interop.py CHARGESHARE TABLE_DIR KEY_DIR WORK_DIR
"""
import base64
import json
import os
import subprocess
import sys

import rfc8785
from joserfc import jws
from joserfc.jwk import OKPKey

binary, table_dir, key_dir, work = sys.argv[1:5]
checks = 0


def check(condition, message):
    global checks
    if not condition:
        sys.exit(f"FAIL: {message}")
    checks += 1


def b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# 1. Engine -> Python.
keyset = json.load(open(os.path.join(key_dir, "keyset.json")))
keys = {}
for jwk in keyset["keys"]:
    key = OKPKey.import_key({k: jwk[k] for k in ("kty", "crv", "x", "kid")})
    check(key.thumbprint() == jwk["kid"], f"kid {jwk['kid']} is the RFC 7638 thumbprint")
    keys[jwk["kid"]] = key
tables = sorted(f for f in os.listdir(table_dir) if f.endswith(".jws"))
check(tables, "the engine wrote tables")
for name in tables:
    text = open(os.path.join(table_dir, name)).read()
    header = json.loads(b64decode(text.split(".")[0]))
    check(header == {"alg": "Ed25519", "kid": header["kid"], "typ": "tariff-table+jws"}, f"{name}: protected header")
    obj = jws.deserialize_compact(text, keys[header["kid"]], algorithms=["Ed25519"])
    payload = json.loads(obj.payload)
    check(rfc8785.dumps(payload) == obj.payload, f"{name}: payload is RFC 8785 canonical per rfc8785")
    check(payload["site_id"] + ".jws" == name, f"{name}: site_id matches the file")
    prices = [c["price"] for e in payload["tariff"]["elements"] for c in e["price_components"]]
    check(all(isinstance(p, str) and len(p.split(".")[1]) == 4 for p in prices), f"{name}: money as 4-decimal strings")
    check(len(payload["limits"]["import_kw"]) == len(payload["limits"]["export_kw"]), f"{name}: limits per interval")
print(f"engine -> joserfc/rfc8785: {len(tables)} tables verified")

# 2. Python -> engine.
os.makedirs(work, exist_ok=True)
python_key = OKPKey.generate_key("Ed25519")
public = python_key.as_dict(private=False)
kid = python_key.thumbprint()
py_keyset = {"fmt": "chargeshare.keyset/1", "iss": "python-issuer", "version": 1, "keys": [{
    "kty": "OKP", "crv": "Ed25519", "x": public["x"], "kid": kid,
    "valid_from": "2020-01-01T00:00:00Z", "valid_until": None, "sites": ["py-site"],
}]}
open(os.path.join(work, "keyset.json"), "wb").write(rfc8785.dumps(py_keyset))
template = json.loads(b64decode(open(os.path.join(table_dir, tables[0])).read().split(".")[1]))


def table(seq, site="py-site", valid_until=None):
    payload = dict(template, iss="python-issuer", site_id=site, seq=seq, table_id=f"py-{seq}", prev="")
    if valid_until:
        payload["valid_until"] = valid_until
        n = 60 // payload["limits"]["interval_minutes"]  # one hour of intervals
        payload["limits"] = dict(payload["limits"], import_kw=payload["limits"]["import_kw"][:n], export_kw=payload["limits"]["export_kw"][:n])
    header = {"alg": "Ed25519", "kid": kid, "typ": "tariff-table+jws"}
    return jws.serialize_compact(header, rfc8785.dumps(payload), python_key, algorithms=["Ed25519"])


state = os.path.join(work, "state")
now = template["valid_from"]


def verify(text, site="py-site", when=now):
    path = os.path.join(work, "table.jws")
    open(path, "w").write(text)
    run = subprocess.run([binary, "tariff", "verify", "--table", path, "--keyset", os.path.join(work, "keyset.json"),
                          "--site", site, "--state", state, "--now", when], capture_output=True, text=True)
    return run.returncode, run.stdout + run.stderr


good = table(5)
rc, out = verify(good)
check(rc == 0, f"python-signed table accepted (rc {rc}: {out})")
rc, out = verify(good)
check(rc == 0 and "identical re-delivery" in out, f"identical re-delivery accepted ({out})")
parts = good.split(".")
forged_payload = json.loads(b64decode(parts[1]))
forged_payload["tariff"]["elements"][0]["price_components"][0]["price"] = "0.0001"
tampered = parts[0] + "." + base64.urlsafe_b64encode(rfc8785.dumps(forged_payload)).decode().rstrip("=") + "." + parts[2]
rc, out = verify(tampered)
check(rc == 10, f"tampered copy rejected as bad-signature (rc {rc}: {out})")
rc, out = verify(table(4))
check(rc == 18, f"rollback to seq 4 rejected as stale-seq (rc {rc}: {out})")
rc, out = verify(table(6), site="other-site")
check(rc == 15, f"wrong site rejected (rc {rc}: {out})")
short = table(7, valid_until=template["valid_from"][:11] + "%02d" % (int(template["valid_from"][11:13]) + 1) + template["valid_from"][13:])
rc, out = verify(short, when=template["valid_until"])
check(rc == 16, f"expired table rejected (rc {rc}: {out})")
print(f"joserfc/rfc8785 -> engine: accepted, re-delivery, tampered 10, rollback 18, wrong site 15, expired 16")
print(f"tariff interop: {checks} checks passed")
