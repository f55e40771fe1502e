#!/usr/bin/env bash
# The lesson in Python (examples/python/, docs/lesson.md and docs/lab.md): the
# four pairings of demo_client.py and demo_server.py with https_client and
# https_server (Python to ours, ours to Python, each to its own), each
# asserting the page and the checks each side reports; tiny_client against
# demo_server.py too. Negative cases: demo_client.py refuses another root, a
# wrong name and an expired certificate, naming the check that failed, and
# demo_server.py logs the refusal; demo_server.py refuses a wrong passphrase
# and a missing passphrase file; the passphrase is never on its command line.
# Python is Debian's /usr/bin/python3 (the scripts' #! line).
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

PYS=$DEMO_SOURCE_DIR/examples/python/demo_server.py
PYC=$DEMO_SOURCE_DIR/examples/python/demo_client.py
K=$TEST_PKI_DIR
ROOT=$K/ca_certificates_for_client/ca_public_key.pem
CERT=$K/certificates/site_public_key.pem
KEY=$K/certificates/site_private_key.pem
PY_PORT=$(port 0)
HS_PORT=$(port 1)
BAD_PORT=$(port 2)

[ -x /usr/bin/python3 ] || { fail "/usr/bin/python3 is missing (apt-get install python3)"; finish; }
start_bg pyserver "$PYS" --port "$PY_PORT" --cert "$CERT" --key "$KEY" --passfile "$K/pass.txt"
PY_PID=$BG_PID
wait_for_log pyserver "listening on https://localhost:$PY_PORT/" && ok "demo_server.py started" ||
	{ fail "demo_server.py did not start"; finish; }
# The passphrase itself is on no command line.
if tr '\0' ' ' </proc/"$PY_PID"/cmdline | grep -qF -- "$(head -n 1 "$K/pass.txt")"; then
	fail "the passphrase is on demo_server.py's command line"
else
	ok "demo_server.py's command line holds the passphrase file's name, not the passphrase"
fi
start_server hserver --port "$HS_PORT" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" || { fail "https_server did not start"; finish; }

py_checks() { # py_checks NAME HOST: the three checks demo_client.py reports on stderr
	expect_grep "$1.err" '^demo_client: TLSv1\.3, TLS_' "$1: TLS 1.3 and the suite reported"
	expect_grep "$1.err" '^demo_client: check issuer +ok: the chain leads to a CA in ca_public_key\.pem' "$1: issuer check ok"
	expect_grep "$1.err" '^demo_client: check valid now ok: .* GMT to .* GMT' "$1: validity check ok"
	expect_grep "$1.err" "^demo_client: check name +ok: $2 is among DNS:localhost, IP Address:127\.0\.0\.1" "$1: name check ok"
}
hc_checks() { # hc_checks NAME: the checks https_client -v reports
	expect_grep "$1.err" '^\* check trust +ok' "$1: https_client's trust check ok"
	expect_grep "$1.err" '^\* check validity ok' "$1: https_client's validity check ok"
	expect_grep "$1.err" "^\* check name +ok +: DNS:localhost matches 'localhost'" "$1: https_client's name check ok"
}

# 1. Python client -> our server.
expect_rc py_hs 0 "$PYC" --cacert "$ROOT" localhost "$HS_PORT"
expect_grep py_hs.out 'id="marker">HTTPS demo: connection verified<' "py_hs: demo_client.py reads https_server's page"
py_checks py_hs localhost
expect_grep hserver.log '"GET / HTTP/1.1" 200' "py_hs: https_server logs the request"
# 2. our client -> Python server.
expect_rc hc_py 0 "$HTTPS_CLIENT" -v --cacert "$ROOT" "https://localhost:$PY_PORT/"
expect_grep hc_py.out 'id="marker">Hello over HTTPS from demo_server\.py\.<' "hc_py: https_client reads demo_server.py's page"
hc_checks hc_py
# 3. Python client -> Python server, by name and by IP.
expect_rc py_py 0 "$PYC" --cacert "$ROOT" localhost "$PY_PORT"
expect_grep py_py.out 'Hello over HTTPS from demo_server\.py\.' "py_py: demo_client.py reads demo_server.py's page"
py_checks py_py localhost
expect_rc py_py_ip 0 "$PYC" --cacert "$ROOT" 127.0.0.1 "$PY_PORT"
py_checks py_py_ip '127\.0\.0\.1'
# 4. our client -> our server.
expect_rc hc_hs 0 "$HTTPS_CLIENT" -v --cacert "$ROOT" "https://localhost:$HS_PORT/"
expect_grep hc_hs.out 'id="marker">HTTPS demo: connection verified<' "hc_hs: https_client reads https_server's page"
hc_checks hc_hs
# And the C lesson's client against the Python server.
expect_rc tc_py 0 "$DEMO_BUILD_DIR/examples/tiny_client" localhost "$PY_PORT" "$ROOT"
expect_grep tc_py.out 'Hello over HTTPS from demo_server\.py\.' "tc_py: tiny_client reads demo_server.py's page"
# What the Python server reports for each connection: version, suite, request line.
n=$(grep -cE '^demo_server: 127\.0\.0\.1:[0-9]+: TLSv1\.3, TLS_[A-Z0-9_]+: GET / HTTP/1\.1$' pyserver.log)
[ "$n" -eq 4 ] && ok "demo_server.py logged the 4 requests with version and suite" ||
	fail "demo_server.py logged $n requests, want 4"

# Refusals by demo_client.py: another root, another name, an expired certificate.
expect_rc py_other 2 "$PYC" --cacert "$K/other/ca_certificates_for_client/ca_public_key.pem" localhost "$PY_PORT"
expect_grep py_other.err 'check issuer FAILED: unable to get local issuer certificate \(OpenSSL verify code 20\)' "py_other: another root: the issuer check fails"
expect_no_grep py_other.out 'Hello' "py_other: nothing printed from an unverified server"
sleep 0.3
expect_grep pyserver.log 'TLS handshake failed: the client sent the alert unknown_ca' "demo_server.py logs the client's refusal (unknown_ca)"
for bad in wrongname expired; do
	start_bg "py_$bad" "$PYS" --port "$BAD_PORT" --cert "$K/$bad/cert.pem" --key "$K/$bad/key.pem" --passfile "$K/pass.txt"
	wait_for_log "py_$bad" "listening on" || fail "demo_server.py ($bad) did not start"
	expect_rc "pc_$bad" 2 "$PYC" --cacert "$ROOT" localhost "$BAD_PORT"
	stop_pid "$BG_PID"
done
expect_grep pc_wrongname.err "check name FAILED: Hostname mismatch, certificate is not valid for 'localhost'\. \(OpenSSL verify code 62\)" "pc_wrongname: the name check fails"
expect_grep pc_expired.err 'check valid now FAILED: certificate has expired \(OpenSSL verify code 10\)' "pc_expired: the validity check fails"
expect_rc pc_closed 2 "$PYC" --cacert "$ROOT" 127.0.0.1 "$BAD_PORT"
expect_grep pc_closed.err 'cannot connect to 127\.0\.0\.1 port' "demo_client.py: a closed port is reported"

# demo_server.py: a wrong passphrase, a missing passphrase file.
printf 'not-the-passphrase\n' >wrong.txt
expect_rc ps_wrong 1 "$PYS" --port "$BAD_PORT" --cert "$CERT" --key "$KEY" --passfile wrong.txt
expect_grep ps_wrong.err 'cannot set up TLS with' "demo_server.py: wrong passphrase refused"
expect_rc ps_nopass 1 "$PYS" --port "$BAD_PORT" --cert "$CERT" --key "$KEY" --passfile missing.txt
expect_grep ps_nopass.err 'missing\.txt' "demo_server.py: the missing passphrase file is named"

kill -TERM "$PY_PID"
wait "$PY_PID"
rc=$?
[ "$rc" -eq 0 ] && ok "demo_server.py exits 0 on SIGTERM" || fail "demo_server.py exited $rc on SIGTERM"
finish
