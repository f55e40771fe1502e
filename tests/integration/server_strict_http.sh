#!/usr/bin/env bash
# https_server reads HTTP/1.1 strictly (RFC 9112): each request-smuggling shape
# that civetweb's own parser accepts is sent raw over TLS and must get its
# status (400, or 501 for an unknown transfer coding), a closed connection with
# "Connection: close", and an access-log line. Valid shapes (chunk extensions,
# absolute-form for our own host, OPTIONS *, keep-alive) must be served.
# ctest-timeout: 120
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--body-timeout 1500 --access-log access.log || { fail "server did not start"; finish; }

H='Host: localhost\r\n'
# shape NAME WANT_STATUS WANT_CLOSED REQUEST [BODY_PATTERN]: one raw request over TLS.
shape() {
	local name=$1 want=$2 closed=$3 req=$4 body=${5:-}
	python3 "$DEMO_SOURCE_DIR/tests/integration/raw_request.py" "$P" "$CA" "$req" --wait 3 \
		>"$name.out" 2>"$name.err"
	if grep -q "status=$want closed=$closed" "$name.out"; then
		ok "$name: $want, closed=$closed"
	else
		fail "$name: want status=$want closed=$closed, got: $(cat "$name.out" "$name.err")"
	fi
	if [ "$closed" = yes ]; then
		expect_grep "$name.out" 'conn_close_hdr=yes' "$name: the response says Connection: close"
	fi
	[ -z "$body" ] || expect_grep "$name.out" "$body" "$name: body"
}
# logged NAME PATTERN: the access log has the line (it is written after the response).
logged() {
	sleep 0.2
	expect_grep access.log "$2" "$1: logged"
}

# --- request-smuggling shapes: 400 and close
shape cl_and_te 400 yes "POST /echo?s=1 HTTP/1.1\r\n${H}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
logged cl_and_te '"POST /echo\?s=1 HTTP/1.1" 400 '
shape two_lengths 400 yes "POST /echo?s=2 HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"
logged two_lengths '"POST /echo\?s=2 HTTP/1.1" 400 '
shape space_before_colon 400 yes "POST /echo?s=3 HTTP/1.1\r\n${H}Content-Length : 5\r\n\r\nhello"
logged space_before_colon '"POST /echo\?s=3 HTTP/1.1" 400 '
shape length_plus 400 yes "POST /echo?s=4 HTTP/1.1\r\n${H}Content-Length: +5\r\n\r\nhello"
logged length_plus '"POST /echo\?s=4 HTTP/1.1" 400 '
shape length_suffix 400 yes "POST /echo?s=5 HTTP/1.1\r\n${H}Content-Length: 5abc\r\n\r\nhello"
logged length_suffix '"POST /echo\?s=5 HTTP/1.1" 400 '
shape length_hex 400 yes "POST /echo?s=6 HTTP/1.1\r\n${H}Content-Length: 0x5\r\n\r\nhello"
logged length_hex '"POST /echo\?s=6 HTTP/1.1" 400 '
shape obs_fold 400 yes "GET /?s=7 HTTP/1.1\r\n${H}X-Long: a\r\n  continued\r\n\r\n"
logged obs_fold '"GET /\?s=7 HTTP/1.1" 400 '
shape chunk_huge 400 yes "POST /echo?s=8 HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nhello\r\n0\r\n\r\n"
logged chunk_huge '"POST /echo\?s=8 HTTP/1.1" 400 '
shape chunk_negative 400 yes "POST /echo?s=9 HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"
logged chunk_negative '"POST /echo\?s=9 HTTP/1.1" 400 '
shape chunk_0x 400 yes "POST /echo?s=10 HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"
logged chunk_0x '"POST /echo\?s=10 HTTP/1.1" 400 '
shape no_host 400 yes "GET /?s=11 HTTP/1.1\r\n\r\n"
logged no_host '"GET /\?s=11 HTTP/1.1" 400 '
shape two_hosts 400 yes "GET /?s=12 HTTP/1.1\r\n${H}${H}\r\n"
logged two_hosts '"GET /\?s=12 HTTP/1.1" 400 '
shape other_host_absolute 400 yes "GET https://example.com:$P/?s=13 HTTP/1.1\r\n${H}\r\n"
logged other_host_absolute "\"GET https://example.com:$P/\\?s=13 HTTP/1.1\" 400 "
shape other_port_absolute 400 yes "GET https://localhost:1/?s=14 HTTP/1.1\r\n${H}\r\n"
logged other_port_absolute '"GET https://localhost:1/\?s=14 HTTP/1.1" 400 '
shape unknown_coding 501 yes "POST /echo?s=15 HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n"
logged unknown_coding '"POST /echo\?s=15 HTTP/1.1" 501 '
shape bare_lf 400 yes "GET /?s=16 HTTP/1.1\n${H}\r\n"
logged bare_lf '400 '

# --- a body shorter than its Content-Length: 408 at the body deadline (1.5 s here)
start=$(date +%s%N)
shape short_body 408 yes "POST /echo?s=17 HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\nhello"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 3000 ] && ok "short body answered at its deadline (${ms} ms)" || fail "short body took ${ms} ms"
logged short_body '"POST /echo\?s=17 HTTP/1.1" 408 '
expect_no_grep access.log '"POST /echo\?s=17 HTTP/1.1" 200' "short body never answered 200"

# --- valid shapes: served
shape chunk_extension 200 no "POST /echo?s=20 HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6 ; q=\"x y\"\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n" 'you said: hello world'
logged chunk_extension '"POST /echo\?s=20 HTTP/1.1" 200 '
shape own_absolute 200 no "GET https://localhost:$P/?s=21 HTTP/1.1\r\n${H}\r\n" 'DOCTYPE'
logged own_absolute '"GET /\?s=21 HTTP/1.1" 200 '
shape own_absolute_ip 200 no "GET https://127.0.0.1:$P/?s=22 HTTP/1.1\r\n${H}\r\n" 'DOCTYPE'
shape options_star 200 no "OPTIONS * HTTP/1.1\r\n${H}\r\n" 'supports GET'
logged options_star '"OPTIONS \* HTTP/1.1" 200 '
shape options_star_close 200 yes "OPTIONS * HTTP/1.1\r\n${H}Connection: close\r\n\r\n" 'supports GET'
shape connection_close 200 yes "GET /?s=23 HTTP/1.1\r\n${H}Connection: close\r\n\r\n" 'DOCTYPE'
shape http10 200 yes "GET /?s=24 HTTP/1.0\r\n\r\n" 'DOCTYPE'
shape same_lengths 200 no "POST /echo?s=25 HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" 'you said: hello'

# keep-alive still works: a second request on the same connection is served
python3 "$DEMO_SOURCE_DIR/tests/integration/raw_request.py" "$P" "$CA" "GET /?s=30 HTTP/1.1\r\n${H}\r\n" \
	--wait 2 --then "GET /?s=31 HTTP/1.1\r\n${H}\r\n" >keepalive.out 2>&1
expect_grep keepalive.out 'status=200 then=200 closed=no' "keep-alive: two requests on one connection"
# a pipelined request after a refused one is never served
python3 "$DEMO_SOURCE_DIR/tests/integration/raw_request.py" "$P" "$CA" \
	"POST /echo?s=32 HTTP/1.1\r\n${H}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /?s=33 HTTP/1.1\r\n${H}\r\n" \
	--wait 2 >pipelined.out 2>&1
expect_grep pipelined.out 'status=400 closed=yes' "smuggling attempt refused and closed"
sleep 0.2
expect_no_grep access.log 's=33' "the smuggled request was never served"

kill -0 "$SERVER_PID" && ok "server survived" || fail "server died"
check_sanitizers
finish
