#!/usr/bin/env bash
# The lesson's tiny programs (examples/): tiny_client and tiny_server talk to
# each other, tiny_client fetches from https_server, and https_client and curl
# fetch from tiny_server. Negative cases: tiny_client refuses a server it
# cannot verify (another CA, another name, expired), reports a closed port and
# a non-200 status; tiny_server refuses a wrong passphrase.
#
# tiny_client, https_client and curl all trust the demo root; tiny_client's
# verify callback lets wolfSSL past its misreading of the root's name
# constraints (-198 on the intermediate CA, docs/lesson.md) and nothing else:
# a root that did not sign the chain is still refused.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

TS=$DEMO_BUILD_DIR/examples/tiny_server
TC=$DEMO_BUILD_DIR/examples/tiny_client
K=$TEST_PKI_DIR
ROOT=$K/ca_certificates_for_client/ca_public_key.pem
PASSFILE=$K/pass.txt
P=$(port 0)
P2=$(port 1)

start_bg tiny "$TS" "$P" "$K/certificates/site_public_key.pem" \
	"$K/certificates/site_private_key.pem" "$PASSFILE"
TINY_PID=$BG_PID
wait_for_log tiny "listening on https://localhost:$P/" && ok "tiny_server started" ||
	{ fail "tiny_server did not start"; finish; }

# Each side against the other, and against the full programs and curl.
expect_rc tc_ts 0 "$TC" localhost "$P" "$ROOT"
expect_grep tc_ts.out 'id="marker">Hello over HTTPS from tiny_server' "tiny_client reads tiny_server's page"
expect_rc hc_ts 0 "$HTTPS_CLIENT" --cacert "$ROOT" "https://localhost:$P/"
expect_grep hc_ts.out 'Hello over HTTPS from tiny_server' "https_client reads tiny_server's page"
expect_rc curl_ts 0 curl -sS --max-time 10 --cacert "$ROOT" -D curl_ts.headers "https://localhost:$P/any/path"
expect_grep curl_ts.headers '^Strict-Transport-Security: max-age=63072000' "tiny_server sends HSTS"
expect_rc curl_ts_tls12 0 curl -sS --max-time 10 --cacert "$ROOT" --tls-max 1.2 "https://localhost:$P/"
expect_rc curl_ts_tls11 35 curl -sS --max-time 10 --cacert "$ROOT" --tlsv1.1 --tls-max 1.1 "https://localhost:$P/"

start_server full --port "$P2" --cert "$K/certificates/site_public_key.pem" \
	--key "$K/certificates/site_private_key.pem" --pass "$TEST_PASS" || fail "https_server did not start"
expect_rc tc_hs 0 "$TC" localhost "$P2" "$ROOT"
expect_grep tc_hs.out 'id="marker">HTTPS demo: connection verified<' "tiny_client reads https_server's page"
expect_rc tc_hs_404 1 "$TC" localhost "$P2" "$ROOT" no-such-page
stop_pid "$SERVER_PID"

# Refusals: another CA, another name, an expired certificate, a closed port.
expect_rc tc_other_ca 2 "$TC" localhost "$P" "$K/other/ca_certificates_for_client/ca_public_key.pem"
expect_grep tc_other_ca.err 'could not be verified' "tiny_client: another root is refused"
expect_no_grep tc_other_ca.out 'Hello' "tiny_client: nothing printed from an unverified server"
# The callback's exception is for a CA below the trusted root only: trusting just the other
# chain's intermediate (no root, no -198) is refused too.
expect_rc tc_other_inter 2 "$TC" localhost "$P" "$K/other/private_ca/intermediate_ca_public_key.pem"
# (https_server refuses to start with an expired certificate; tiny_server does not check.)
for bad in wrongname expired; do
	start_bg "tiny_$bad" "$TS" "$P2" "$K/$bad/cert.pem" "$K/$bad/key.pem" "$PASSFILE"
	wait_for_log "tiny_$bad" "listening on" || fail "tiny_server ($bad) did not start"
	expect_rc "tc_$bad" 2 "$TC" localhost "$P2" "$ROOT"
	expect_grep "tc_$bad.err" 'could not be verified' "tiny_client: $bad certificate refused"
	expect_rc "hc_$bad" "$([ "$bad" = expired ] && echo 15 || echo 17)" "$HTTPS_CLIENT" --cacert "$ROOT" "https://localhost:$P2/"
	stop_pid "$BG_PID"
done
expect_rc tc_closed 2 "$TC" 127.0.0.1 "$P2" "$ROOT"
expect_grep tc_closed.err 'cannot connect' "tiny_client: closed port reported"
expect_rc tc_usage 2 "$TC" localhost

# tiny_server: a wrong passphrase, a missing passphrase file; SIGTERM stops it cleanly.
printf 'not-the-passphrase\n' >wrong.txt
expect_rc ts_wrong 1 "$TS" "$P2" "$K/certificates/site_public_key.pem" \
	"$K/certificates/site_private_key.pem" wrong.txt
expect_grep ts_wrong.err 'cannot set up TLS' "tiny_server: wrong passphrase refused"
expect_rc ts_nopass 1 "$TS" "$P2" "$K/certificates/site_public_key.pem" \
	"$K/certificates/site_private_key.pem" missing.txt
kill -TERM "$TINY_PID"
wait "$TINY_PID"
rc=$?
[ "$rc" -eq 0 ] && ok "tiny_server exits 0 on SIGTERM" || fail "tiny_server exited $rc on SIGTERM"
finish
