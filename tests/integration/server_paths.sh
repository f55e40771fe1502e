#!/usr/bin/env bash
# https_server never serves anything outside its document root, whatever the
# spelling of the path (dot segments, percent-encoded and doubly encoded, NUL,
# backslashes), rejects URIs carrying CR or LF (no header injection), and keeps
# civetweb's risky features off: no directory listing, PUT, DELETE, CORS,
# websockets, CGI or server-side includes.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
URL=https://localhost:$P

# A document root with a secret beside it, a sub-folder without index, and
# files civetweb would run or list if it served them itself.
mkdir -p site/www/sub site/www/empty site/secret
printf 'TOP-SECRET-%s\n' "$RANDOM$RANDOM" >site/secret/reminder.txt
SECRET=$(cat site/secret/reminder.txt)
printf '<p>home</p>\n' >site/www/index.html
printf '<p>sub page</p>\n' >site/www/sub/page.html
printf '#!/bin/sh\necho Content-Type: text/plain\necho\necho CGI-$((40 + 2))\n' >site/www/run.cgi
chmod 755 site/www/run.cgi
printf '<!--#exec cmd="echo SSI-$((40 + 2))" -->\n' >site/www/inc.shtml
printf 'hidden\n' >site/www/.htpasswd
ln -s ../secret/reminder.txt site/www/link.txt
# Names with a percent sign: served by their encoded name (%25), the path decoded once.
printf 'percent page\n' >'site/www/100%.html'
printf 'percent-41\n' >'site/www/%41'
printf 'A\n' >site/www/A

start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--docroot site/www --access-log access.log || { fail "server did not start"; finish; }

# status NAME WANT_REGEX PATH [CURL ARGS...]
status() {
	local name=$1 want=$2 path=$3 code
	shift 3
	code=$(curl -s --max-time 10 --cacert "$CA" --path-as-is -o "$name.body" -w '%{http_code}' \
		"$@" "$URL$path")
	if [[ $code =~ ^($want)$ ]]; then
		ok "$name: $path -> $code"
	else
		fail "$name: $path -> $code, want $want"
	fi
	if grep -q -- "$SECRET" "$name.body" 2>/dev/null; then
		fail "$name: the secret was served"
	fi
}

status home 200 /
status sub 200 /sub/page.html
for p in /../secret/reminder.txt /../../secret/reminder.txt /sub/../../secret/reminder.txt \
	/%2e%2e/secret/reminder.txt /%2E%2E/secret/reminder.txt /..%2fsecret%2freminder.txt \
	/%2e%2e%2fsecret%2freminder.txt /%252e%252e/secret/reminder.txt \
	/..%5csecret%5creminder.txt '/..\secret\reminder.txt' /./index.html //index.html \
	/index.html%00.txt /%c0%ae%c0%ae/secret/reminder.txt; do
	status "traversal" '4[0-9][0-9]' "$p"
done
# Decoded once: %25 is a literal %, so /%2541 is the file named "%41", never /A.
status percent_name 200 /100%25.html
expect_grep percent_name.body '^percent page$' "a file named 100%.html is served as /100%25.html"
status percent_41 200 /%2541
expect_grep percent_41.body '^percent-41$' "/%2541 serves the file named %41, not /A"
status percent_bare 400 /100%.html
for p in /%252e%252e/index.html /sub/%252e%252e/%252e%252e/secret/reminder.txt /a%252fb \
	/%ff%fe /%c0%ae%c0%ae/index.html /%e0%80%ae%e0%80%ae/index.html; do
	status "hidden_step" 400 "$p"
done
status symlink 404 /link.txt
status hidden 404 /.htpasswd
status no_listing 404 /empty/
status no_listing_sub 404 /sub/
status cgi_not_run 200 /run.cgi
expect_no_grep cgi_not_run.body 'CGI-42' "CGI is not executed"
status ssi_not_run 200 /inc.shtml
expect_no_grep ssi_not_run.body 'SSI-42' "SSI is not processed"

# CR/LF in the URI, encoded (civetweb 1.15 lets %0d%0a through) and raw.
status crlf 400 '/index.html%0d%0aSet-Cookie:%20injected=1'
status lf 400 '/%0aX-Injected:%201'
status cr 400 '/sub%0d'
expect_no_grep crlf.body 'injected' "no injected header echoed"
printf 'GET /index.html\rX-Injected: 1 HTTP/1.1\r\nHost: localhost\r\n\r\n' |
	timeout 10 openssl s_client -quiet -connect "127.0.0.1:$P" -CAfile "$CA" 2>/dev/null >raw_cr.out
expect_grep raw_cr.out '^HTTP/1.1 4[0-9][0-9]' "raw CR in the request line: 4xx"
expect_no_grep raw_cr.out '^X-Injected' "raw CR: nothing injected"

# Methods and features that stay off.
status put 405 /index.html -X PUT --data x
status delete 405 /index.html -X DELETE
status propfind '4[0-9][0-9]' / -X PROPFIND
status post_page 405 /index.html --data x
# A body nobody reads is not drained at any size: the connection closes instead.
curl -s --max-time 10 --cacert "$CA" -D post_page.h -o /dev/null --data x "$URL/index.html"
expect_grep post_page.h '^Connection: close' "unread request body: connection closed"
printf 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n\r\nabc' |
	timeout 10 openssl s_client -quiet -connect "127.0.0.1:$P" -CAfile "$CA" 2>/dev/null >huge_body.out
expect_grep huge_body.out '^HTTP/1.1 405' "1 GB declared body: answered 405 at once"
status options '4[0-9][0-9]' / -X OPTIONS -H 'Origin: https://evil.example' \
	-H 'Access-Control-Request-Method: PUT'
curl -s --max-time 10 --cacert "$CA" -D cors.h -o /dev/null -H 'Origin: https://evil.example' "$URL/"
expect_no_grep cors.h '^Access-Control-' "no CORS headers for a foreign origin"
status websocket '4[0-9][0-9]' / -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
	-H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
printf 'GET https://example.com:%s/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n' "$P" |
	timeout 10 openssl s_client -quiet -connect "127.0.0.1:$P" -CAfile "$CA" 2>/dev/null >absolute.out
# Absolute-form for another origin: refused (our own is served; server_strict_http).
expect_grep absolute.out '^HTTP/1.1 400' "absolute-form target for another host: 400"

# Oversized request head: refused, the server keeps serving.
big=$(head -c 20000 /dev/zero | tr '\0' a)
status big_header '4[0-9][0-9]|000' / -H "X-Big: $big"
status still_serving 200 /
expect_no_grep access.log "$SECRET" "the secret is never logged"
finish
