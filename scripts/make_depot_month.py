#!/usr/bin/env python3
"""Writes a synthetic month of a fleet depot as ACN-format sessions, for the depot-month backtest
(docs/PERFORMANCE.md, "Depot month"; issue 15).

Vans (one 11 kW station each) come back in the evening and leave in the morning; a van misses a
night with probability 0.1 on weekdays and 0.5 at weekends. Arrival 16:00-20:00 UTC, departure
05:30-08:00 UTC the next day, energy 15-45 kWh (at most what 11 kW delivers in the stay), the
driver's estimated departure within 30 minutes of the real one. Deterministic for a seed.

    python3 scripts/make_depot_month.py --vans 1000 --start 2024-03-01 --days 30 --seed 1 > depot.csv
"""
import argparse, datetime as dt, random, sys

parser = argparse.ArgumentParser()
parser.add_argument("--vans", type=int, default=1000)
parser.add_argument("--start", default="2024-03-01")
parser.add_argument("--days", type=int, default=30)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--charger-kw", type=float, default=11.0)
args = parser.parse_args()

rng = random.Random(args.seed)
first = dt.datetime.fromisoformat(args.start).replace(tzinfo=dt.timezone.utc)
out = sys.stdout
out.write("arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,session_id,estimated_departure,claimed\n")
fmt = lambda t: t.strftime("%Y-%m-%d %H:%M:%S+00:00")
for day in range(args.days):
    evening = first + dt.timedelta(days=day)
    weekend = evening.weekday() >= 5
    for van in range(args.vans):
        if rng.random() < (0.5 if weekend else 0.1):
            continue
        arrival = evening + dt.timedelta(hours=16, seconds=rng.randrange(0, 4 * 3600))
        departure = evening + dt.timedelta(days=1, hours=5, minutes=30, seconds=rng.randrange(0, 150 * 60))
        stay = (departure - arrival).total_seconds() / 3600
        energy = round(min(rng.uniform(15, 45), 0.9 * args.charger_kw * stay), 3)
        estimate = departure + dt.timedelta(seconds=rng.randrange(-1800, 1801))
        out.write(f"{fmt(arrival)},{fmt(departure)},{energy},{energy},D-{van:04d},depot-{day:02d}-{van:04d},{fmt(estimate)},True\n")
