#!/usr/bin/env bash
# The one command that sets up and runs every test (README.md; .ci/run calls it).
#   scripts/test.sh           everything: the release build's full suite (with the
#                             slow external scanner), then the whole suite again
#                             under ASan+UBSan, then every libFuzzer harness for
#                             20 s (clang build with -DENABLE_FUZZ=ON)
#   scripts/test.sh --quick   the release build's suite without the slow tests
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
case "${1:-}" in
--quick) quick=1 ;;
"") ;;
*) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

scripts/install_deps.sh --test

jobs=$(nproc)
echo "== build (release)"
scripts/build.sh build
echo "== tests (release)"
if [ "$quick" -eq 1 ]; then
	ctest --test-dir build --output-on-failure -j "$jobs" -LE slow
	exit 0
fi
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (ASan + UBSan)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DENABLE_ASAN=ON -DENABLE_UBSAN=ON
echo "== tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== fuzz (each libFuzzer harness for a bounded 20 s)"
CC=clang scripts/build.sh build-fuzz -DENABLE_FUZZ=ON
ctest --test-dir build-fuzz --output-on-failure -j "$jobs" -L fuzz
