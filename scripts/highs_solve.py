#!/usr/bin/env python3
"""Times HiGHS solving every MPS file in a directory one after another (reading not timed).

Prints the median over --repeat runs of the summed solve time, in milliseconds.
Used by `chargeshare bench dispatch --highs scripts/highs_solve.py`.
"""
import os, statistics, sys, time

import highspy

directory = sys.argv[1]
repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
files = sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith(".mps"))
totals = []
for _ in range(repeat):
    total = 0.0
    for path in files:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.readModel(path)
        started = time.perf_counter()
        h.run()
        total += time.perf_counter() - started
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, path
    totals.append(total * 1000)
print()  # highspy 1.16 prints a banner without a newline; the figure is the last line
print(statistics.median(totals))
