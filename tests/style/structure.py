#!/usr/bin/env python3
"""The shape of the C sources, checked (ctest style.structure).

  structure.py SOURCE_DIR BUILD_DIR TARGET=OBJECTS...

For each module (client, server, server/compat, pki, policy, common):

 (a) every .c file but main.c has a header of the same basename beside it,
     and includes it as its first #include (so the header stands on its own
     and the .c file keeps its contract);
 (b) no call cycles between the files of a module: a file-level graph is
     built from the compiled objects (an edge A -> B when A.o leaves a
     symbol undefined that B.o defines, found with nm) and any cycle fails
     the test, named file by file;
 (c) no symbol interposition: no object of ours defines a global symbol that
     the C library exports (glibc holds libpthread and libdl too: accept,
     read, poll, pthread_create, dlopen, ...). Defining one would steer a
     library through the dynamic linker, out of sight of a reader; the
     server's protections attach to civetweb's options and callbacks and to
     the libssl it loads (our compat library) instead.

Each TARGET=OBJECTS argument names a CMake target and its object files
($<TARGET_OBJECTS:...>, joined with ":"), so stale objects in the build tree
never count. examples/ is left out: each of its files is a whole program.

Exits 0 when all holds, 1 naming every violation.
"""
import os
import re
import subprocess
import sys

MODULES = ["client", "server", "server/compat", "pki", "policy", "common"]

# Files that have no header of their own, and why.
NO_HEADER = {
    # Defines one symbol of OpenSSL's own API (declared in <openssl/ssl.h>)
    # for civetweb's dlopen(); nothing of ours calls it.
    "server/compat/openssl3_shim.c",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def check_headers(src, problems):
    """Rule (a). Returns the number of .c files looked at."""
    seen = 0
    for mod in MODULES:
        d = os.path.join(src, mod)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".c") or name == "main.c":
                continue
            rel = f"{mod}/{name}"
            seen += 1
            if rel in NO_HEADER:
                continue
            header = name[:-2] + ".h"
            if not os.path.isfile(os.path.join(d, header)):
                problems.append(f"{rel}: no {mod}/{header} beside it")
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                includes = INCLUDE.findall(f.read())
            if not includes or includes[0] != header:
                first = includes[0] if includes else "nothing"
                problems.append(f'{rel}: its first #include is {first}, not "{header}"')
    return seen


def nm(obj):
    """(defined, undefined) global symbols of one object file."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(sym)
        elif kind.isupper() or kind in ("u", "v", "w"):
            defined.add(sym)
    return defined, undefined


def find_cycle(graph):
    """One cycle per strongly connected component of more than one node (Tarjan)."""
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = []
    for comp in comps:
        # A shortest way back to the first node of the component, for the message.
        start, members = comp[0], set(comp)
        prev, queue, path = {start: None}, [start], None
        while queue and path is None:
            v = queue.pop(0)
            for w in sorted(graph.get(v, ())):
                if w not in members:
                    continue
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    path.reverse()
                    break
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
        cycles.append((comp, path + [start]))
    return cycles


def self_check():
    """The cycle finder must find a planted cycle and pass a chain."""
    planted = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    if find_cycle(planted) != [(["a", "b", "c"], ["a", "b", "c", "a"])]:
        sys.exit("structure: self-check: the planted cycle a -> b -> c -> a was not found")
    if find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) != []:
        sys.exit("structure: self-check: a chain without cycles was reported as one")


def libc_exports():
    """Global symbols the C library this interpreter runs on exports (its path from /proc)."""
    path = None
    with open("/proc/self/maps", encoding="utf-8") as f:
        for line in f:
            if re.search(r"/libc\.so\.6$", line.strip()):
                path = line.split()[-1]
                break
    if path is None:
        sys.exit("structure: cannot find libc.so.6 in /proc/self/maps")
    out = subprocess.run(["nm", "-D", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWiV":
            names.add(parts[2].split("@")[0])
    return names


def interposed(defined, libc):
    """The C library's names among an object's defined symbols."""
    return sorted(defined & libc)


def check_interposition(targets, problems):
    """Rule (c). Returns (libc names known, objects looked at)."""
    libc = libc_exports()
    if not {"accept", "pthread_create", "read"} <= libc or len(libc) < 1000:
        problems.append(f"only {len(libc)} C library names found: nm or /proc changed?")
    if interposed({"accept", "server_run"}, libc) != ["accept"]:
        sys.exit("structure: self-check: a planted 'accept' was not reported")
    seen = 0
    for arg in targets:
        target, _, listed = arg.partition("=")
        for obj in filter(None, listed.split(":")):
            seen += 1
            for sym in interposed(nm(obj)[0], libc):
                problems.append(
                    f"{target}: {os.path.basename(obj)} defines {sym}(), a C library symbol "
                    "(interposition): use the library's options and callbacks instead"
                )
    return len(libc), seen


def check_cycles(src, build, targets, problems):
    """Rule (b). Returns (objects, edges) counted per module."""
    objs = {}  # "pki/names.c" -> object path
    for arg in targets:
        target, _, listed = arg.partition("=")
        for obj in filter(None, listed.split(":")):
            m = re.search(r"/CMakeFiles/[^/]+\.dir/(.+)\.c\.o$", obj)
            if not m:
                problems.append(f"{target}: cannot tell the source of {obj}")
                continue
            # BUILD/pki/CMakeFiles/pki_core.dir/names.c.o is pki/names.c.
            rel_dir = os.path.relpath(obj[: m.start()], build)
            objs[os.path.normpath(f"{rel_dir}/{m.group(1)}.c")] = obj
    counts = {}
    for mod in MODULES:
        mine = {
            rel: obj for rel, obj in objs.items() if os.path.dirname(rel) == mod
        }
        expected = sorted(
            f"{mod}/{n}" for n in os.listdir(os.path.join(src, mod)) if n.endswith(".c")
        )
        missing = [rel for rel in expected if rel not in mine]
        if missing:
            problems.append(f"{mod}: no object file for {', '.join(missing)}")
        syms = {rel: nm(obj) for rel, obj in mine.items()}
        owner = {}
        for rel, (defined, _) in syms.items():
            for s in defined:
                owner[s] = rel
        graph = {rel: set() for rel in mine}
        for rel, (_, undefined) in syms.items():
            for s in undefined:
                if s in owner and owner[s] != rel:
                    graph[rel].add(owner[s])
        edges = sum(len(v) for v in graph.values())
        counts[mod] = (len(mine), edges)
        for comp, path in find_cycle(graph):
            problems.append(
                f"{mod}: call cycle between files: {' -> '.join(path)}"
                f" (all of {', '.join(comp)} reach each other)"
            )
    return counts


def main():
    if len(sys.argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src, build, targets = sys.argv[1], sys.argv[2], sys.argv[3:]
    self_check()
    problems = []
    nfiles = check_headers(src, problems)
    counts = check_cycles(src, build, targets, problems)
    nlibc, nobjs = check_interposition(targets, problems)
    print(f"interposition: {nobjs} objects checked against {nlibc} C library symbols")
    # Not a pass on nothing: the tree has dozens of files and calls between them.
    if nfiles < 60:
        problems.append(f"only {nfiles} .c files found under {src}: wrong source dir?")
    for mod, (nobj, edges) in counts.items():
        print(f"{mod}: {nobj} object files, {edges} file-to-file edges")
        if nobj > 2 and edges == 0:
            problems.append(f"{mod}: no edges between {nobj} object files: nm found nothing?")
    for p in problems:
        print(f"structure: {p}", file=sys.stderr)
    if problems:
        print("fix: give each .c file its own header (included first) and move a function "
              "to the file that owns its concept to break a cycle (docs/architecture.md)",
              file=sys.stderr)
        return 1
    print(f"structure: {nfiles} .c files, {sum(n for n, _ in counts.values())} objects: fine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
