#!/usr/bin/env python3
"""Execute every notebook in Notebooks/ headless against its input directory and check that each
figure the notebook promises exists and is a non-empty PNG.

Usage: scripts/run_notebooks.py BACKTEST_DIR FORECAST_DIR MAINTENANCE_DIR
  BACKTEST_DIR     output of `chargeshare backtest sweep … --out DIR` (backtest_plots.ipynb)
  FORECAST_DIR     `chargeshare forecast predict --json` files SITE-YYYY-MM-DD.json (forecasting.ipynb)
  MAINTENANCE_DIR  risks.csv (`maintenance evaluate --risks`), evaluation.json and model.json (forecasting.ipynb)
"""
import os
import sys

import nbformat
from nbclient import NotebookClient

# notebook -> (its input variables and the arguments that give them, the figures it must write
# into the first one's figures/)
EXPECTED = {
    "backtest_plots.ipynb": ({"BACKTEST_DIR": 1}, ["load_vs_limit.png", "energy_vs_limit.png", "price_vs_power.png", "sessions_served.png"]),
    "forecasting.ipynb": ({"FORECAST_DIR": 2, "MAINTENANCE_DIR": 3}, ["forecast_vs_actual.png", "risk_vs_days_to_failure.png"]),
}


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    failures = 0
    for name, (variables, figures) in EXPECTED.items():
        for variable, argument in variables.items():
            os.environ[variable] = os.path.abspath(sys.argv[argument])
        figure_dir = os.path.join(os.path.abspath(sys.argv[min(variables.values())]), "figures")
        for figure in figures:
            path = os.path.join(figure_dir, figure)
            if os.path.exists(path):
                os.remove(path)
        os.environ["FIGURE_DIR"] = figure_dir
        notebook = nbformat.read(os.path.join(root, "Notebooks", name), as_version=4)
        NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": root}}).execute()
        for figure in figures:
            path = os.path.join(figure_dir, figure)
            with open(path, "rb") if os.path.exists(path) else open(os.devnull, "rb") as f:
                head = f.read(8)
            ok = head == b"\x89PNG\r\n\x1a\n" and os.path.getsize(path) > 5000
            failures += 0 if ok else 1
            print(f"{'ok  ' if ok else 'FAIL'} {name} -> {path}")
    print(f"notebooks: {sum(len(v[1]) for v in EXPECTED.values()) - failures} figures ok, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
