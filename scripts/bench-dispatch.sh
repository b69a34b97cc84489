#!/usr/bin/env bash
# Dispatch benchmark with HiGHS alongside, release build. Prints the table and writes it into
# docs/PERFORMANCE.md, in a section keyed by the arguments (replaced on each run), with the date
# and the exact command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
python3 -c "import highspy" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check highspy
swift build -c release --product chargeshare
command=".build/release/chargeshare bench dispatch --highs scripts/highs_solve.py $*"
table=$($command)
echo "$table"
BENCH_KEY="$*" BENCH_COMMAND="$command" BENCH_TABLE="$table" python3 - <<'PY'
import datetime, os
path = "docs/PERFORMANCE.md"
key = os.environ["BENCH_KEY"] or "defaults"
start, end = f"<!-- bench dispatch: {key} -->", "<!-- /bench -->"
section = "\n".join([
    start,
    f"Measured {datetime.date.today().isoformat()} with `scripts/bench-dispatch.sh {os.environ['BENCH_KEY']}`, i.e.",
    f"`{os.environ['BENCH_COMMAND']}`:", "", os.environ["BENCH_TABLE"], end,
])
text = open(path).read()
if start in text:
    before, rest = text.split(start, 1)
    text = before + section + rest.split(end, 1)[1]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
