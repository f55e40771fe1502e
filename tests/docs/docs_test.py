#!/usr/bin/env python3
"""The docs test: every shell command in README.md and docs/*.md runs, in
order, and where a page shows output, the real output matches it.

How a page is read:
  ```sh / ```bash   commands; run in order in one bash per page (so `cd` and
                    variables carry over), with `set -e`: every command must
                    succeed.
  ```console        "$ command" lines, each followed by the output it prints
                    (stdout and stderr). Each shown line must appear in the
                    real output, in order; "..." inside a line matches any
                    text, a line of just "..." stands for lines left out. A
                    command here may fail: show its status with "$ echo $?".
  ```text, ```yaml, ...  not run (usage synopses, file contents, logs).
  ``` (no language) refused: say what the block is.

Markers, an HTML comment on the line before a block (used sparingly):
  <!-- docs-test: background -->     the block starts a server: it runs in
      the background until the page ends (stopped by its PID); the next block
      waits until its output says "listening on".
  <!-- docs-test: skip REASON -->     the block is not run; REASON is required.
  <!-- docs-test: file PATH -->       the block (yaml, text...) is written to
      PATH first, so later commands can use it as shown.
README.md's two top-level install-and-run commands (./start_https_server.sh,
./scripts/test.sh) are never run: they install packages and build trees.

Each page runs in a fresh copy of the source tree whose build/ is the build
tree under test, with HOME in the copy (a browser trust store stays there).
Ports the pages name (8080, 8443, the ACME demo's 5002, 14000, 15000) are
mapped to this test's own ports, in commands and in shown output alike, and
scripts/acme_demo.sh is given the mapped ones through its ACME_DEMO_*_PORT
variables.

  docs_test.py SOURCE_DIR BUILD_DIR WORK_DIR PORT_BASE [PAGE...]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

TOP_LEVEL_SKIPS = {"./start_https_server.sh", "./scripts/test.sh"}
RUN_LANGS = {"sh", "bash", "console"}
MARKER = re.compile(r"<!--\s*docs-test:\s*(background|skip|file)\b\s*(.*?)\s*-->")
# The ports the pages name: the demo's, the ACME demo's (pebble, its validator).
PORT = re.compile(r"(?<![0-9A-Za-z.])(80[0-9][0-9]|8443|5002|14000|15000|18[0-9]{3})(?![0-9A-Za-z])")
# scripts/acme_demo.sh takes its ports from these (docs/acme.md), with these defaults.
ACME_ENV = {"ACME_DEMO_HTTPS_PORT": "8443", "ACME_DEMO_HTTP_PORT": "5002",
            "ACME_DEMO_PEBBLE_PORT": "14000", "ACME_DEMO_PEBBLE_MGMT_PORT": "15000"}
PAGE_TIMEOUT = 300


class Block:
    def __init__(self, page, line, lang, text, marker, arg):
        self.page, self.line, self.lang, self.text = page, line, lang, text
        self.marker, self.arg = marker, arg

    def where(self):
        return "%s:%d" % (self.page, self.line)


def read_blocks(path, rel):
    """The fenced blocks of a page, with the marker before each."""
    blocks, errors = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i, marker, arg = 0, None, ""
    while i < len(lines):
        m = MARKER.search(lines[i])
        if m:
            marker, arg = m.group(1), m.group(2)
            i += 1
            continue
        fence = re.match(r"^(\s*)(```+)\s*([A-Za-z0-9_+-]*)", lines[i])
        if not fence:
            if lines[i].strip():
                marker, arg = None, ""
            i += 1
            continue
        start, lang, ticks = i + 1, fence.group(3), fence.group(2)
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(ticks):
            body.append(lines[i][len(fence.group(1)):])
            i += 1
        i += 1
        if lang == "":
            errors.append("%s:%d: a code block without a language: say sh, console, text..."
                          % (rel, start))
        if marker == "skip" and not arg:
            errors.append("%s:%d: docs-test: skip needs a reason" % (rel, start))
        blocks.append(Block(rel, start, lang, "\n".join(body), marker, arg))
        marker, arg = None, ""
    return blocks, errors


def port_map(pages, base):
    """Every port number the pages name, mapped to one of ours."""
    ports = list(ACME_ENV.values())
    for _, blocks in pages:
        for b in blocks:
            for p in PORT.findall(b.text):
                if p not in ports:
                    ports.append(p)
    return {p: str(base + n) for n, p in enumerate(ports)}


def remap(text, ports):
    return PORT.sub(lambda m: ports.get(m.group(1), m.group(1)), text)


def console_steps(text):
    """[(command, [shown lines])] from a console block."""
    steps = []
    for line in text.split("\n"):
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    for _, shown in steps:
        while shown and not shown[-1].strip():
            shown.pop()
    return steps


def matches(shown, real):
    """Each shown line appears in real, in order ("..." is a wildcard)."""
    real_lines = real.split("\n")
    pos = 0
    for want in shown:
        if want.strip() == "...":
            continue
        pattern = "^" + ".*".join(re.escape(p) for p in want.rstrip().split("...")) + r"\s*$"
        while pos < len(real_lines) and not re.match(pattern, real_lines[pos]):
            pos += 1
        if pos == len(real_lines):
            return want
        pos += 1
    return None


def copy_tree(src, dst, build):
    files = subprocess.run(["git", "-C", src, "ls-files", "-z"], capture_output=True)
    names = [n for n in files.stdout.decode().split("\0") if n] if files.returncode == 0 else []
    if not names:
        raise SystemExit("docs: cannot list the source files (git ls-files)")
    for name in names:
        s, d = os.path.join(src, name), os.path.join(dst, name)
        if not os.path.isfile(s):
            continue
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(s, d)
    # build/ holds the built programs (links into the build tree under test);
    # what a page writes under build/ (build/acme-demo) stays in the copy.
    os.makedirs(os.path.join(dst, "build"))
    for name in os.listdir(build):
        if name not in ("tests", "acme-demo", "Testing"):
            os.symlink(os.path.join(build, name), os.path.join(dst, "build", name))
    os.makedirs(os.path.join(dst, ".home"), exist_ok=True)


def script_for(blocks, ports, out):
    """One bash script per page: blocks run in the page's shell (state carries
    over); step N's output goes to out/N; out/markers says how far it got."""
    m = "%s/markers" % out
    lines = ["set -u", "__rc=0", "__pids=()",
             "__stop() { local p; for p in \"${__pids[@]}\"; do kill -TERM \"$p\" 2>/dev/null; done;"
             " for p in \"${__pids[@]}\"; do for _ in $(seq 50); do kill -0 \"$p\" 2>/dev/null || break;"
             " sleep 0.1; done; kill -KILL \"$p\" 2>/dev/null; done; }",
             "trap __stop EXIT", "exec 3>&1 4>&2"]
    steps = []

    def step(b, cmd, shown):
        steps.append((b, cmd, shown))
        n = len(steps) - 1
        lines.append("echo 'step %d' >>%s" % (n, m))
        return n

    for b in blocks:
        if b.marker == "skip" or (b.lang not in RUN_LANGS and b.marker != "file"):
            continue
        text = remap(b.text, ports)
        if b.marker == "file":
            n = step(b, "file " + b.arg, None)
            lines.append("mkdir -p \"$(dirname '%s')\"; cat >'%s' <<'__DOCS_EOF__'\n%s\n__DOCS_EOF__"
                         % (b.arg, b.arg, text))
            lines.append("echo 'ok %d' >>%s" % (n, m))
            continue
        if b.lang == "console":
            for cmd, shown in console_steps(text):
                n = step(b, cmd, shown)
                lines.append("(exit $__rc); { %s\n} >%s/%d 2>&1 </dev/null\n__rc=$?" % (cmd, out, n))
                lines.append("echo 'ok %d' >>%s" % (n, m))
            continue
        body = "\n".join(l for l in text.split("\n") if l.strip() not in TOP_LEVEL_SKIPS)
        if all(l.strip().startswith("#") or not l.strip() for l in body.split("\n")):
            continue
        n = step(b, body, None)
        if b.marker == "background":
            lines.append("( %s ) >%s/%d 2>&1 </dev/null &\n__pids+=($!)" % (body, out, n))
            lines.append("for _ in $(seq 300); do grep -q 'listening on' %s/%d && break;"
                         " kill -0 ${__pids[-1]} 2>/dev/null || break; sleep 0.1; done" % (out, n))
            lines.append("grep -q 'listening on' %s/%d || exit 1" % (out, n))
        else:
            # In the page's own shell, so cd and variables carry over; set -e
            # ends the page at the first failing command.
            lines.append("exec >%s/%d 2>&1 </dev/null\nset -e\n%s\nset +e\nexec >&3 2>&4"
                         % (out, n, body))
        lines.append("echo 'ok %d' >>%s" % (n, m))
    lines.append("echo done >>%s" % m)
    return "\n".join(lines) + "\n", steps


def run_page(src, build, work, rel, blocks, ports):
    tree = os.path.join(work, re.sub(r"[^A-Za-z0-9]", "_", rel))
    out = os.path.join(tree, ".docs-out")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    copy_tree(src, tree, build)
    os.makedirs(out)
    script, steps = script_for(blocks, ports, out)
    with open(os.path.join(out, "page.sh"), "w") as f:
        f.write(script)
    env = dict(os.environ, HOME=os.path.join(tree, ".home"), NO_COLOR="1", LC_ALL="C.UTF-8")
    env.update({k: ports[v] for k, v in ACME_ENV.items()})
    env.pop("SSLKEYLOGFILE", None)
    proc = subprocess.Popen(["bash", os.path.join(out, "page.sh")], cwd=tree, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=PAGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        err += b"\n::timeout"
    err = err.decode(errors="replace")
    marks = open(os.path.join(out, "markers")).read().split("\n") \
        if os.path.exists(os.path.join(out, "markers")) else []
    failures, ran = [], 0
    for n, (b, cmd, shown) in enumerate(steps):
        path = os.path.join(out, str(n))
        real = open(path, errors="replace").read() if os.path.exists(path) else ""
        if "step %d" % n not in marks:
            break
        if "ok %d" % n not in marks:
            failures.append("%s: this block failed:\n%s\n--- its output:\n%s"
                            % (b.where(), indent(cmd), indent(real[-3000:])))
            break
        ran += 1
        if shown:
            missing = matches(shown, real)
            if missing is not None:
                failures.append("%s: `%s` did not print the line the page shows:\n    %s\n"
                                "--- it printed:\n%s" % (b.where(), cmd, missing,
                                                         indent(real[-3000:])))
    if "done" not in marks and not failures:
        failures.append("%s: the page stopped early:\n%s" % (rel, indent(err[-2000:])))
    return ran, len(steps), failures


def indent(s):
    return "\n".join("    " + l for l in s.rstrip().split("\n"))


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    src, build, work, base = sys.argv[1:5]
    only = sys.argv[5:]
    pages = []
    names = ["README.md"] + sorted("docs/" + n for n in os.listdir(os.path.join(src, "docs"))
                                   if n.endswith(".md"))
    errors = []
    for rel in names:
        blocks, errs = read_blocks(os.path.join(src, rel), rel)
        errors += errs
        pages.append((rel, blocks))
    ports = port_map(pages, int(base))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    total_fail = len(errors)
    for e in errors:
        print("FAIL: " + e)
    for rel, blocks in pages:
        if only and rel not in only:
            continue
        t0 = time.time()
        ran, steps, failures = run_page(src, build, work, rel, blocks, ports)
        skipped = [b for b in blocks if b.marker == "skip"]
        for b in skipped:
            print("skip: %s: %s" % (b.where(), b.arg))
        for f in failures:
            print("FAIL: " + f)
        print("%s: %d of %d steps ran, %d failed (%.1f s)"
              % (rel, ran, steps, len(failures), time.time() - t0))
        total_fail += len(failures)
    print("docs: %d failures" % total_fail)
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
