#!/usr/bin/env python3
"""Validates the engine's tariffs with an independent OCPI 2.2.1 model: extrawest-ocpi's
py_ocpi.modules.tariffs.v_2_2_1.schemas.Tariff (pydantic 1, run in its own virtualenv).

Checks the plain OCPI files (<site>.ocpi.json, numeric prices) and the tariff inside each signed
table (decimal-string prices), plus the official OCPI 2.2.1 examples as a sanity check of the model.

usage: check_ocpi_tariffs.py TABLE_DIR OCPI_EXAMPLES_DIR
"""
import base64
import json
import os
import sys

from py_ocpi.modules.tariffs.v_2_2_1.schemas import Tariff

table_dir, examples = sys.argv[1:3]
count = 0
for name in sorted(os.listdir(table_dir)):
    path = os.path.join(table_dir, name)
    if name.endswith(".ocpi.json"):
        tariff = json.load(open(path))
    elif name.endswith(".jws"):
        payload = open(path).read().split(".")[1]
        tariff = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["tariff"]
    else:
        continue
    model = Tariff(**tariff)
    assert model.elements and model.elements[-1].restrictions is None, f"{name}: default element last"
    assert all(c.type == "ENERGY" and c.price >= 0 for e in model.elements for c in e.price_components), name
    count += 1
official = [f for f in sorted(os.listdir(examples)) if f.startswith("tariff_") and f != "tariff_put_example.json"]
for name in official:
    Tariff(**json.load(open(os.path.join(examples, name))))
print(f"OCPI 2.2.1 (extrawest-ocpi): {count} engine tariffs valid; {len(official)} official examples valid")
