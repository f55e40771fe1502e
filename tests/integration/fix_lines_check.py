#!/usr/bin/python3
"""The generic half of tests/integration/fix_lines.sh: every `fix:` line names
commands and options that exist.

usage: fix_lines_check.py FIXES.tsv HTTPS_CLIENT HTTPS_SERVER HTTPS_PKI SOURCE_DIR

FIXES.tsv has one line per fix seen: case, program (client, server, pki, or a
script's name), pki subcommand (or -), the fix text. For each fix line:
  - it is cut into clauses (at ; , ( ) and " or "); in a clause, an option
    (--name) belongs to the last command named before it in that clause
    (https_client, https_server, https_pki SUB, openssl SUB, curl, ...), or,
    when none is named, to the program that printed the line;
  - an option of one of our programs must appear in that program's --help
    (for https_pki, its subcommand's --help), and https_pki SUB must be a
    subcommand;
  - a standard tool named must be installed; an `openssl SUB` must exist and
    its single-dash options must appear in `openssl SUB -help`;
  - a script or file of ours named (scripts/..., ./start_https_server.sh,
    pki/example-config.yaml) must exist in the source tree.
Prints one line per failure and the counts; exits 1 if any fix line is false.
"""
import os
import re
import shutil
import subprocess
import sys

TOOLS = {"openssl", "curl", "ss", "chmod", "chown", "date", "ip", "kill", "certbot", "apt-get",
         "dpkg-reconfigure", "usermod", "base64", "tshark", "dumpcap", "sudo"}
DIGESTS = {"sha1", "sha224", "sha256", "sha384", "sha512", "sha3-256", "md5"}
OURS = {"https_client": "client", "https_server": "server", "https_pki": "pki"}


def run_help(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    return p.stdout + p.stderr


def main():
    tsv, client, server, pki, src = sys.argv[1:6]
    bins = {"client": client, "server": server, "pki": pki}
    helps = {}

    def help_of(prog, sub):
        key = (prog, sub)
        if key not in helps:
            argv = [bins[prog]] + ([sub] if prog == "pki" and sub not in ("-", "") else []) + ["--help"]
            helps[key] = run_help(argv)
        return helps[key]

    pki_top = run_help([pki, "--help"])
    pki_subs = set(re.findall(r"^  ([a-z]+) {2,}", pki_top, re.M))
    openssl_help = {}
    checked = 0
    false = []
    lines = 0
    with open(tsv, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t", 3) for l in f if l.strip()]
    seen = set()
    for case, prog, sub, fix in rows:
        if (prog, sub, fix) in seen:
            continue
        seen.add((prog, sub, fix))
        lines += 1
        problems = []
        for clause in re.split(r"[;,()]| or ", fix):
            words = clause.split()
            owner = (prog, sub) if prog in bins else None
            i = 0
            while i < len(words):
                w = words[i].strip("'\"`:")
                base = os.path.basename(w)
                if base in OURS:
                    owner = (OURS[base], "-")
                    if base == "https_pki" and i + 1 < len(words) and re.match(r"^[a-z]+$", words[i + 1]):
                        s = words[i + 1]
                        if s not in pki_subs:
                            problems.append(f"'https_pki {s}': no such subcommand")
                        owner = ("pki", s)
                        i += 1
                elif w in TOOLS:
                    if shutil.which(w) is None:
                        problems.append(f"'{w}' is not installed")
                    owner = ("tool", w)
                    if w == "openssl" and i + 1 < len(words) and re.match(r"^[a-z_0-9]+$", words[i + 1]):
                        s = words[i + 1]
                        if s not in openssl_help:
                            p = subprocess.run(["openssl", s, "-help"], capture_output=True, text=True)
                            openssl_help[s] = p.stdout + p.stderr if "Invalid command" not in p.stderr else None
                        if openssl_help[s] is None:
                            problems.append(f"'openssl {s}': no such command")
                        owner = ("openssl", s)
                        i += 1
                elif re.match(r"^(\./)?(scripts/[\w.-]+\.sh|start_https_server\.sh|pki/[\w.-]+\.yaml)$", w):
                    if not os.path.exists(os.path.join(src, w)):
                        problems.append(f"'{w}' does not exist in the source tree")
                    checked += 1
                elif re.match(r"^--[a-z][a-z0-9.-]*", w):
                    opt = re.match(r"^--[a-z][a-z0-9.-]*[a-z0-9]", w).group(0)
                    if owner is not None and owner[0] in bins:
                        h = help_of(*owner)
                        checked += 1
                        if not re.search(r"(^|[\s,])" + re.escape(opt) + r"([\s=,]|$)", h, re.M):
                            who = "https_" + owner[0] + ("" if owner[1] in ("-", "") else " " + owner[1])
                            problems.append(f"'{opt}' is not an option of {who}")
                elif re.match(r"^-[a-z]", w) and owner is not None and owner[0] == "openssl":
                    opt = re.match(r"^-[a-z0-9_]+", w).group(0)
                    checked += 1
                    h = openssl_help.get(owner[1])
                    # "openssl dgst -help" lists "-*  Any supported digest" for -sha256 and kin.
                    if h and re.search(r"^\s*-\*\s", h, re.M) and opt[1:] in DIGESTS:
                        pass
                    elif h and not re.search(
                            r"(^|\s)" + re.escape(opt) + r"(\s|$)", openssl_help[owner[1]], re.M):
                        problems.append(f"'{opt}' is not an option of openssl {owner[1]}")
                i += 1
        for p in problems:
            false.append(f"{case} ({prog}{'' if sub == '-' else ' ' + sub}): fix: {fix}\n    -> {p}")
    for f in false:
        print("FALSE FIX:", f)
    print(f"fix_lines_check: {lines} distinct fix lines, {checked} commands/options checked, "
          f"{len(false)} false")
    floor = int(os.environ.get("FIX_LINES_FLOOR", "0"))
    if lines < floor:
        print(f"fix_lines_check: only {lines} distinct fix lines, fewer than the floor {floor}")
        return 1
    return 1 if false else 0


if __name__ == "__main__":
    sys.exit(main())
