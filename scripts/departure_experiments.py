#!/usr/bin/env python3
"""What departure information is worth to `lp` (docs/backtests.md, "Closing the gap").

Rewrites the `estimated_departure` column of the Caltech May-August 2019 sessions with other
departure guesses, replays `lp` on each at the tight limits, and prints energy delivered against
the drivers' own estimates and the offline optimum. Two kinds of guesses:

- partial oracles (not live-knowable, they bound what a perfect forecast of one kind is worth):
  `min(estimate, actual)` knows who leaves early, `max(estimate, actual)` knows who stays late;
- forecasts from the session's live-knowable features (stated stay, arrival hour), fitted
  *in-sample* on all four months: an optimistic bound for any forecast learned from the past.

Usage: scripts/departure_experiments.py [--limits 20,30] [--out out/departure-experiments]
                                       [--from DATE --to DATE] [--binary PATH]
Exits 1 when some guess beats the offline optimum (by more than 0.01 points), which would mean a
bug in the replay or the optimum. Needs a chargeshare build (default .build/release), pandas, numpy.
"""
import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = ROOT / "Datasets/acn/caltech_2019-05-01_2019-08-31.csv"
BINARY = ROOT / ".build/release/chargeshare"
ZONE = "America/Los_Angeles"


def variants(d):
    """Each variant: name -> (description, new estimated departure as UTC timestamps)."""
    a = pd.to_datetime(d["arrival"], utc=True)
    dep = pd.to_datetime(d["departure"], utc=True)
    est = pd.to_datetime(d["estimated_departure"], utc=True)
    stated = (est - a).dt.total_seconds() / 3600
    stay = (dep - a).dt.total_seconds() / 3600
    hour = a.dt.tz_convert(ZONE).dt.hour
    claimed = d["claimed"].astype(str) == "True"

    def at(hours):
        return a + pd.to_timedelta(hours.clip(lower=0.2), unit="h")

    out = {
        "estimate": ("drivers' estimates (baseline)", est),
        "oracle-early": ("partial oracle: min(estimate, actual)", pd.concat([est, dep], axis=1).min(axis=1)),
        "oracle-late": ("partial oracle: max(estimate, actual)", pd.concat([est, dep], axis=1).max(axis=1)),
    }
    bias = (stay - stated)[claimed].groupby(hour[claimed]).median()
    out["hour-bias"] = ("estimate + median error by arrival hour", at(stated + hour.map(bias).fillna(0).where(claimed, 0)))
    x = pd.get_dummies(hour.clip(6, 22)).astype(float)
    x["stated"] = stated
    coef, *_ = np.linalg.lstsq(x[claimed].values, stay[claimed].values, rcond=None)
    out["ols"] = ("least squares: stay ~ stated stay + arrival hour", at(pd.Series(x.values @ coef, index=d.index).where(claimed, stay)))
    buckets = pd.DataFrame({
        "s": pd.cut(stated, [0, 1, 2, 3, 4, 6, 8, 10, 1000]),
        "h": pd.cut(hour, [-1, 7, 9, 11, 14, 17, 24]),
        "stay": stay,
    })
    for q in (0.25, 0.5):
        table = buckets[claimed].groupby(["s", "h"], observed=True)["stay"].quantile(q)
        pred = pd.Series([table.get((s, h), np.nan) for s, h in zip(buckets["s"], buckets["h"])], index=d.index)
        out[f"q{int(q * 100)}"] = (f"{int(q * 100)}th percentile of stay by stated stay x arrival hour",
                                   at(pred.fillna(stated).where(claimed, stay)))
    return out


def write(d, departures, path):
    x = d.copy()
    arrival = pd.to_datetime(d["arrival"], utc=True)
    departures = departures.where(departures > arrival, arrival + pd.Timedelta(minutes=10))
    local = departures.dt.tz_convert(ZONE).dt.strftime("%Y-%m-%d %H:%M:%S%z")
    x["estimated_departure"] = local.str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)
    x.to_csv(path, index=False)


def replay(binary, span, path, limit, policies):
    cmd = [str(binary), "backtest", "run", *span, "--sessions", str(path), "--time-zone", ZONE,
           "--feeder-limit-kw", str(limit), "--policy", policies, "--json", "--no-progress"]
    line = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return {k: v["energyDeliveredPct"] for k, v in json.loads(line)["policies"].items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limits", default="20,30")
    parser.add_argument("--out", default=str(ROOT / "out/departure-experiments"))
    parser.add_argument("--from", dest="start", help="replay only sessions arriving from this date")
    parser.add_argument("--to", dest="end", help="replay only sessions arriving before this date")
    parser.add_argument("--binary", default=str(BINARY))
    args = parser.parse_args()
    span = (["--from", args.start] if args.start else []) + (["--to", args.end] if args.end else [])
    limits = [int(v) for v in args.limits.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    d = pd.read_csv(SESSIONS)
    jobs = {}
    guesses = variants(d)
    for name, (_, departures) in guesses.items():
        write(d, departures, out / f"{name}.csv")
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name in guesses:
            for limit in limits:
                policies = "lp,offline-optimal" if name == "estimate" else "lp"
                jobs[(name, limit)] = pool.submit(replay, args.binary, span, out / f"{name}.csv", limit, policies)
    descriptions = {name: text for name, (text, _) in guesses.items()}
    print("| departures told to lp | " + " | ".join(f"{l} kW" for l in limits) + " |")
    print("|---|" + "---:|" * len(limits))
    optimum = {l: jobs[("estimate", l)].result()["offline-optimal"] for l in limits}
    for name, text in descriptions.items():
        cells = [f"{jobs[(name, l)].result()['lp']:.2f}" for l in limits]
        print(f"| {text} | " + " | ".join(cells) + " |")
    print("| offline-optimal (perfect knowledge) | " + " | ".join(f"{optimum[l]:.2f}" for l in limits) + " |")
    beaten = [(name, l) for name in descriptions for l in limits if jobs[(name, l)].result()["lp"] > optimum[l] + 0.01]
    for name, l in beaten:
        print(f"failed: lp told '{name}' beats the offline optimum at {l} kW", file=sys.stderr)
    return 1 if beaten else 0


if __name__ == "__main__":
    sys.exit(main())
