#!/usr/bin/env python3
"""The "where is it" table of docs/architecture.md stays true (ctest style.where).

  where.py SOURCE_DIR

Every row names files and functions as `dir/file.c`: `function`, ...; each
file must exist and define each function named after it (a definition starts
a line: `name(`, the project's style), or, in a header, each macro. A reader who follows the table must
land on the code, not on a name that moved. Exits 0, or 1 naming each stale
entry.
"""
import os
import re
import sys

ENTRY = re.compile(r"`((?:client|server|pki|policy|common|examples)/[\w/.]+\.[ch])`"
                   r"((?::\s*`\w+`(?:\s*\([^)]*\))?(?:,\s*`\w+`(?:\s*\([^)]*\))?)*)?)")
NAME = re.compile(r"`(\w+)`")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    with open(os.path.join(src, "docs/architecture.md"), encoding="utf-8") as f:
        doc = f.read()
    start = doc.find("| behaviour | file: function |")
    if start < 0:
        sys.exit("where: docs/architecture.md has no \"where is it\" table")
    table = doc[start:doc.find("\n\n", start)]
    problems, files, funcs = [], 0, 0
    for line in table.splitlines()[2:]:
        for m in ENTRY.finditer(line):
            path = m.group(1)
            files += 1
            full = os.path.join(src, path)
            if not os.path.isfile(full):
                problems.append(f"{path}: no such file")
                continue
            with open(full, encoding="utf-8") as f:
                code = f.read()
            # Only the names right after "file:", not those in parentheses.
            listed = re.sub(r"\([^)]*\)", "", m.group(2) or "")
            for name in NAME.findall(listed):
                funcs += 1
                pattern = r"^(%s\(|#\s*define\s+%s\b)" % (re.escape(name), re.escape(name))
                if not re.search(pattern, code, re.M):
                    problems.append(f"{path}: defines no function or macro {name}")
    # The table must be read, not skipped: it names dozens of places.
    if files < 30 or funcs < 40:
        problems.append(f"only {files} files and {funcs} functions found: is the table's form changed?")
    for p in problems:
        print("where: " + p)
    print(f"where: {files} files, {funcs} functions checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
