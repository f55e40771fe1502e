#!/usr/bin/env bash
# https_server's plain-HTTP listener (--http-port, --acme-webroot): it answers
# /.well-known/acme-challenge/TOKEN from the webroot and redirects everything
# else to https. Negative cases: no page, no /echo, no /whoami over plain HTTP;
# traversal, links, folders and non-token names refused; bad Host and bad
# targets never reach a Location header; bad option combinations refused.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
CERT=$D/certificates/site_public_key.pem
KEY=$D/certificates/site_private_key.pem
P=$(port 0)
H=$(port 1)
TOKEN=k-SVkQob9-eKLEwGWPTUYB255OcyrXnHbJNCjyjnL-8
AUTH="$TOKEN.thumbprint_of_the_account_key"
C=(curl -sS --max-time 10)

mkdir -p webroot/.well-known/acme-challenge webroot/.well-known/acme-challenge/adir
printf '%s' "$AUTH" >"webroot/.well-known/acme-challenge/$TOKEN"
printf 'TOP SECRET\n' >outside.txt
printf 'TOP SECRET\n' >webroot/outside_token
ln -s "$TEST_WORK_DIR/outside.txt" webroot/.well-known/acme-challenge/linked
chmod 755 webroot

start_server acme --port "$P" --http-port "$H" --acme-webroot webroot --cert "$CERT" \
	--key "$KEY" --pass "$TEST_PASS" --access-log access.log || fail "server did not start"
expect_grep acme.log "plain HTTP on http://127.0.0.1:$H/: ACME challenges from webroot" "banner names the plain-HTTP listener"

# --- the challenge itself
run get "${C[@]}" -D get.h "http://localhost:$H/.well-known/acme-challenge/$TOKEN"
[ "$(cat get.out)" = "$AUTH" ] && ok "challenge: the key authorization, byte for byte" || fail "challenge body: $(head -c 200 get.out)"
expect_grep get.h '^HTTP/1.1 200' "challenge: 200"
expect_grep get.h '^Connection: close' "plain HTTP closes after each answer"
run head "${C[@]}" -I "http://localhost:$H/.well-known/acme-challenge/$TOKEN"
expect_grep head.out '^HTTP/1.1 200' "challenge: HEAD 200"
expect_grep head.out "^Content-Length: ${#AUTH}" "challenge: HEAD gives the length"
run post "${C[@]}" -D post.h -d x "http://localhost:$H/.well-known/acme-challenge/$TOKEN"
expect_grep post.h '^HTTP/1.1 405' "challenge: POST refused (405)"
expect_grep post.h '^Allow: GET, HEAD' "405 names the methods"
expect_grep access.log "\"GET /.well-known/acme-challenge/$TOKEN HTTP/1.1\" 200 ${#AUTH} " "the fetch is in the access log"

# --- refused challenge names: status 404, never the secret
code() { # code NAME URL-PATH [CURL ARGS...]: the status; body in NAME.out
	local name=$1 path=$2
	shift 2
	"${C[@]}" -o "$name.out" -w '%{http_code}' "$@" "http://localhost:$H$path" 2>"$name.err"
}
for t in missing_token adir linked '%2e%2e%2foutside_token' '..%2foutside_token' 'a.b' \
	"$(head -c 200 /dev/zero | tr '\0' a)" '%00' 'a%20b'; do
	got=$(code refused "/.well-known/acme-challenge/$t")
	[ "$got" = 404 ] && ok "challenge name '${t:0:40}': 404" || fail "challenge name '${t:0:40}': $got"
	expect_no_grep refused.out 'TOP SECRET' "challenge name '${t:0:40}': nothing from outside"
done
# Dot segments are resolved before we see the path: whatever comes out is not a file.
for t in '../outside_token' '../../outside.txt' '../../../../etc/passwd' '%2e%2e/%2e%2e/outside.txt'; do
	got=$(code trav "/.well-known/acme-challenge/$t" --path-as-is)
	case $got in
	301 | 400 | 404) ok "traversal '$t': $got" ;;
	*) fail "traversal '$t': $got" ;;
	esac
	expect_no_grep trav.out 'TOP SECRET|root:' "traversal '$t': nothing from outside"
done
got=$(code prefix /.well-known/acme-challenge/)
[ "$got" = 404 ] && ok "empty token: 404" || fail "empty token: $got"

# --- everything else: a redirect to https, no content
run redir "${C[@]}" -D redir.h "http://localhost:$H/index.html?a=1&b=2"
expect_grep redir.h '^HTTP/1.1 301' "page over plain HTTP: 301"
expect_grep redir.h "^Location: https://localhost:$P/index.html\?a=1&b=2"$'\r'"?$" "redirect keeps path and query, goes to the https port"
expect_no_grep redir.out '<html' "no page over plain HTTP"
for path in / /whoami /style.css /.well-known/other; do
	got=$(code plain "$path")
	[ "$got" = 301 ] && ok "plain $path: 301" || fail "plain $path: $got"
	expect_no_grep plain.out '<html|subject|TLS' "plain $path: no content"
done
got=$(code echo /echo -d hello)
[ "$got" = 301 ] && ok "POST /echo over plain HTTP: 301, not echoed" || fail "POST /echo: $got"
expect_no_grep echo.out hello "POST body never echoed over plain HTTP"
run ip "${C[@]}" -D ip.h "http://127.0.0.1:$H/x"
expect_grep ip.h "^Location: https://127.0.0.1:$P/x" "redirect to the address asked for"
# A target with an encoded CR LF stays encoded: no header is ever split.
run crlf "${C[@]}" -D crlf.h "http://localhost:$H/a%0d%0aSet-Cookie:%20x=1"
expect_no_grep crlf.h '^Set-Cookie' "encoded CR LF never splits the Location header"
# Host headers that cannot go into a Location safely: 400.
for h in 'evil.example/path' 'a b' 'user@evil' '[::1]:80' 'x:99999999'; do
	got=$(code host /page -H "Host: $h")
	[ "$got" = 400 ] && ok "Host '$h': 400" || fail "Host '$h': $got"
done
printf 'GET /page HTTP/1.0\r\n\r\n' | timeout 5 nc -q 2 127.0.0.1 "$H" >nohost.out 2>/dev/null ||
	printf 'GET /page HTTP/1.0\r\n\r\n' | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$H; cat >&3; cat <&3" >nohost.out
expect_grep nohost.out '^HTTP/1.1 400' "no Host header: 400"

# --- https is unchanged, and the plain port speaks no TLS
run https curl -sS --max-time 10 --cacert "$CA" "https://localhost:$P/"
expect_grep https.out '<html' "https still serves the pages"
run tlsplain curl -sS --max-time 10 --cacert "$CA" "https://localhost:$H/"
[ "$RC" -ne 0 ] && ok "TLS on the plain-HTTP port fails" || fail "TLS on the plain-HTTP port worked"
stop_pid "$SERVER_PID"

# --- without --acme-webroot: redirects only
start_server nowebroot --port "$P" --http-port "$H" --cert "$CERT" --key "$KEY" \
	--pass "$TEST_PASS" --access-log off || fail "server without webroot did not start"
got=$(code nowr "/.well-known/acme-challenge/$TOKEN")
[ "$got" = 404 ] && ok "no webroot: challenge 404" || fail "no webroot: challenge $got"
stop_pid "$SERVER_PID"

# --- without --http-port: no plain listener at all
start_server noplain --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--access-log off || fail "server without --http-port did not start"
got=$(code none / --connect-timeout 2)
[ "$got" = 000 ] && ok "no --http-port: nothing listens" || fail "no --http-port: got $got"
stop_pid "$SERVER_PID"

# --- options refused
expect_rc opt_webroot_only 2 timeout 10 "$HTTPS_SERVER" --port "$P" --acme-webroot webroot \
	--cert "$CERT" --key "$KEY" --pass "$TEST_PASS"
expect_grep opt_webroot_only.err 'acme-webroot needs --http-port' "--acme-webroot alone: says why"
expect_rc opt_same_port 2 timeout 10 "$HTTPS_SERVER" --port "$P" --http-port "$P" \
	--cert "$CERT" --key "$KEY" --pass "$TEST_PASS"
expect_grep opt_same_port.err 'is also the https --port' "same port twice: says why"
expect_rc opt_no_dir 24 timeout 10 "$HTTPS_SERVER" --port "$P" --http-port "$H" \
	--acme-webroot no/such/dir --cert "$CERT" --key "$KEY" --pass "$TEST_PASS"
expect_grep opt_no_dir.err '^https_server: --acme-webroot no/such/dir: No such file' "missing webroot: says so"
expect_grep opt_no_dir.err '^fix: ' "missing webroot: a fix line"
start_bg holder python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$H)); s.listen(); print('listening', flush=True); time.sleep(30)"
# Only once the holder listens (python starts slowly on a loaded machine).
wait_for_log holder '^listening' || fail "the port holder did not start"
expect_rc opt_busy 7 timeout 10 "$HTTPS_SERVER" --port "$P" --http-port "$H" \
	--cert "$CERT" --key "$KEY" --pass "$TEST_PASS"
expect_grep opt_busy.err "port $H on 127.0.0.1 is already in use" "plain-HTTP port in use: says so"
finish
