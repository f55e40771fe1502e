#!/usr/bin/env python3
"""The table of cases in docs/badssl.md, made from the manifest of `https_pki badssl`.

usage: badssl_table.py MANIFEST DOC [--write]

Each row says what the verifiers really do with that case: the verdict and
exit code (the manifest's, which integration.pki_badssl and
integration.pki_badssl_client check against both verifiers; the one case
wolfSSL refuses, $BADSSL_WOLFSSL_REFUSES, says so), the --strict code where
the policy is stricter than Chromium, and Chromium's measured verdict. Without --write, exits 1 naming every row of DOC that differs (a
stale sentence); with --write, rewrites the table in DOC.
"""
import os
import sys

HEAD = ["| case | host | rule | verdict | exit | `--strict` | Chromium | what it teaches |\n",
        "|---|---|---|---|---|---|---|---|\n"]


def rows(manifest):
    out = []
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, host, expect, rule, code, chromium, lenient, _, _, note = \
                line.rstrip("\n").split("\t")
            strict, why = code, ""
            if lenient != "-":
                strict, _, why = lenient[len("--strict exits "):].partition(": ")
            verdict = expect + (" (warning)" if lenient != "-" else "")
            if name == os.environ.get("BADSSL_WOLFSSL_REFUSES"):
                code += " (https_client: 10, see below)"
            text = note + (". *Chromium: %s.*" % why.rstrip(".") if why else "")
            out.append("| `%s` | `%s` | `%s` | %s | %s | %s | %s | %s |\n" % (
                name, host, rule, verdict, code, strict, chromium.replace("net::", ""), text))
    return out


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    manifest, doc = sys.argv[1], sys.argv[2]
    want = rows(manifest)
    with open(doc, encoding="utf-8") as f:
        lines = f.readlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("| case | host |")), None)
    if start is None:
        print("badssl_table: no table of cases in %s" % doc, file=sys.stderr)
        return 1
    end = start + 2
    while end < len(lines) and lines[end].startswith("| `"):
        end += 1
    have = lines[start:end]
    if len(sys.argv) == 4 and sys.argv[3] == "--write":
        lines[start:end] = HEAD + want
        with open(doc, "w", encoding="utf-8") as f:
            f.writelines(lines)
        return 0
    bad = [w for w in HEAD + want if w not in have] + [h for h in have if h not in HEAD + want]
    for b in bad:
        print("badssl_table: differs: " + b.rstrip(), file=sys.stderr)
    print("badssl_table: %d cases, %d rows differ" % (len(want), len(bad)))
    return 1 if bad or len(want) < 60 else 0


if __name__ == "__main__":
    sys.exit(main())
