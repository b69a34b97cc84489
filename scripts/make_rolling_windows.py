#!/usr/bin/env python3
"""Writes a day of consecutive dispatch windows of one feeder, as the cloud sends them: window k
starts k intervals after window 0, each N intervals long (the service load benchmark's rolling
traffic, docs/PERFORMANCE.md "Service load"; issue 13).

The input is a longer synthetic problem (`chargeshare generate problem --intervals 2N`). Window k
is its slice [k, k + N): every series cut to those intervals, the sessions that are plugged in
at some time in it. The loop is closed the way live operation closes it: window k is solved with
the engine (`chargeshare dispatch`, untimed), and a car still there in window k + 1 starts it
with the energy window k planned for its first interval (as `DispatchProblem.nextWindow` in
Sources/Synthetic/NextWindow.swift does). Cars that arrive later keep their generated energy.

    python3 scripts/make_rolling_windows.py --binary .build/release/chargeshare \
        --problem long.json --intervals 96 --windows 96 --out-dir DIR

Writes DIR/window-000.json … and prints one line: windows, sessions per window (min, mean, max).
"""
import argparse, copy, datetime as dt, json, os, subprocess, sys

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--problem", required=True, help="the long problem to slice")
parser.add_argument("--intervals", type=int, default=96, help="intervals per window")
parser.add_argument("--windows", type=int, default=96)
parser.add_argument("--out-dir", required=True)
args = parser.parse_args()

long = json.load(open(args.problem))
if long["intervals"] < args.intervals + args.windows - 1:
    sys.exit(f"make_rolling_windows: the problem has {long['intervals']} intervals; "
             f"{args.windows} windows of {args.intervals} need {args.intervals + args.windows - 1}")
step = dt.timedelta(minutes=long["intervalMinutes"])
parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
text = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
start0 = parse(long["start"])


def cut(value, k):
    """A series (scalar or per-interval list) restricted to [k, k + intervals)."""
    return value[k:k + args.intervals] if isinstance(value, list) else value


def window(k, energies):
    w = copy.deepcopy(long)
    start, end = start0 + k * step, start0 + (k + args.intervals) * step
    w["windowId"] = f"{long['windowId']}-w{k:03d}"
    w["start"], w["intervals"] = text(start), args.intervals
    for prices in [w["prices"]] + [s["prices"] for s in w["sites"] if s.get("prices")]:
        for key in list(prices):
            prices[key] = cut(prices[key], k)
    for site in w["sites"]:
        for key in ("baseLoadKw", "pvKw", "importLimitKw", "exportLimitKw"):
            if key in site:
                site[key] = cut(site[key], k)
    for feeder in w["feeders"]:
        for key in ("importLimitKw", "exportLimitKw"):
            if key in feeder:
                feeder[key] = cut(feeder[key], k)
    w["sessions"] = [s for s in w["sessions"] if parse(s["departure"]) > start and parse(s["arrival"]) < end]
    for s in w["sessions"]:
        s["initialKwh"] = energies.get(s["id"], s["initialKwh"])
    return w


os.makedirs(args.out_dir, exist_ok=True)
chargers = {c["id"]: c for c in long["chargers"]}
hours = long["intervalMinutes"] / 60
energies, counts = {}, []
for k in range(args.windows):
    w = window(k, energies)
    counts.append(len(w["sessions"]))
    path = os.path.join(args.out_dir, f"window-{k:03d}.json")
    with open(path, "w") as f:
        json.dump(w, f, separators=(",", ":"))
    run = subprocess.run([args.binary, "dispatch", "--problem", path, "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"make_rolling_windows: window {k} failed: {run.stderr.strip()}")
    result = json.loads(run.stdout)
    batteries = {s["id"]: s for s in w["sessions"]}
    energies = {s["id"]: s["initialKwh"] for s in w["sessions"]}
    for plan in result["sessions"]:
        s, c = batteries[plan["id"]], chargers[plan["chargerId"]]
        e = s["initialKwh"] + hours * (c["chargeEfficiency"] * plan["chargeKw"][0] - plan["dischargeKw"][0] / c["dischargeEfficiency"])
        energies[plan["id"]] = round(min(max(0.0, e), s["batteryKwh"]), 6)
print(f"{args.windows} windows of {args.intervals} intervals; sessions per window min {min(counts)}, "
      f"mean {sum(counts) / len(counts):.1f}, max {max(counts)}")
