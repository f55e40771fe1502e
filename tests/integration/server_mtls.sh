#!/usr/bin/env bash
# https_server mutual TLS (--client-ca, --client-cert required|optional), /whoami
# (HTML and JSON, read from the server's own TLS session) and POST /echo (64 KiB
# cap, 413 beyond), with curl, openssl s_client and our https_client.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
REQ=$(port 0)
OPT=$(port 1)
CURL=(curl -sS --max-time 10 --cacert "$CA")
# curl takes a key passphrase only on its command line: give it a decrypted copy.
openssl pkey -in "$D/certificates/client_private_key.pem" -passin "$TEST_PASS" -out client.key
openssl pkey -in "$D/other/certificates/client_private_key.pem" -passin "$TEST_PASS" -out other.key
openssl pkey -in "$D/certificates/site_private_key.pem" -passin "$TEST_PASS" -out server.key
CLIENT=(--cert "$D/certificates/client_public_key.pem" --key client.key)
OTHER=(--cert "$D/other/certificates/client_public_key.pem" --key other.key)
WRONG_EKU=(--cert "$D/certificates/site_public_key.pem" --key server.key)
SERVER_ARGS=(--cert "$D/certificates/site_public_key.pem" --key "$D/certificates/site_private_key.pem"
	--pass "$TEST_PASS" --client-ca "$CA" --access-log off)

start_server required --port "$REQ" "${SERVER_ARGS[@]}" --client-cert required ||
	{ fail "server (required) did not start"; finish; }
start_server optional --port "$OPT" "${SERVER_ARGS[@]}" --client-cert optional ||
	{ fail "server (optional) did not start"; finish; }
expect_grep required.log 'client certificates: required' "banner: required"

# Required: no certificate, a foreign one, or one without clientAuth: no page.
for c in none other wrong_eku; do
	case $c in
	none) args=() ;;
	other) args=("${OTHER[@]}") ;;
	wrong_eku) args=("${WRONG_EKU[@]}") ;;
	esac
	run "req_$c" "${CURL[@]}" "${args[@]}" "https://localhost:$REQ/"
	[ "$RC" -ne 0 ] && ok "required, $c: refused (curl exit $RC)" || fail "required, $c: served"
	expect_no_grep "req_$c.out" 'marker' "required, $c: no page"
done
run req_ok "${CURL[@]}" "${CLIENT[@]}" -H 'Accept: application/json' "https://localhost:$REQ/whoami"
[ "$RC" -eq 0 ] && ok "required, valid certificate: served" || fail "required, valid: curl exit $RC"
subject=$(openssl x509 -in "$D/certificates/client_public_key.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
fp=$(openssl x509 -in "$D/certificates/client_public_key.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
expect_grep req_ok.out "\"subject\": \"$subject\"" "whoami JSON: the client's subject"
expect_grep req_ok.out "\"sha256\": \"$fp\"" "whoami JSON: the SHA-256 fingerprint"
expect_grep req_ok.out '"version": "TLSv1\.[23]"' "whoami JSON: the TLS version"
expect_grep req_ok.out '"cipher": "[A-Z0-9_-]+"' "whoami JSON: the cipher"
expect_grep req_ok.out '"group": "(x25519|X25519|secp256r1|prime256v1|P-256|secp384r1)"' "whoami JSON: the group"
expect_grep req_ok.out '"sni": "localhost"' "whoami JSON: the SNI"
expect_grep req_ok.out '"resumed": false' "whoami JSON: not resumed"
expect_grep req_ok.out '"serial": "[0-9A-F]+"' "whoami JSON: the serial"
expect_grep req_ok.out '"not_after": "[A-Z]' "whoami JSON: the validity"
if command -v python3 >/dev/null; then
	python3 -m json.tool req_ok.out >/dev/null 2>&1 && ok "whoami JSON parses" || fail "whoami JSON is not JSON"
fi

# openssl s_client, with and without a certificate.
printf 'GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	timeout 10 openssl s_client -connect "127.0.0.1:$REQ" -servername localhost -CAfile "$CA" \
		-cert "$D/certificates/client_public_key.pem" -key client.key \
		-cert_chain "$D/certificates/client_public_key.pem" -ign_eof >sc_ok.out 2>&1
expect_grep sc_ok.out 'Verify return code: 0' "s_client with certificate: server verified"
expect_grep sc_ok.out "<td>$subject</td>" "s_client with certificate: whoami HTML names it"
printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	timeout 10 openssl s_client -connect "127.0.0.1:$REQ" -servername localhost -CAfile "$CA" \
		-ign_eof >sc_none.out 2>&1
expect_grep sc_none.out 'certificate required|alert' "s_client without certificate: alert"
expect_no_grep sc_none.out 'marker' "s_client without certificate: no page"

# Our client.
# client_expect NAME WANT_RC ARGS...: runs our client and checks its exit status.
client_expect() {
	local name=$1 want=$2
	shift 2
	expect_rc "$name" "$want" "$HTTPS_CLIENT" "$@"
	[ "$RC" -eq "$want" ]
}
client_expect client_ok 0 --cacert "$CA" --cert "$D/certificates/client_public_key.pem" \
	--key "$D/certificates/client_private_key.pem" --pass "$TEST_PASS" "https://localhost:$REQ/whoami" &&
	expect_grep client_ok.out "$subject" "https_client: whoami shows its certificate"
run client_none "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$REQ/"
[ "$RC" -ne 0 ] && ok "https_client without certificate: refused (exit $RC)" ||
	fail "https_client without certificate: served"

# Our client with an expired client certificate (alert 45): 19, named; with a key that is
# not the certificate's (same type, so only the server's check of our signature shows it,
# alert 51): 24, the local file error of a key not matching its certificate.
if "$HTTPS_PKI" issue --profile client --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" --cn "Old Client" \
	--not-before 2020-01-01 --not-after 2020-06-01 --cert old.pem --key old.key --pass "$TEST_PASS" \
	>old_issue.out 2>&1; then
	client_expect client_expired 19 --cacert "$CA" --cert old.pem --key old.key --pass "$TEST_PASS" \
		"https://localhost:$REQ/"
	expect_grep client_expired.err 'refused our certificate .*certificate_expired: it has expired' \
		"https_client: an expired client certificate is named"
	expect_grep client_expired.err '^fix: renew the client certificate' "https_client: expired: the fix"
else
	fail "issue an expired client certificate: $(tail -2 old_issue.out)"
fi
client_expect client_key_mismatch 24 --cacert "$CA" --cert "$D/certificates/client_public_key.pem" \
	--key "$D/other/certificates/client_private_key.pem" --pass "$TEST_PASS" "https://localhost:$REQ/"
expect_grep client_key_mismatch.err 'decrypt_error.*--key is not the key of --cert' \
	"https_client: a key not matching --cert is named"

# Optional: without a certificate the pages say so; with one, they name it.
run opt_none "${CURL[@]}" "https://localhost:$OPT/whoami"
expect_grep opt_none.out 'no client certificate' "optional, none: 'no client certificate'"
run opt_none_json "${CURL[@]}" -H 'Accept: application/json' "https://localhost:$OPT/whoami"
expect_grep opt_none_json.out '"client_certificate": null' "optional, none: JSON null"
run opt_cert "${CURL[@]}" "${CLIENT[@]}" "https://localhost:$OPT/whoami"
expect_grep opt_cert.out "$subject" "optional, with certificate: named"
run opt_other "${CURL[@]}" "${OTHER[@]}" "https://localhost:$OPT/"
[ "$RC" -ne 0 ] && ok "optional, foreign certificate: refused" || fail "optional, foreign: served"
client_expect client_opt 0 --cacert "$CA" "https://localhost:$OPT/"

# A client certificate whose subject is hostile markup: quotes, <script>, &.
# The JSON must stay JSON holding the subject as OpenSSL prints it (RFC 2253),
# the HTML must show it as text, never as markup.
EVIL_CN='Eve "q" <script>alert(1)<script> & x'
"$HTTPS_PKI" issue --profile client --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" --cn "$EVIL_CN" \
	--days 30 --cert evil.pem --key evil.enc.key --pass "$TEST_PASS" >evil_issue.out 2>&1 &&
	openssl pkey -in evil.enc.key -passin "$TEST_PASS" -out evil.key 2>>evil_issue.out
if [ -s evil.key ]; then
	evil_subject=$(openssl x509 -in evil.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
	case $evil_subject in
	*'"'*'<script'*'&'*) ok "hostile subject minted: $evil_subject" ;;
	*) fail "minted subject lost its hostile bytes: $evil_subject" ;;
	esac
	run evil_json "${CURL[@]}" --cert evil.pem --key evil.key -H 'Accept: application/json' \
		"https://localhost:$OPT/whoami"
	if EVIL_SUBJECT="$evil_subject" python3 -c '
import json, os, sys
d = json.load(open("evil_json.out"))
sys.exit(0 if d["client_certificate"]["subject"] == os.environ["EVIL_SUBJECT"] else 1)'; then
		ok "hostile subject: whoami JSON parses and holds the exact subject"
	else
		fail "hostile subject: whoami JSON broken or subject altered"
	fi
	run evil_html "${CURL[@]}" --cert evil.pem --key evil.key "https://localhost:$OPT/whoami"
	evil_html=$(printf '%s' "$evil_subject" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
		-e 's/"/\&quot;/g' -e "s/'/\\&#39;/g")
	grep -qF -- "<td>$evil_html</td>" evil_html.out && ok "hostile subject: whoami HTML escapes it" ||
		fail "hostile subject: whoami HTML lacks <td>$evil_html</td>"
	expect_no_grep evil_html.out '<script' "hostile subject: no <script> in the HTML"
	run evil_echo "${CURL[@]}" --cert evil.pem --key evil.key --data hi "https://localhost:$OPT/echo"
	expect_grep evil_echo.out 'from 127\.0\.0\.1 \(CN=Eve' "hostile subject: echo names the sender as text"
else
	fail "https_pki issue --cn with quotes and <script> failed: $(cat evil_issue.out)"
fi

# POST /echo: hello, the cap, 413 beyond it, chunked, wrong method.
run echo_hello "${CURL[@]}" "${CLIENT[@]}" --data hello "https://localhost:$OPT/echo"
expect_grep echo_hello.out '^you said: hello$' "echo: answers hello"
expect_grep echo_hello.out "$subject" "echo: names the sender's certificate"
client_expect client_echo 0 --cacert "$CA" -d hello "https://localhost:$OPT/echo" &&
	expect_grep client_echo.out 'you said: hello' "echo via https_client"
head -c 65536 /dev/zero | tr '\0' a >exact.bin
head -c 65537 /dev/zero | tr '\0' a >over.bin
code() { curl -s --max-time 10 --cacert "$CA" -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code --data-binary @exact.bin "https://localhost:$OPT/echo")" = 200 ] && ok "echo: 65536 bytes accepted" || fail "echo: 65536 bytes refused"
[ "$(code --data-binary @over.bin "https://localhost:$OPT/echo")" = 413 ] && ok "echo: 65537 bytes -> 413" || fail "echo: 65537 bytes not 413"
[ "$(code -H 'Transfer-Encoding: chunked' --data-binary @over.bin "https://localhost:$OPT/echo")" = 413 ] &&
	ok "echo: chunked over the cap -> 413" || fail "echo: chunked over the cap not 413"
[ "$(code "https://localhost:$OPT/echo")" = 405 ] && ok "echo: GET -> 405" || fail "echo: GET not 405"
[ "$(code -X POST "https://localhost:$OPT/whoami")" = 405 ] && ok "whoami: POST -> 405" || fail "whoami: POST not 405"
# The server is still there after all of it.
[ "$(code "https://localhost:$OPT/")" = 200 ] && ok "still serving" || fail "not serving any more"
finish
