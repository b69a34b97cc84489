#!/usr/bin/env python3
"""Checks of issue 3 on a sweep's summary.csv, printed as a Markdown section.

Usage: scripts/backtest_checks.py SWEEP_DIR TITLE

Checks (energy delivered, percentage points):
  1. lp is never below llf, edf or round-robin (by more than TOLERANCE);
  2. lp is within 1 point of offline-optimal at every limit;
  3. no policy but uncontrolled violates the limit.
Exit code 0 when all hold, 1 otherwise (the table is printed either way).
"""
import csv
import sys

# Points of energy delivered treated as equal: lp applies the OCPP profile's power, rounded to
# 0.1 W, so at limits that never bind it can trail a greedy rule by about 1e-6 points.
TOLERANCE = 0.001


def main() -> int:
    directory, title = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open(f"{directory}/summary.csv")))
    limits = sorted({float(r["limit_kw"]) for r in rows})
    policies = list(dict.fromkeys(r["policy"] for r in rows))
    energy = {(float(r["limit_kw"]), r["policy"]): float(r["energy_delivered_pct"]) for r in rows}
    served = {(float(r["limit_kw"]), r["policy"]): float(r["sessions_served_pct"]) for r in rows}
    lines = [f"#### {title}", "", "Energy delivered, % of demand (sessions fully served, %):", "",
             "| limit kW | " + " | ".join(policies) + " | lp − best greedy | offline − lp |",
             "|---:|" + "---:|" * (len(policies) + 2)]
    failures = []
    for limit in limits:
        cells = [f"{energy[(limit, p)]:.2f} ({served[(limit, p)]:.1f})" for p in policies]
        greedy = max(energy[(limit, p)] for p in ("edf", "llf", "round-robin") if (limit, p) in energy)
        lp, offline = energy[(limit, "lp")], energy[(limit, "offline-optimal")]
        lines.append(f"| {limit:g} | " + " | ".join(cells) + f" | {lp - greedy:+.2f} | {offline - lp:.2f} |")
        if lp < greedy - TOLERANCE:
            failures.append(f"lp below a greedy baseline at {limit:g} kW ({lp:.4f} < {greedy:.4f})")
        if offline - lp > 1:
            failures.append(f"lp more than 1 point below offline-optimal at {limit:g} kW ({offline - lp:.2f})")
    for r in rows:
        if r["policy"] != "uncontrolled" and int(r["violations"]) != 0:
            failures.append(f"{r['policy']} violates the limit at {r['limit_kw']} kW ({r['violations']} steps)")
    worst = max(energy[(l, "offline-optimal")] - energy[(l, "lp")] for l in limits)
    lines += ["", f"- lp never below edf, llf, round-robin: {'yes' if not any('greedy' in f for f in failures) else 'NO'}",
              f"- lp within 1 point of offline-optimal at every limit: {'yes' if worst <= 1 else 'NO'} (largest gap {worst:.2f} points)",
              f"- no violations except uncontrolled: {'yes' if not any('violates' in f for f in failures) else 'NO'}"]
    lines += [f"- failed: {f}" for f in failures]
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
