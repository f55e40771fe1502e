#!/usr/bin/env bash
# https_client's HTTP/1.1 side against a purpose-made server (client_httpd.py,
# Python's ssl): Content-Length, chunked and close-delimited bodies, every
# malformed or oversized response class (exit 23), --fail (22), -L same
# origin only and at most 5 (21), -X/-H/-d, --max-filesize, and timeouts
# (connect, handshake, response: exit 5).
# ctest-labels: client valgrind
# ctest-timeout: 300
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
C=$HTTPS_CLIENT
PY=/usr/bin/python3
HTTPD=$(dirname "$TEST_LIB")/client_httpd.py
PORT=$(port 0)
U=https://localhost:$PORT

start_bg httpd "$PY" "$HTTPD" "$PORT" "$P/certificates/site_public_key.pem" \
	"$P/certificates/site_private_key.pem" "$P/pass.txt"
wait_for_log httpd '^ready' || { fail "client_httpd.py did not start"; finish; }

get() { # get NAME WANT_RC PATH [OPTIONS...]
	local name=$1 want=$2 path=$3
	shift 3
	expect_rc "$name" "$want" "$C" --cacert "$CA" --max-time 20 "$@" "$U$path"
}

get ok 0 /ok
expect_grep ok.out '^hello$' "Content-Length body"
get chunked 0 /chunked
expect_grep chunked.out '^hello world$' "chunked body with extension and trailer"
get close 0 /close
expect_grep close.out '^until close$' "close-delimited body"
get interim 0 /interim
expect_grep interim.out '^hello$' "1xx interim response skipped"
get big 0 /big
[ "$(wc -c <big.out)" -eq 100000 ] && ok "100 kB body intact" || fail "100 kB body size"

# Every malformed or oversized class: exit 23, the message says what, and a fix.
for path in bad-status not-http bare-lf obs-fold space-before-colon cl-conflict cl-bad \
	te-and-cl te-gzip chunk-bad chunk-huge truncated long-line many-headers huge-head \
	no-response; do
	get "bad_$path" 23 "/$path"
done
expect_grep bad_truncated.err 'truncated after 9 of 100 bytes' "truncation is named"
expect_grep bad_te-and-cl.err 'both Transfer-Encoding and Content-Length' "TE+CL is named"
expect_grep bad_huge-head.err 'larger than 64 KiB' "head limit is named"
expect_grep bad_obs-fold.err '^fix: ' "malformed response has a fix line"
get maxsize 23 /big --max-filesize 1000
expect_grep maxsize.err 'max-filesize' "--max-filesize (Content-Length)"
get maxsize_close 23 /big-close --max-filesize 1000
get maxsize_ok 0 /ok --max-filesize 5

# --fail
get notfound 0 /404
expect_grep notfound.out 'not found' "404 body without --fail"
get fail404 22 /404 --fail
expect_grep fail404.err 'HTTP error: the server answered 404' "--fail names the status"
[ -s fail404.out ] && fail "--fail printed the body" || ok "--fail prints no body"

# Redirects: reported, followed only with -L, same origin, at most 5.
get redirect_nofollow 0 /redirect-same
expect_grep redirect_nofollow.err 'add -L to follow' "redirect is reported"
get redirect_same 0 /redirect-same -L
expect_grep redirect_same.out '^hello$' "-L follows a same-origin redirect"
get redirect_other 21 /redirect-other -L
expect_grep redirect_other.err 'another origin' "-L refuses another origin"
get redirect_loop 21 /redirect-loop -L
expect_grep redirect_loop.err 'more than 5 redirects' "-L stops after 5"

# Request shaping: -X, -H, -d @file.
printf 'line1\nline2' >data.bin
get echo 0 /echo -X PUT -H 'X-Demo: yes' -d @data.bin
expect_grep echo.out '^PUT /echo HTTP/1.1' "-X sets the method"
expect_grep echo.out '^X-Demo: yes' "-H adds a header"
expect_grep echo.out '^Content-Length: 11' "-d @file sets Content-Length"
get echo_post 0 /echo -d 'a=1'
expect_grep echo_post.out '^POST /echo' "-d makes a POST"
get bad_header 2 /ok -H 'NoColon'
get missing_data 24 /ok -d @"$TEST_WORK_DIR/none.bin"

# Timeouts: response too slow, handshake never answered, connect never accepted.
get slow 5 /slow-head --max-time 1
expect_grep slow.err 'timeout' "slow response: timeout named"
get slow_body 5 /slow-body --max-time 1
start_bg silent "$PY" "$HTTPD" --silent "$(port 1)"
wait_for_log silent '^ready' || fail "silent server did not start"
expect_rc handshake_timeout 5 "$C" --cacert "$CA" --max-time 1 "https://localhost:$(port 1)/"
start_bg blackhole "$PY" "$HTTPD" --blackhole "$(port 2)"
wait_for_log blackhole '^ready' || fail "blackhole did not start"
expect_rc connect_timeout 5 "$C" --cacert "$CA" --connect-timeout 1 "https://localhost:$(port 2)/"
expect_grep connect_timeout.err 'connect to localhost port [0-9]+ timed out' "connect timeout named"

finish
