#!/usr/bin/env bash
# No program or library we build looks for shared libraries in the current
# directory: every run path entry is absolute or starts with $ORIGIN, and none
# is empty (an empty entry, as CMake's padding of a build run path leaves, means
# "the current directory"). Proved by running https_server from a folder that
# holds a decoy libcivetweb.so.1: the real one must load.
# ctest-fixture: none
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

n=0
while IFS= read -r f; do
	rp=$(readelf -d "$f" 2>/dev/null | sed -nE 's/.*\((RUNPATH|RPATH)\).*\[(.*)\]$/\2/p')
	[ -n "$rp" ] || continue
	n=$((n + 1))
	bad=$(tr ':' '\n' <<<"$rp:" | sed '$d' | grep -vE '^(/|\$ORIGIN)' | sed 's/^$/(empty)/')
	[ -z "$bad" ] && ok "$(basename "$f"): run path $rp" || fail "$(basename "$f"): run path $rp has $bad"
done < <(find "$DEMO_BUILD_DIR" -type f \( -perm -u+x -o -name '*.so*' \) -not -path '*/CMakeFiles/*' | sort)
[ "$n" -ge 2 ] && ok "$n files with a run path checked" || fail "only $n files with a run path: wrong build dir?"

mkdir decoy
echo 'int decoy_only;' | cc -shared -x c - -o decoy/libcivetweb.so.1
(cd decoy && "$HTTPS_SERVER" --version) >decoy.out 2>&1
expect_grep decoy.out '^https_server .*civetweb 1\.15' "https_server run from a folder with a decoy libcivetweb loads the real one"
finish
