#!/usr/bin/env python3
"""The engine's telemetry reader against the official OCPP 2.0.1 schemas, checked by an independent
validator (jsonschema, Draft 6, the schemas shipped in the ocpp 2.1.0 wheel).

Usage: scripts/check_telemetry_schemas.py BINARY WORKDIR

Starts from Datasets/examples/telemetry.jsonl (one valid envelope per action), makes seeded
schema-relevant mutations of each payload (a field removed, an unknown field added, a type
changed, an enum value replaced, a string one character too long, an array emptied, an integer
made fractional), runs `chargeshare telemetry check --json` on all of them, and checks each line:
- jsonschema says the payload is invalid  ⇔  the engine rejects it with a schema reason;
- the valid originals are accepted.
Prints "N passed, M failed"; exit code 1 on any failure.
"""
import copy
import json
import os
import pathlib
import random
import subprocess
import sys

import jsonschema
import ocpp

RECEIVED = "2026-06-01T12:00:00Z"


def schema(action):
    path = pathlib.Path(os.path.dirname(ocpp.__file__)) / "v201" / "schemas" / f"{action}Request.json"
    return jsonschema.Draft6Validator(json.loads(path.read_text()))


def paths(node, prefix=()):
    """Every (container path, key) in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix, k
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix, i
            yield from paths(v, prefix + (i,))


def at(node, path):
    for p in path:
        node = node[p]
    return node


def mutations(payload, rng):
    out = []
    spots = list(paths(payload))
    for container_path, key in spots:
        parent = at(payload, container_path)
        value = parent[key]
        candidates = []
        if isinstance(parent, dict):
            candidates.append(("remove", None))
        if isinstance(value, str):
            candidates += [("value", 17), ("value", "Bogus"), ("value", value + "x" * (rng.randint(1, 3) * 20)), ("value", "x" * 2000)]
        elif isinstance(value, bool):
            candidates.append(("value", "true"))
        elif isinstance(value, int):
            candidates += [("value", value + 0.5), ("value", str(value)), ("value", -value - 1)]
        elif isinstance(value, float):
            candidates += [("value", "12.5"), ("value", None)]
        elif isinstance(value, list):
            candidates += [("value", []), ("value", {})]
        elif isinstance(value, dict):
            candidates += [("add", "unexpectedField"), ("value", [])]
        for kind, arg in candidates:
            mutated = copy.deepcopy(payload)
            target = at(mutated, container_path)
            if kind == "remove":
                del target[key]
            elif kind == "add":
                target[key]["unexpectedField"] = 1
            else:
                target[key] = arg
            out.append(mutated)
    return out


def main() -> int:
    binary, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    root = pathlib.Path(__file__).resolve().parent.parent
    bases = [json.loads(line) for line in (root / "Datasets/examples/telemetry.jsonl").read_text().splitlines() if line.strip()]
    rng = random.Random(0x0CB201)
    lines, expected = [], []
    for base in bases:
        validator = schema(base["action"])
        variants = [base["payload"]] + mutations(base["payload"], rng)
        for n, payload in enumerate(variants):
            envelope = dict(base, messageId=f"{base['messageId']}-{n}", payload=payload)
            lines.append(json.dumps(envelope))
            expected.append((base["action"], n == 0, validator.is_valid(payload)))
    corpus = work / "telemetry-corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    run = subprocess.run([binary, "telemetry", "check", "--file", str(corpus), "--received", RECEIVED, "--json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
        print("0 passed, 1 failed")
        return 1
    verdicts = [json.loads(line) for line in run.stdout.splitlines()][:-1]
    passed = failed = 0
    for (action, original, schema_valid), verdict, line in zip(expected, verdicts, lines):
        reason = verdict.get("reason", "")
        schema_rejected = not verdict["accepted"] and reason.endswith("Request schema)")
        ok = (schema_valid != schema_rejected) and (not original or verdict["accepted"])
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 10:
                print(f"MISMATCH {action} line {verdict['line']}: jsonschema valid={schema_valid}, engine={verdict} :: {line[:300]}")
    if len(verdicts) != len(expected):
        failed += 1
        print(f"engine gave {len(verdicts)} verdicts for {len(expected)} lines")
    invalid = sum(1 for e in expected if not e[2])
    print(f"telemetry schemas: {len(expected)} payloads, {invalid} invalid by the official schemas")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
