# Shared helpers for the script tests; sourced, never run.
#
# Environment (set by tests/CMakeLists.txt):
#   HTTPS_SERVER HTTPS_CLIENT HTTPS_PKI   our three binaries
#   DEMO_SOURCE_DIR DEMO_BUILD_DIR        the trees
#   TEST_PKI_DIR                          the chain minted by the pki_chain fixture
#   TEST_WORK_DIR                         this test's own scratch directory (emptied first)
#   TEST_PORT_BASE                        20 loopback ports from here are this test's own
#
# Every process a test starts goes through start_bg, which records its PID;
# on exit each one is stopped by that PID (TERM, then KILL after 5 s).

set -u
set -o pipefail

: "${TEST_WORK_DIR:?run this through ctest}"
rm -rf "$TEST_WORK_DIR"
mkdir -p "$TEST_WORK_DIR"
cd "$TEST_WORK_DIR" || exit 1

# TEST_CLIENT_VALGRIND=1 (scripts/test.sh's valgrind stage, tests labelled
# valgrind): $HTTPS_CLIENT becomes a wrapper that runs the client under
# valgrind memcheck. An error it finds, a definite leak included, makes the
# client exit 99 (no exit code of ours), and finish fails the test on any
# valgrind log (valgrind.PID.log here) that counts an error.
if [ -n "${TEST_CLIENT_VALGRIND:-}" ]; then
	cat >https_client.valgrind <<EOF
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--log-file="$TEST_WORK_DIR/valgrind.%p.log" "$HTTPS_CLIENT" "\$@"
EOF
	chmod +x https_client.valgrind
	HTTPS_CLIENT=$TEST_WORK_DIR/https_client.valgrind
fi

TEST_PIDS=()
TEST_FAILED=0
TEST_PASSED=0
TEST_NAME=$(basename "$0" .sh)

# The one badssl case that Debian's wolfSSL 5.5.4 refuses while reading the
# certificate, before any callback of ours (a leaf with name constraints,
# -198): https_client exits 10 and says it is the library's limit, where
# Chromium and https_pki verify accept (docs/badssl.md, "Known differences").
export BADSSL_WOLFSSL_REFUSES=nc-on-leaf

# The passphrase of the fixture chain, as a source for --pass.
TEST_PASS="file:$TEST_PKI_DIR/pass.txt"

log() { printf '[%s] %s\n' "$TEST_NAME" "$*" >&2; }

fail() {
	log "FAIL: $*"
	TEST_FAILED=$((TEST_FAILED + 1))
}

ok() {
	log "ok: $*"
	TEST_PASSED=$((TEST_PASSED + 1))
}

# port N: the Nth port (0-19) of this test.
port() { echo $((TEST_PORT_BASE + $1)); }

stop_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

stop_all() {
	local pid
	for pid in "${TEST_PIDS[@]}"; do
		stop_pid "$pid"
	done
	TEST_PIDS=()
}
trap stop_all EXIT

# start_bg NAME CMD...: runs CMD in the background, output in NAME.log;
# the PID is in $BG_PID.
start_bg() {
	local name=$1
	shift
	"$@" >"$name.log" 2>&1 &
	BG_PID=$!
	TEST_PIDS+=("$BG_PID")
}

# wait_for_log NAME PATTERN [SECONDS]: waits until NAME.log matches PATTERN
# (extended regex) while the process $BG_PID lives.
wait_for_log() {
	local name=$1 pattern=$2 limit=${3:-15} i
	for i in $(seq $((limit * 10))); do
		grep -Eq -- "$pattern" "$name.log" 2>/dev/null && return 0
		kill -0 "$BG_PID" 2>/dev/null || break
		sleep 0.1
	done
	log "$name did not print /$pattern/; its log:"
	sed 's/^/    /' "$name.log" >&2
	return 1
}

# start_server NAME ARGS...: starts https_server and waits until it listens.
# Sets SERVER_PID. Returns non-zero (with the log shown) if it did not start.
start_server() {
	local name=$1
	shift
	start_bg "$name" "$HTTPS_SERVER" "$@"
	SERVER_PID=$BG_PID
	wait_for_log "$name" 'listening on https://'
}

# run NAME CMD...: runs CMD with a 60 s limit; stdout in NAME.out, stderr in
# NAME.err, exit status in $RC.
run() {
	local name=$1
	shift
	timeout 60 "$@" >"$name.out" 2>"$name.err"
	RC=$?
}

# expect_rc NAME WANT CMD...: runs CMD and checks its exit status.
expect_rc() {
	local name=$1 want=$2
	shift 2
	run "$name" "$@"
	if [ "$RC" -eq "$want" ]; then
		ok "$name exits $want"
	else
		fail "$name exits $RC, want $want; stderr:"
		sed 's/^/    /' "$name.err" >&2
	fi
}

# expect_grep FILE PATTERN [WHAT]: FILE must match the extended regex PATTERN.
expect_grep() {
	if grep -Eq -- "$2" "$1"; then
		ok "${3:-$1 has /$2/}"
	else
		fail "${3:-$1 lacks /$2/}; it holds:"
		head -c 2000 "$1" | sed 's/^/    /' >&2
	fi
}

# expect_no_grep FILE PATTERN [WHAT]: FILE must not match PATTERN.
expect_no_grep() {
	if grep -Eq -- "$2" "$1"; then
		fail "${3:-$1 has /$2/}"
	else
		ok "${3:-$1 lacks /$2/}"
	fi
}

# check_sanitizers: any AddressSanitizer, LeakSanitizer or UBSan report in a
# log or captured stderr of this test fails it (servers may report only at exit).
check_sanitizers() {
	local hits
	hits=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' -- *.log *.err 2>/dev/null)
	if [ -n "$hits" ]; then
		fail "sanitizer reports in: $hits"
		grep -hE -A15 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' -- $hits | head -60 >&2
	fi
}

# check_valgrind: any valgrind log of this test that counts an error fails it.
check_valgrind() {
	local hits
	hits=$(grep -lE 'ERROR SUMMARY: [1-9]' -- valgrind.*.log 2>/dev/null)
	if [ -n "$hits" ]; then
		fail "valgrind reports in: $hits"
		grep -hvE '^==[0-9]+== *$' -- $hits | head -60 >&2
	fi
}

# finish: stops what the test started, prints the closing line and exits
# with the verdict.
finish() {
	stop_all
	check_sanitizers
	check_valgrind
	echo "$TEST_PASSED passed, $TEST_FAILED failed"
	[ "$TEST_FAILED" -eq 0 ] && [ "$TEST_PASSED" -gt 0 ]
	exit $?
}
