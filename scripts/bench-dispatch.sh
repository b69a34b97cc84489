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
key=${*:-defaults}
{
  echo "Measured $(date +%F) with \`scripts/bench-dispatch.sh $*\`, i.e."
  echo "\`$command\`:"
  echo
  echo "$table"
} | python3 scripts/replace_section.py docs/PERFORMANCE.md "<!-- bench dispatch: $key -->" "<!-- /bench -->"
