#!/usr/bin/env python3
"""Fetches each case of an `https_pki badssl` set with https_client, without and
with -k, and checks that every report of the checks tells the same truth.

usage: check_lines.py CLIENT SETDIR PORT [CASE...]

For each case (all of the manifest but the IPv6 one, which needs its own
server) and both modes it reads the -v check lines, the --insecure warnings,
the error line, %{ssl_verify_result} and the --report JSON, and asserts:
- each of the five checks (trust, validity, name, usage, policy) has exactly
  one line; the pin, not asked for, has none and its JSON says "not checked";
- the failed checks are the same with and without -k, and the first one is
  the check of the manifest's exit code (none for the controls);
- without -k the exit code is the manifest's and the error line is the first
  failed check's sentence; with -k each failed check is warned about once,
  in the same words, and nothing else is;
- %{ssl_verify_result} is 0 exactly when no check failed, else OpenSSL's
  number for the first failed check, and the same in both modes;
- the JSON's checks say what the lines say (result and detail), and its
  exit_code is the exit status.
Prints one "ok ..." or "FAIL ..." line per assertion; exits 1 on any FAIL.
"""
import json
import os
import re
import subprocess
import sys

CHECKS = ["trust", "validity", "name", "usage", "policy"]
CHECK_OF_EXIT = {12: "trust", 13: "trust", 14: "trust", 15: "validity", 16: "validity",
                 17: "name", 18: "usage", 25: "policy"}
VERIFY_RESULT_OF_EXIT = {12: 20, 13: 18, 14: 20, 15: 10, 16: 9, 17: 62, 18: 26, 25: 1}
STATE_JSON = {"ok": "ok", "FAILED": "failed", "not checked": "not checked"}
LINE = re.compile(r"^\* check (\w+)\s+(ok|FAILED|not checked)\s*: (.*)$")
WARN = re.compile(r"^WARNING: --insecure: check FAILED and was ignored: (.*)$")
ERROR = re.compile(r"^https_client: (.*)$")

failures = 0


def say(good, what):
    global failures
    print(("ok " if good else "FAIL ") + what)
    if not good:
        failures += 1


def fetch(client, setdir, port, name, host, insecure):
    tag = name + ("_k" if insecure else "")
    report = os.path.abspath(tag + ".json")
    args = [client, "-v", "-o", "/dev/null", "--report", report, "-w",
            "%{ssl_verify_result}", "--cacert", os.path.join(setdir, name, "ca.pem"),
            "--connect-timeout", "10", "-m", "20"]
    if insecure:
        args.append("-k")
    url = "https://%s:%s/" % (host, port)
    if not host[0].isdigit():
        args += ["--resolve", "%s:%s:127.0.0.1" % (host, port)]
    p = subprocess.run(args + [url], capture_output=True, text=True, timeout=60)
    with open(tag + ".err", "w") as f:
        f.write(p.stderr)
    lines = [LINE.match(l) for l in p.stderr.splitlines()]
    lines = [(m.group(1), m.group(2), m.group(3)) for m in lines if m]
    warns = [m.group(1) for m in map(WARN.match, p.stderr.splitlines()) if m]
    errors = [m.group(1) for m in map(ERROR.match, p.stderr.splitlines()) if m]
    try:
        with open(report) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        doc = {"error_reading": str(e)}
    return {"rc": p.returncode, "lines": lines, "warns": warns, "errors": errors,
            "vr": p.stdout.strip(), "json": doc, "tag": tag}


def check_one(r):
    t = r["tag"]
    names = [l[0] for l in r["lines"]]
    say(sorted(names) == sorted(CHECKS) and len(names) == len(set(names)),
        "%s: one line for each check (%s)" % (t, " ".join(names)))
    failed = [l for l in r["lines"] if l[1] == "FAILED"]
    checks = r["json"].get("checks", {})
    for n, state, detail in r["lines"]:
        c = checks.get(n, {})
        say(c.get("result") == STATE_JSON[state] and c.get("detail") == detail,
            "%s: JSON %s is '%s' as the line says" % (t, n, c.get("result")))
    say(checks.get("pin", {}).get("result") == "not checked",
        "%s: the pin, not asked for, is 'not checked'" % t)
    say(r["json"].get("exit_code") == r["rc"],
        "%s: JSON exit_code %s is the exit status" % (t, r["json"].get("exit_code")))
    say(not any(l[0] == "pin" for l in r["lines"]), "%s: no pin line" % t)
    return failed


def main():
    client, setdir, port = sys.argv[1:4]
    only = set(sys.argv[4:])
    with open(os.path.join(setdir, "manifest.tsv")) as f:
        rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
    for row in rows:
        name, host, code = row[0], row[1], int(row[4])
        if name == os.environ.get("BADSSL_WOLFSSL_REFUSES"):
            code = 10  # refused by wolfSSL while reading the leaf (tests/integration/lib.sh)
        if ":" in host or (only and name not in only):
            continue
        plain = fetch(client, setdir, port, name, host, False)
        unsafe = fetch(client, setdir, port, name, host, True)
        say(plain["rc"] == code, "%s: exit %d, want %d" % (name, plain["rc"], code))
        f_plain = check_one(plain)
        f_unsafe = check_one(unsafe)
        say([l[0] for l in f_plain] == [l[0] for l in f_unsafe],
            "%s: the same checks fail with and without -k (%s / %s)"
            % (name, [l[0] for l in f_plain], [l[0] for l in f_unsafe]))
        say([l[2] for l in f_plain] == [l[2] for l in f_unsafe],
            "%s: in the same words" % name)
        first = f_plain[0][0] if f_plain else None
        say(first == CHECK_OF_EXIT.get(code),
            "%s: the first failed check is %s, want %s" % (name, first, CHECK_OF_EXIT.get(code)))
        want_vr = str(VERIFY_RESULT_OF_EXIT.get(code, 0))
        say(plain["vr"] == want_vr and unsafe["vr"] == want_vr,
            "%s: ssl_verify_result %s / %s, want %s" % (name, plain["vr"], unsafe["vr"], want_vr))
        if code == 0:
            say(unsafe["rc"] == 0 and not unsafe["warns"] and not plain["errors"],
                "%s: a control: no error, no warning" % name)
            continue
        if name == os.environ.get("BADSSL_WOLFSSL_REFUSES"):
            say(len(plain["errors"]) == 1 and "limit of Debian's wolfSSL" in plain["errors"][0]
                and not f_plain,
                "%s: one error, naming wolfSSL's limit, no failed check" % name)
        else:
            say(len(plain["errors"]) == 1 and f_plain and
                plain["errors"][0].endswith(f_plain[0][2]) and
                plain["errors"][0].startswith(("issuer", "validity", "name", "usage", "policy")),
                "%s: the error is the first failed check's sentence" % name)
        if unsafe["rc"] == 0:
            say(len(unsafe["warns"]) == len(f_unsafe) and
                all(w.endswith(l[2]) for w, l in zip(unsafe["warns"], f_unsafe)),
                "%s: -k warns once about each failed check (%d warnings, %d failed)"
                % (name, len(unsafe["warns"]), len(f_unsafe)))
            say(unsafe["warns"][:1] == plain["errors"][:1],
                "%s: -k's first warning is the error without -k" % name)
        else:
            # wolfSSL refused the chain before our callback: -k cannot go on.
            say(unsafe["rc"] == plain["rc"] and unsafe["errors"] == plain["errors"]
                and not unsafe["warns"],
                "%s: refused before the callback: -k says and exits as without it (%d)"
                % (name, unsafe["rc"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
