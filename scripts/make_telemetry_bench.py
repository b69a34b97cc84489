#!/usr/bin/env python3
"""Writes a JSONL file of MeterValues envelopes for the ingest benchmark (docs/PERFORMANCE.md).

Usage: scripts/make_telemetry_bench.py OUT [MESSAGES]   (default 100,000 messages = 1,000,000 samples)

Each message carries one import register (rising per station) and nine phase voltages, from 500
stations, one message per station and minute from 2026-06-01T07:46:40Z. Seeded: the same file
every time.
"""
import datetime
import json
import random
import sys


def main() -> None:
    out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(7)
    t0 = 1780300000
    with open(out, "w") as f:
        for i in range(count):
            ts = datetime.datetime.fromtimestamp(t0 + (i // 500) * 60, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            samples = [{"value": round(1000 + i * 0.5, 3), "measurand": "Energy.Active.Import.Register"}]
            samples += [{"value": round(rng.uniform(200, 250), 1), "measurand": "Voltage", "phase": f"L{k % 3 + 1}-N",
                         "unitOfMeasure": {"unit": "V"}} for k in range(1, 10)]
            message = {"messageId": f"m-{i}", "stationId": f"CS-{i % 500}", "evseId": 1, "recordedAt": ts, "action": "MeterValues",
                       "payload": {"evseId": 1, "meterValue": [{"timestamp": ts, "sampledValue": samples}]}}
            f.write(json.dumps(message, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
