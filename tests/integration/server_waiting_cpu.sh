#!/usr/bin/env bash
# https_server spends no CPU on connections that wait: 20 each of a connection that
# sent nothing, part of a request head, part of a body, and half of a TLS record,
# held for 3 s; the server's CPU time over that window must stay under 5% of one
# core (150 ms). A worker that polls its socket costs nothing; one that spins on
# "data pending" costs a whole core (the defect this test was written for).
# ctest-timeout: 60
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
# deadlines long enough that the server closes nothing during the window
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log off --handshake-timeout 20000 --head-timeout 20000 --body-timeout 20000 ||
	{ fail "server did not start"; finish; }

run waiting timeout 30 python3 "$DEMO_SOURCE_DIR/tests/integration/waiting_conns.py" \
	"$P" "$CA" "$SERVER_PID" 20 3
cat waiting.out waiting.err >&2
line=$(grep -E '^cpu_ms=' waiting.out)
cpu=$(sed -E 's/^cpu_ms=([0-9]+) .*/\1/' <<<"$line")
win=$(sed -E 's/.* window_ms=([0-9]+) .*/\1/' <<<"$line")
if [ -z "$line" ]; then
	fail "no measurement (exit $RC)"
elif [ $((cpu * 20)) -lt "$win" ]; then
	ok "80 waiting connections cost the server $cpu ms of CPU in $win ms (< 5% of a core)"
else
	fail "80 waiting connections cost the server $cpu ms of CPU in $win ms (>= 5% of a core)"
fi
expect_grep waiting.out 'open=nothing:20,head:20,body:20,record:20$' \
	"all 80 connections were still open and waiting at the end of the window"
expect_rc during 0 "$HTTPS_CLIENT" -sS -o /dev/null --cacert "$CA" "https://localhost:$P/"
kill -0 "$SERVER_PID" && ok "server survived" || fail "server died"
finish
