#!/usr/bin/env bash
# The one command that sets up and runs every test (README.md; .ci/run calls it).
#   scripts/test.sh           everything, in this order:
#                               1. the default build (gcc, RelWithDebInfo): the full suite,
#                                  with the slow external scanners; then the client tests
#                                  labelled valgrind (redirects, hostile servers, -w) again
#                                  with the client under valgrind memcheck
#                               2. ASan + UBSan (gcc, Debug): the full suite again
#                               3. gcc Release, clang: build warning-free, unit tests
#                               4. the clang fuzz build: build, unit tests, and each
#                                  libFuzzer harness for a bounded time (label fuzz)
#   scripts/test.sh --quick   only the default build's suite, without the slow tests
# Every build treats warnings as errors. Each stage prints its time.
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
start=$(date +%s)
stage() { echo "== $* (at $(($(date +%s) - start)) s)"; }

stage "build (default, RelWithDebInfo)"
scripts/build.sh build
stage "tests (default build)"
if [ "$quick" -eq 1 ]; then
	ctest --test-dir build --output-on-failure -j "$jobs" -LE slow
	exit 0
fi
ctest --test-dir build --output-on-failure -j "$jobs"

# ASan cannot see a read of memory never written; valgrind memcheck can. The
# tests labelled valgrind run the client through a wrapper (tests/integration/
# lib.sh, TEST_CLIENT_VALGRIND): any memcheck error or definite leak fails them.
stage "client tests under valgrind (label valgrind)"
TEST_CLIENT_VALGRIND=1 ctest --test-dir build --output-on-failure -j "$jobs" -L valgrind

stage "build (ASan + UBSan)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DENABLE_ASAN=ON -DENABLE_UBSAN=ON
stage "tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$jobs"

# The other compilers and build types: they must build warning-free; their
# unit tests run (the integration suite has run twice already).
stage "build and unit tests (gcc Release)"
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release
ctest --test-dir build-release --output-on-failure -j "$jobs" -L unit
stage "build and unit tests (clang)"
CC=clang scripts/build.sh build-clang
ctest --test-dir build-clang --output-on-failure -j "$jobs" -L unit

# The fuzz build (clang, libFuzzer, ASan): each harness runs for a bounded time.
stage "build, unit tests and bounded fuzz runs (clang, ENABLE_FUZZ)"
CC=clang scripts/build.sh build-fuzz -DENABLE_FUZZ=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	ctest --test-dir build-fuzz --output-on-failure -j "$jobs" -L 'unit|fuzz'
stage "all passed"
