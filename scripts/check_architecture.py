#!/usr/bin/env python3
"""Checks that Package.swift's module graph is the one docs/architecture.md allows.

Usage: scripts/check_architecture.py   (from the repository root; needs `swift package dump-package`)

- Every non-test target's dependencies equal the row of the "Dependency arrows" table in
  docs/architecture.md (no more, no fewer), and every target has a row.
- Every library target but the C shims and TestSupport has a test target (the table's third column).
- Only LinearProgramming imports CGLPK, only MQTT imports CMosquitto and only Store imports GRDB (import lines in Sources/).
Prints one line per problem and exits 1, or "architecture: N targets match docs/architecture.md".
"""
import json
import pathlib
import re
import subprocess
import sys


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)
    actual, tests = {}, set()
    for target in package["targets"]:
        deps = {next(iter(d.values()))[0] for d in target.get("dependencies", [])}
        if target["type"] == "test":
            tests.add(target["name"])
        else:
            actual[target["name"]] = deps
    doc = (root / "docs/architecture.md").read_text()
    section = doc.split("## Dependency arrows", 1)[1].split("\n## ", 1)[0]
    allowed, tested_by = {}, {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|([^|]*)\|([^|]*)\|", line)
        if not m:
            continue
        allowed[m.group(1)] = {d.strip(" `") for d in m.group(2).split(",") if d.strip(" `—-")}
        tested_by[m.group(1)] = m.group(3).strip(" `")
    problems = []
    for name in sorted(set(actual) | set(allowed)):
        if name not in allowed:
            problems.append(f"{name}: in Package.swift but not in docs/architecture.md")
        elif name not in actual:
            problems.append(f"{name}: in docs/architecture.md but not in Package.swift")
        elif actual[name] != allowed[name]:
            extra, missing = actual[name] - allowed[name], allowed[name] - actual[name]
            problems.append(f"{name}: Package.swift has {sorted(extra)} not allowed, lacks {sorted(missing)}")
        else:
            test = tested_by[name]
            if test not in ("", "—", "-") and test not in tests:
                problems.append(f"{name}: its test target {test} is not in Package.swift")
    for name, test in tested_by.items():
        if test in ("", "—", "-") and name in actual and not name.startswith("C") and name not in ("TestSupport", "chargeshare"):
            problems.append(f"{name}: no test target")
    for swift in (root / "Sources").rglob("*.swift"):
        module = swift.relative_to(root / "Sources").parts[0]
        for imported, owner in (("CGLPK", "LinearProgramming"), ("CMosquitto", "MQTT"), ("GRDB", "Store")):
            if module != owner and re.search(rf"^\s*((@\w+|public|internal|package|private|fileprivate)\s+)*import\s+(\w+\s+)?{imported}\b", swift.read_text(), re.M):
                problems.append(f"{swift.relative_to(root)}: imports {imported}; only {owner} may")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"architecture: {len(actual)} targets match docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
