#!/usr/bin/env bash
# ctest-fixture: none
# ctest-timeout: 240
# The whole ACME flow on loopback, through scripts/acme_demo.sh: pebble (with
# PEBBLE_VA_NOSLEEP=1) as the CA, certbot as the client, our server answering
# the HTTP-01 challenge on its plain-HTTP port, SIGHUP to load fullchain.pem and
# privkey.pem, https_client trusting pebble's root. Then a renewal (the serial
# changes, same server process), then failed challenges that name their step:
# an unwritable webroot, and a plain-HTTP port that nobody serves.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

DEMO=$DEMO_SOURCE_DIR/scripts/acme_demo.sh
export ACME_DEMO_DIR=$TEST_WORK_DIR/demo
ACME_DEMO_HTTPS_PORT=$(port 0)
ACME_DEMO_HTTP_PORT=$(port 1)
ACME_DEMO_PEBBLE_PORT=$(port 2)
ACME_DEMO_PEBBLE_MGMT_PORT=$(port 3)
export ACME_DEMO_HTTPS_PORT ACME_DEMO_HTTP_PORT ACME_DEMO_PEBBLE_PORT ACME_DEMO_PEBBLE_MGMT_PORT
export HTTPS_SERVER HTTPS_CLIENT HTTPS_PKI
S=$ACME_DEMO_DIR

# The demo leaves pebble and the server running; register their PIDs so that
# the exit trap stops them even if a check below fails.
adopt_pids() {
	local f
	for f in "$S/pebble.pid" "$S/server.pid"; do
		[ -f "$f" ] && TEST_PIDS+=("$(cat "$f")")
	done
}
demo() { # demo NAME [ARGS]: runs the demo, bounded in time
	local name=$1
	shift
	timeout 120 bash "$DEMO" "$@" >"$name.out" 2>"$name.err"
	RC=$?
	adopt_pids
}

# --- first run: issuance
demo issue
[ "$RC" -eq 0 ] && ok "first run exits 0" || { fail "first run exits $RC:"; tail -20 issue.out issue.err >&2; }
expect_grep issue.out "pebble: Generated new root issuer" "pebble started with a new root"
expect_grep issue.out "\[account\] +the CA made our account: https://localhost:$(port 2)/my-account/" "step: account"
expect_grep issue.out "\[order\] +the order: https://localhost:$(port 2)/my-order/" "step: order"
expect_grep issue.out "\[challenge\] the CA answered with token [A-Za-z0-9_-]{20,}" "step: the challenge token"
token=$(grep -oE 'answered with token [A-Za-z0-9_-]+' issue.out | head -1 | awk '{print $4}')
expect_grep issue.out "\[server\] +our access log: 127.0.0.1 .*\"GET /.well-known/acme-challenge/$token HTTP/1.1\" 200 .*Pebble-VA" \
	"step: the validator's fetch, as our access log saw it"
expect_grep "$S/access.log" "GET /.well-known/acme-challenge/$token HTTP/1.1\" 200 " "the fetch is in the server's access log"
expect_grep issue.out "\[CA\] +issued certificate serial [0-9a-f]+" "step: the CA issued"
for f in cert chain fullchain privkey; do
	expect_grep issue.out "^  $f.pem -> ../../archive/localhost/${f}1.pem" "certbot wrote $f.pem"
done
expect_grep issue.out "reloaded certificate and key: serial [0-9A-F]+, subject CN=localhost, issuer CN=Pebble Intermediate CA" \
	"SIGHUP: the server loaded pebble's certificate"
expect_grep issue.out "issuer: +/CN=Pebble Intermediate CA" "https_client: leaf issued by pebble's intermediate"
# Pebble's root carries an EKU (against BR 7.1.2.1): the policy refuses it by
# name, and the demo anchors at pebble's intermediate instead.
expect_grep issue.out "refuses pebble's root: .*rule role.root-eku" "https_client: pebble's root refused by rule role.root-eku"
expect_grep issue.out "chain anchored at trusted CA '/CN=Pebble Intermediate CA" "https_client: trusted through pebble's intermediate"
expect_grep issue.out "^page: HTTPS demo" "https_client fetched the page"
live=$S/certbot/config/live/localhost
serial1=$(openssl x509 -in "$live/cert.pem" -noout -serial | cut -d= -f2)
[ "$(stat -L -c %a "$live/privkey.pem")" = 600 ] && ok "privkey.pem is 0600" || fail "privkey.pem mode"
[ "$(cat "$live/cert.pem" "$live/chain.pem")" = "$(cat "$live/fullchain.pem")" ] &&
	ok "fullchain.pem = cert.pem + chain.pem" || fail "fullchain.pem is not cert.pem + chain.pem"
# Our https_pki chain makes the same fullchain.pem from certbot's two halves.
(cd "$TEST_WORK_DIR" && "$HTTPS_PKI" chain "$live/chain.pem" "$live/cert.pem" >pkichain.out 2>pkichain.err)
cmp -s fullchain.pem "$live/fullchain.pem" && ok "https_pki chain (default out fullchain.pem) = certbot's fullchain.pem" ||
	fail "https_pki chain differs from certbot's fullchain.pem: $(cat pkichain.err)"
expect_grep pkichain.out "wrote fullchain.pem \(2 certificates, leaf first: the full chain, what certbot names fullchain.pem\)" \
	"https_pki chain says fullchain.pem"
server_pid=$(cat "$S/server.pid")
# An independent client sees the same leaf.
openssl s_client -connect "127.0.0.1:$(port 0)" -servername localhost -CAfile "$S/pebble-root.pem" \
	-verify_return_error </dev/null >sclient.out 2>&1
expect_grep sclient.out 'Verify return code: 0 \(ok\)' "openssl s_client verifies the chain against pebble's root"
[ "$(openssl x509 -in sclient.out -noout -serial | cut -d= -f2)" = "$serial1" ] &&
	ok "served leaf = certbot's cert.pem" || fail "served leaf differs from cert.pem"

# --- second run: renewal, same server process, new serial
demo renew
[ "$RC" -eq 0 ] && ok "second run exits 0" || { fail "second run exits $RC:"; tail -20 renew.out renew.err >&2; }
expect_grep renew.out "are running: renewing" "second run renews"
expect_grep renew.out "certbot renew --force-renewal" "through certbot's renew path"
expect_grep renew.out "certbot: Congratulations, all renewals succeeded" "certbot: renewal succeeded"
expect_grep renew.out "^  fullchain.pem -> ../../archive/localhost/fullchain2.pem" "renewal: fullchain2.pem"
serial2=$(openssl x509 -in "$live/cert.pem" -noout -serial | cut -d= -f2)
[ -n "$serial2" ] && [ "$serial2" != "$serial1" ] && ok "new serial ($serial1 -> $serial2)" || fail "serial unchanged"
expect_grep renew.out "renewed: serial $serial1 -> $serial2" "the output shows the serial change"
expect_grep renew.out "reloaded certificate and key: serial $serial2" "SIGHUP: the server loaded the renewed certificate"
[ "$(cat "$S/server.pid")" = "$server_pid" ] && kill -0 "$server_pid" && ok "same server process (no restart)" ||
	fail "the server was restarted"

# --- failed challenge: the webroot cannot take the challenge file (step 3)
rm -rf "$S/webroot/.well-known"
: >"$S/webroot/.well-known" # a file where certbot needs a folder (root ignores modes)
chmod 555 "$S/webroot"
demo unwritable
chmod 755 "$S/webroot"
rm -f "$S/webroot/.well-known"
[ "$RC" -eq 1 ] && ok "unwritable webroot: exit 1" || fail "unwritable webroot: exit $RC"
expect_grep unwritable.err '^acme_demo: step 3 \(certbot writes the challenge file into the webroot\): ' \
	"unwritable webroot: the error names step 3"
expect_grep unwritable.err '^fix: ' "unwritable webroot: a fix line"
expect_grep "$S/server.log" "reloaded certificate and key: serial $serial2" "the server still has the renewed certificate"

# --- failed challenge: the plain-HTTP port is not served (step 4)
demo stop1 stop
[ "$RC" -eq 0 ] && ok "stop exits 0" || fail "stop exits $RC"
expect_grep stop1.out "stopped https_server \(PID $server_pid\)" "stop: the server, by its PID"
expect_grep stop1.out "stopped pebble \(PID [0-9]+\)" "stop: pebble, by its PID"
kill -0 "$server_pid" 2>/dev/null && fail "server still running after stop" || ok "server gone after stop"
ACME_DEMO_SERVER_HTTP_PORT=$(port 5) demo noport
[ "$RC" -eq 1 ] && ok "plain-HTTP port not served: exit 1" || fail "plain-HTTP port not served: exit $RC"
expect_grep noport.out "pebble was not running" "a fresh start after pebble stopped says why"
expect_grep noport.err "^acme_demo: step 4 \(the CA fetches http://localhost:$(port 1)/.well-known/acme-challenge/TOKEN\): .*connection refused" \
	"port not served: the error names step 4 and the refused connection"
expect_grep noport.err "^fix: our plain-HTTP listener must serve the webroot on port $(port 1), where the CA fetches: unset ACME_DEMO_SERVER_HTTP_PORT" \
	"port not served: the fix names the variable that moved our port"
# A failed fresh start stops what it started: pebble and the server.
for f in pebble https_server; do
	pid=$(grep -oE "stopped $f \(PID [0-9]+\)" noport.err | grep -oE '[0-9]+')
	if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
		ok "failed fresh start: $f (PID $pid) stopped"
	else
		fail "failed fresh start: $f not stopped (noport.err: $(tr '\n' ' ' <noport.err))"
	fi
done
demo stop2 stop
for f in "$S/pebble.pid" "$S/server.pid"; do
	[ -f "$f" ] && fail "$f left behind" || ok "$(basename "$f") removed by stop"
done

# --- a busy port: the fix names the environment variable, and works as written
start_bg busy python3 -m http.server "$(port 6)" --bind 127.0.0.1
wait_for_log busy 'Serving HTTP' 10 || true
ACME_DEMO_HTTPS_PORT=$(port 6) demo busy
[ "$RC" -eq 1 ] && ok "busy port: exit 1" || fail "busy port: exit $RC"
expect_grep busy.err "^acme_demo: start: port $(port 6) on 127.0.0.1 is already in use" "busy port: says which"
expect_grep busy.err "^fix: ACME_DEMO_HTTPS_PORT=[0-9]+ scripts/acme_demo.sh" "busy port: the fix names the variable"
expect_no_grep busy.err '--port' "busy port: no option the script does not take"
fixed=$(grep -oE '^fix: ACME_DEMO_HTTPS_PORT=[0-9]+' busy.err | cut -d= -f2)
if [ -n "$fixed" ]; then
	ACME_DEMO_HTTPS_PORT=$fixed demo busyfixed
	[ "$RC" -eq 0 ] && ok "busy port: the fix as written issues (port $fixed)" ||
		{ fail "busy port: the fix exits $RC"; tail -5 busyfixed.err >&2; }
	demo stop3 stop
fi

# --- bad usage
demo usage bogus
[ "$RC" -eq 2 ] && ok "unknown command: exit 2" || fail "unknown command: exit $RC"
expect_grep usage.err '^acme_demo: unknown command bogus' "unknown command: says so"
finish
