#!/usr/bin/env bash
# https_server, foundation: it starts with the fixture chain and an encrypted key,
# serves the pages to independent clients (curl, openssl s_client) across many
# handshakes (the civetweb/OpenSSL 3 shim at work, docs/architecture.md fact 1), sends the
# security headers on every response, logs each request, and exits 0 on SIGTERM.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
URL=https://localhost:$P
CURL=(curl -sS --max-time 10 --cacert "$CA")

start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log "$TEST_WORK_DIR/access.log" || { fail "server did not start"; finish; }
ok "server started"
expect_grep server.log "listening on https://127.0.0.1:$P/" "readiness line"
expect_grep server.log "leaf: .*CN=localhost" "banner names the leaf"
expect_grep server.log "days left" "banner gives the days left"

# The page, through curl, and the marker the browser tests read.
expect_rc curl_index 0 "${CURL[@]}" -D headers_index.txt "$URL/"
expect_grep curl_index.out 'id="marker">HTTPS demo: connection verified<' "index has the marker"
expect_rc curl_chain 0 "${CURL[@]}" "https://127.0.0.1:$P/chain.html"
expect_grep curl_chain.out 'root.*intermediate|intermediate.*root' "chain page explains the chain"

# Many handshakes in a row: each of them used to crash civetweb on OpenSSL 3.
n=0
for i in $(seq 12); do
	"${CURL[@]}" -o /dev/null "$URL/?n=$i" && n=$((n + 1))
done
[ "$n" -eq 12 ] && ok "12 separate handshakes served" || fail "only $n of 12 handshakes served"
# Keep-alive: 20 requests over one connection.
urls=()
for i in $(seq 20); do urls+=("$URL/index.html"); done
run curl_keepalive "${CURL[@]}" -w '%{num_connects}\n' -o /dev/null "${urls[@]}"
[ "$(grep -c '^0$' curl_keepalive.out)" -eq 19 ] && ok "20 requests on one kept-alive connection" ||
	fail "keep-alive: connects per request were $(tr '\n' ' ' <curl_keepalive.out)"

# openssl s_client: an independent TLS stack, verifying the chain and the name.
for v in -tls1_3 -tls1_2; do
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 openssl s_client -connect "127.0.0.1:$P" -servername localhost "$v" \
			-CAfile "$CA" -verify_return_error -verify_hostname localhost -ign_eof \
			>"sclient$v.out" 2>&1
	expect_grep "sclient$v.out" 'Verify return code: 0 \(ok\)' "s_client $v verifies the chain"
	expect_grep "sclient$v.out" 'HTTP demo: connection verified|HTTPS demo: connection verified' \
		"s_client $v gets the page"
done
expect_grep sclient-tls1_3.out 'Protocol *: TLSv1.3|New, TLSv1.3' "TLS 1.3 negotiated"
# Old protocols are refused.
for v in -tls1_1 -tls1; do
	timeout 10 openssl s_client -connect "127.0.0.1:$P" "$v" -CAfile "$CA" </dev/null \
		>"old$v.out" 2>&1
	expect_grep "old$v.out" 'alert protocol version|no protocols available' "$v refused"
	expect_no_grep "old$v.out" 'Cipher is [A-Z0-9]' "$v: no cipher agreed"
done

# Security headers on every response: a page, our 404, 405 and 413, and the
# errors civetweb answers itself (400 for an unparsable request, and for an
# oversized request head, which civetweb 1.15 answers 400 rather than 413/431).
"${CURL[@]}" -o /dev/null -D headers_404.txt "$URL/no-such-page"
"${CURL[@]}" -o /dev/null -D headers_405.txt -X DELETE "$URL/index.html"
head -c 70000 /dev/zero | tr '\0' a >over.bin
"${CURL[@]}" -o /dev/null -D headers_413.txt --data-binary @over.bin "$URL/echo"
printf 'BROKEN\r\n\r\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$P" \
	-CAfile "$CA" 2>/dev/null >headers_400.txt
{ printf 'GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: '; head -c 20000 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } |
	timeout 10 openssl s_client -quiet -connect "127.0.0.1:$P" -CAfile "$CA" 2>/dev/null >headers_big.txt
for fs in headers_index.txt:200 headers_404.txt:404 headers_405.txt:405 headers_413.txt:413 \
	headers_400.txt:400 headers_big.txt:'(400|413|431)'; do
	f=${fs%%:*}
	expect_grep "$f" "^HTTP/1.1 ${fs#*:} " "$f: status line ${fs#*:}"
	expect_grep "$f" '^Strict-Transport-Security: max-age=63072000' "$f: HSTS"
	expect_grep "$f" '^X-Content-Type-Options: nosniff' "$f: nosniff"
	expect_grep "$f" "^Content-Security-Policy: default-src 'self'" "$f: CSP"
	expect_grep "$f" '^Referrer-Policy: no-referrer' "$f: Referrer-Policy"
	expect_grep "$f" '^X-Frame-Options: DENY' "$f: X-Frame-Options"
done
expect_no_grep headers_index.txt '^Access-Control' "no CORS headers"

# HEAD: headers only.
run curl_head "${CURL[@]}" -I "$URL/"
expect_grep curl_head.out '^Content-Length: [1-9]' "HEAD gives the length"

# Access log: one Combined Log Format line per request.
sleep 0.2
expect_grep access.log '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [-+][0-9]{4}\] "GET / HTTP/1\.1" 200 [0-9]+ "-" "curl/[^"]+"$' \
	"access log line in Combined Log Format"
expect_no_grep access.log "$(cat "$TEST_PKI_DIR/pass.txt")" "passphrase never in the access log"
expect_no_grep server.log "$(cat "$TEST_PKI_DIR/pass.txt")" "passphrase never in the server output"

# SIGTERM: clean exit 0.
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
rc=$?
[ "$rc" -eq 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
expect_grep server.log 'stopped' "says it stopped"
finish
