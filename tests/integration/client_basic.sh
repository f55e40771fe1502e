#!/usr/bin/env bash
# https_client foundation: fetches the page from our own https_server; curl
# and openssl s_client fetch the same page against the same CA; wrong CA,
# wrong name, expired and not-yet-valid leaves each give their own exit code
# (served by openssl s_server, an independent peer); -v, --report, -o, -I, -i,
# --resolve, --reconnect (resumption), --pinnedpubkey; usage, resolution and
# connection errors.
# ctest-labels: client
# ctest-timeout: 120
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
C=$HTTPS_CLIENT
PORT=$(port 0)
URL=https://localhost:$PORT/

start_server server --port "$PORT" --cert "$P/certificates/site_public_key.pem" \
	--key "$P/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" || { fail "https_server did not start"; finish; }

# The page, from our server, verified against the fixture's CA.
expect_rc fetch 0 "$C" --cacert "$CA" "$URL"
expect_grep fetch.out '<html' "the page is fetched"
expect_rc fetch_ip 0 "$C" --cacert "$CA" "https://127.0.0.1:$PORT/"
cmp -s fetch.out fetch_ip.out && ok "same page by IP (IP SAN)" || fail "page by IP differs"

# Independent clients get the same bytes against the same CA.
if curl -sS --fail --cacert "$CA" -o curl.out "$URL" 2>curl.err; then
	cmp -s fetch.out curl.out && ok "curl fetches the same page" || fail "curl's page differs"
else
	fail "curl could not fetch: $(cat curl.err)"
fi
printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost -CAfile "$CA" \
		-verify_return_error -verify_hostname localhost -quiet -ign_eof >sclient.out 2>sclient.err
if [ $? -eq 0 ] && grep -q '^HTTP/1.1 200' sclient.out; then
	# s_client prints the raw response: compare its body with ours.
	sed '1,/^\r$/d' sclient.out >sclient.body
	cmp -s fetch.out sclient.body && ok "openssl s_client gets the same page" ||
		fail "openssl s_client's page differs"
else
	fail "openssl s_client could not fetch: $(tail -3 sclient.err)"
fi

# -v shows protocol, cipher, the chain and each check, with curl's prefixes.
expect_rc verbose 0 "$C" -v --cacert "$CA" "$URL"
expect_grep verbose.err '^\* server chose TLSv1\.3, TLS13-' "-v: protocol and cipher"
expect_grep verbose.err '^\*  0 subject: .*CN=localhost' "-v: leaf subject"
expect_grep verbose.err '^\*  1 subject: .*Intermediate' "-v: intermediate subject"
expect_grep verbose.err '^\* check trust +ok' "-v: trust check"
expect_grep verbose.err '^\* check name +ok +: DNS:localhost matches' "-v: name check"
expect_grep verbose.err '^> GET / HTTP/1.1' "-v: request line"
expect_grep verbose.err '^< HTTP/1.1 200' "-v: status line"

# --report for scripts.
expect_rc json 0 "$C" --cacert "$CA" --report out.json -o page.html "$URL"
expect_grep out.json '"tls_version": "TLSv1.3"' "json: version"
expect_grep out.json '"http_status": 200' "json: status"
expect_grep out.json '"name": \{"result": "ok"' "json: name check"
expect_grep out.json '"tls_handshake": [0-9.]+' "json: timings"
cmp -s page.html fetch.out && ok "-o writes the body" || fail "-o content differs"
python3 -c 'import json,sys; json.load(open("out.json"))' 2>/dev/null && ok "json parses" ||
	fail "json does not parse"

# -I and -i.
expect_rc head 0 "$C" -I --cacert "$CA" "$URL"
expect_grep head.out '^HTTP/1.1 200' "-I prints the status line"
expect_no_grep head.out '<html' "-I prints no body"
expect_rc include 0 "$C" -i --cacert "$CA" "$URL"
expect_grep include.out '^Strict-Transport-Security:' "-i prints headers"

# --resolve maps a name to our loopback address.
expect_rc resolve 0 "$C" --cacert "$CA" --resolve "localhost:$PORT:127.0.0.1" "$URL"

# --reconnect: the next connections resume the session.
expect_rc reconnect 0 "$C" -v --cacert "$CA" --reconnect 2 --report re.json "$URL"
expect_grep re.json '"resumed_connections": 2' "--reconnect resumes the session"

# --pinnedpubkey: the leaf's key, then a wrong one.
PIN=$(openssl x509 -in "$P/certificates/site_public_key.pem" -pubkey -noout |
	openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
expect_rc pin_ok 0 "$C" --cacert "$CA" --pinnedpubkey "sha256//$PIN" "$URL"
expect_rc pin_bad 20 "$C" --cacert "$CA" \
	--pinnedpubkey "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" "$URL"
expect_grep pin_bad.err '^fix: ' "pin mismatch has a fix line"

# Wrong CA: the unrelated chain's root.
expect_rc wrong_ca 12 "$C" --cacert "$P/other/ca_certificates_for_client/ca_public_key.pem" "$URL"
expect_grep wrong_ca.err 'issuer check failed' "wrong CA names the issuer check"
expect_grep wrong_ca.err '^fix: ' "wrong CA has a fix line"

# Bad leaves, served by openssl s_server with the fixture's intermediate.
serve() { # serve NAME PORT CERT KEY: an openssl s_server with our chain
	start_bg "$1" openssl s_server -accept "127.0.0.1:$2" -cert "$3" -cert_chain "$3" \
		-key "$4" -pass "$TEST_PASS" -www -quiet -naccept 20
	local i
	for i in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
		sleep 0.1
	done
	fail "$1 did not start"
}
serve expired_srv "$(port 1)" "$P/expired/cert.pem" "$P/expired/key.pem"
serve future_srv "$(port 2)" "$P/future/cert.pem" "$P/future/key.pem"
serve wrongname_srv "$(port 3)" "$P/wrongname/cert.pem" "$P/wrongname/key.pem"
expect_rc expired 15 "$C" --cacert "$CA" "https://localhost:$(port 1)/"
expect_grep expired.err 'validity check failed: .* expired on' "expired names the validity check"
expect_rc future 16 "$C" --cacert "$CA" "https://localhost:$(port 2)/"
expect_grep future.err 'not valid before' "not-yet-valid names the start date"
expect_rc wrongname 17 "$C" --cacert "$CA" "https://localhost:$(port 3)/"
expect_grep wrongname.err 'covers DNS:other\.localhost, not .localhost.' "name mismatch lists the names"
expect_rc wrongname_ip 17 "$C" --cacert "$CA" "https://127.0.0.1:$(port 3)/"

# --insecure: a WARNING every time, the failed check still reported.
expect_rc insecure 0 "$C" --insecure --cacert "$CA" "https://localhost:$(port 3)/"
expect_grep insecure.err '^WARNING: --insecure' "--insecure warns"
expect_grep insecure.err 'check FAILED and was ignored: name check failed' "--insecure reports the check"

# Usage, resolution, connection.
expect_rc usage_none 2 "$C"
expect_grep usage_none.err 'try --help' "usage error says try --help"
expect_rc usage_http 2 "$C" "http://localhost:$PORT/"
expect_rc usage_opt 2 "$C" --frobnicate "$URL"
expect_rc help 0 "$C" --help
expect_grep help.out '^ +17  name mismatch' "--help prints the exit-code table"
# A label over 63 characters fails inside the resolver, without any query leaving the host.
expect_rc resolve_fail 3 "$C" "https://$(printf 'a%.0s' {1..64}).invalid/"
expect_rc refused 4 "$C" --cacert "$CA" "https://127.0.0.1:$(port 19)/"
expect_grep refused.err 'Connection refused' "refused says so"
expect_rc missing_ca 24 "$C" --cacert "$TEST_WORK_DIR/nonexistent.pem" "$URL"
expect_rc out_dir 24 "$C" --cacert "$CA" -o "$TEST_WORK_DIR/no/such/dir/x" "$URL"

finish
