#!/usr/bin/env python3
"""Replace the text between START and END markers in FILE with the text on standard input,
markers included; append the section (after an optional HEADING) when the markers are missing.

Usage: replace_section.py FILE START END [HEADING] < section
Used by the bench scripts to keep their tables in docs/PERFORMANCE.md current.
"""
import sys


def main() -> None:
    path, start, end = sys.argv[1:4]
    heading = sys.argv[4] if len(sys.argv) > 4 else ""
    section = "\n".join([start, sys.stdin.read().rstrip("\n"), end])
    text = open(path).read()
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + (heading + "\n\n" if heading else "") + section + "\n"
    open(path, "w").write(text)


if __name__ == "__main__":
    main()
