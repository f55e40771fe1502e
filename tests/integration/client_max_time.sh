#!/usr/bin/env bash
# https_client's time limits hold whatever the server does: --max-time bounds the
# whole transfer even while data keeps arriving (an endless chunked body, an
# endless Content-Length body), and --connect-timeout bounds the TCP connect and
# the TLS handshake (a server that accepts and never answers the ClientHello).
# A finite answer within the limits still succeeds. Exit 5 is the timeout class.
# ctest-labels: client valgrind
# ctest-timeout: 180
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
C=$HTTPS_CLIENT
PORT=$(port 0)
U=https://localhost:$PORT

start_bg hostile python3 "$DEMO_SOURCE_DIR/tests/integration/hostile_httpd.py" "$PORT" \
	"$P/certificates/site_public_key.pem" "$P/certificates/site_private_key.pem" "$P/pass.txt"
wait_for_log hostile '^ready' || { fail "hostile_httpd.py did not start"; finish; }

# timed NAME WANT_RC MAX_MS CMD...: exit status and wall time. Under valgrind
# (TEST_CLIENT_VALGRIND) the client's own start-up takes seconds: 20 s more.
timed() {
	local name=$1 want=$2 max=$3 start ms
	shift 3
	[ -n "${TEST_CLIENT_VALGRIND:-}" ] && max=$((max + 20000))
	start=$(date +%s%N)
	expect_rc "$name" "$want" "$@"
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$ms" -le "$max" ] && ok "$name: ended after $ms ms" || fail "$name: took $ms ms (limit $max)"
}

timed endless_chunked 5 3000 "$C" --cacert "$CA" -m 2 -o /dev/null "$U/endless-chunked"
expect_grep endless_chunked.err 'timeout.*--max-time' "endless chunked: the timeout is named"
timed endless_length 5 3000 "$C" --cacert "$CA" -m 2 -o /dev/null "$U/endless-length"
timed silent_handshake 5 2500 "$C" --cacert "$CA" --connect-timeout 1 -m 20 \
	"https://localhost:$((PORT + 1))/"
expect_grep silent_handshake.err 'connect-timeout' "handshake bounded by --connect-timeout"
timed finite 0 3000 "$C" --cacert "$CA" -m 2 "$U/finite"
expect_grep finite.out '^hello$' "a finite answer within the limits"
finish
