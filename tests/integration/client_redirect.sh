#!/usr/bin/env bash
# https_client -L against redirects a careless or hostile server sends
# (redirect_httpd.py): an empty Location, two Location fields, a Location of
# 4,400 bytes (which once made the client read a URL it had not written and
# print a message from stale stack bytes), and plain http are refused with
# exit 21, a message that says which and a fix line; relative and absolute
# Locations have their dot segments removed (RFC 3986 section 5.2.4).
# Label valgrind: scripts/test.sh also runs it with the client under memcheck.
# ctest-labels: client valgrind
# ctest-timeout: 120
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
C=$HTTPS_CLIENT
PORT=$(port 0)
U=https://localhost:$PORT

start_bg httpd python3 "$DEMO_SOURCE_DIR/tests/integration/redirect_httpd.py" "$PORT" \
	"$P/certificates/site_public_key.pem" "$P/certificates/site_private_key.pem" "$P/pass.txt"
wait_for_log httpd '^ready' || { fail "redirect_httpd.py did not start"; finish; }

get() { # get NAME WANT_RC PATH [OPTIONS...]
	local name=$1 want=$2 path=$3
	shift 3
	expect_rc "$name" "$want" "$C" --cacert "$CA" --max-time 20 "$@" "$U$path"
}

# refused NAME: NAME.err is one message line and one fix line, nothing else.
refused() {
	expect_grep "$1.err" '^https_client: redirect refused: ' "$1: says the redirect was refused"
	expect_grep "$1.err" '^fix: ' "$1: has a fix line"
	[ "$(wc -l <"$1.err")" -eq 2 ] && ok "$1: two lines on stderr" ||
		fail "$1: $(wc -l <"$1.err") lines on stderr"
	[ -s "$1.out" ] && fail "$1: printed a body" || ok "$1: prints no body"
}

# An empty Location names no target: refused, not read as "/".
get empty 21 /empty -L
refused empty
expect_grep empty.err 'empty Location' "empty: named"
get empty_nofollow 0 /empty
expect_grep empty_nofollow.err 'with an empty Location; -L would refuse it' "empty: noted without -L"

# Two Location fields: refused, both named, neither followed.
get two 21 /two -L
refused two
expect_grep two.err "2 Location fields \('/first', '/second'\)" "two: both values named"
expect_no_grep httpd.log 'first|second' "two: neither was fetched"
get two_nofollow 0 /two
expect_grep two_nofollow.err 'more than one Location; -L would refuse it' "two: noted without -L"

# 4,400 bytes: the lengths and the limit, and no message made of stale bytes.
get long 21 /long -L
refused long
expect_grep long.err \
	'Location of 4400 bytes resolves to a path and query of 4400 bytes, longer than the limit of 4096' \
	"long: the lengths and the limit"
expect_no_grep long.err 'another origin|refused: /aaaa' "long: not the old message (the Location called another origin)"
LC_ALL=C grep -q '[^[:print:]]' long.err && fail "long: unprintable bytes on stderr" ||
	ok "long: stderr is printable text"

# -w after a refused redirect: the real message, not stale bytes.
get long_w 21 /long -L -s -w '%{json}'
expect_grep long_w.out '"exitcode":21,"errormsg":"redirect refused: Location of 4400 bytes resolves' \
	"long: -w %{json} carries the real message"

# Plain http is not followed.
get to_http 21 /to-http -L
refused to_http
expect_grep to_http.err 'plain http://' "to-http: named"

# Dot segments removed, relative (RFC 3986 5.4: a/../../b/./c) and absolute.
get dots_root 0 /dots -L
expect_grep dots_root.out '^/b/c$' "dots from /dots: /b/c"
get dots_deep 0 /x/y/dots -L -v
expect_grep dots_deep.out '^/x/b/c$' "dots from /x/y/dots: /x/b/c"
expect_grep dots_deep.err "following redirect 1 to a/\.\./\.\./b/\./c: https://localhost:$PORT/x/b/c" \
	"-v shows the Location and where it resolved"
get abs_dots 0 /abs-dots -L -w '\n%{http_code}\n'
expect_grep abs_dots.out '^/y/z$' "absolute Location: /y/z"
expect_grep abs_dots.out '^200$' "-w after a followed redirect"
expect_no_grep httpd.log '\.\.' "no dot segment reached the server"

finish
