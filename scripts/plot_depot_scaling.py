#!/usr/bin/env python3
"""Draws docs/images/depot-scaling.svg: solve time against sessions on one depot feeder, for the
engine (cold, and warm-started on the next window) and HiGHS on the same LPs (issue 15).

Reads the `bench dispatch` tables that scripts/bench-dispatch.sh wrote into docs/PERFORMANCE.md,
by their section keys (the arguments the bench ran with):

    python3 scripts/plot_depot_scaling.py --cold "KEY" [--cold "KEY"…] --warm "KEY" [--warm "KEY"…]
        [--greedy "KEY"…] [--out FILE]

(`--greedy`: cold with the greedy start alone, `bench dispatch --no-coarse-start`, for comparison.)

A depot size found in several sections is taken from the first key that has it.

A case past the time limit ("> 300000") is drawn as an open marker at the limit.
"""
import argparse, re

import matplotlib

matplotlib.use("svg")
matplotlib.rcParams["svg.hashsalt"] = "chargeshare"  # the same figures give the same file
import matplotlib.pyplot as plt

parser = argparse.ArgumentParser()
parser.add_argument("--cold", required=True, action="append", help="section key; may be repeated")
parser.add_argument("--warm", required=True, action="append", help="section key; may be repeated")
parser.add_argument("--greedy", action="append", default=[], help="section key of a --no-coarse-start run; may be repeated")
parser.add_argument("--doc", default="docs/PERFORMANCE.md")
parser.add_argument("--out", default="docs/images/depot-scaling.svg")
args = parser.parse_args()
text = open(args.doc).read()


def rows(keys):
    found = {}
    for key in keys:
        for n, engine, highs in section_rows(key):
            found.setdefault(n, (n, engine, highs))
    return sorted(found.values())


def section_rows(key):
    start = text.index(f"<!-- bench dispatch: {key} -->")
    section = text[start : text.index("<!-- /bench -->", start)]
    found = []
    for line in section.splitlines():
        m = re.match(r"\| depot × (\d+) sessions[^|]*\|(.*)\|\s*$", line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split("|")]
        # rows, columns, nonzeros, parse, build, solve, serialise, end-to-end, RSS, HiGHS, ratio
        engine, highs = cells[7], cells[9]
        if engine in ("–", "-") or highs in ("–", "-"):
            continue  # not measured (no HiGHS run, or the first window ran past the limit)
        found.append((int(m.group(1)), engine, float(highs)))
    return found


def series(points):
    done = [(n, float(e) / 1000) for n, e, _ in points if not e.startswith(">")]
    over = [(n, float(e[1:]) / 1000) for n, e, _ in points if e.startswith(">")]
    return done, over


cold, warm, greedy = rows(args.cold), rows(args.warm), rows(args.greedy)
fig, ax = plt.subplots(figsize=(7, 4.5))
engine = [(cold, "engine, cold (coarse start, GLPK primal simplex)", "o-"), (warm, "engine, next window warm-started", "s-")]
if greedy:
    engine.append((greedy, "engine, cold, greedy start only", "x-."))
for points, label, style in engine:
    done, over = series(points)
    line = ax.plot([n for n, _ in done], [s for _, s in done], style, label=label)[0]
    if over:
        ax.plot([n for n, _ in over], [s for _, s in over], style[0], mfc="none", color=line.get_color(), label=label.split(",")[0] + ": past the time limit")
for points, label, style in [(cold, "HiGHS 1.16, the same window", "^--"), (warm, "HiGHS 1.16, the next window", "v:")]:
    ax.plot([n for n, _, _ in points], [h / 1000 for _, _, h in points], style, label=label)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("sessions on one depot feeder (96 × 15 min, a third V2G, demand charge)")
ax.set_ylabel("seconds (engine end to end; HiGHS solve only)")
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8)
ax.set_title("Depot scale: solve time against sessions (issue 15)")
fig.tight_layout()
fig.savefig(args.out, metadata={"Date": None})
print(args.out)
