#!/usr/bin/env bash
# https_server --badssl DIR serves the whole set of `https_pki badssl` on one
# port: each case's chain by SNI, the IP-URL cases by the loopback address the
# client reached (no SNI), the index chain for any other name, and an index
# page listing every case. Checked with an independent client (openssl
# s_client), so this is about the server, not about any verifier. It binds to
# loopback only and refuses bad input with a clear message.
# ctest-labels: server
# ctest-timeout: 300
source "$TEST_LIB"

expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "$TEST_PASS"
P=$(port 0)
# Every case key is decrypted at start (about 5 s; much longer under ASan).
if start_bg sni "$HTTPS_SERVER" --badssl set --pass "$TEST_PASS" --port "$P" &&
	wait_for_log sni 'listening on https://' 240; then
	SERVER_PID=$BG_PID
	ok "https_server --badssl started"
else
	fail "https_server --badssl did not start"
	sed 's/^/    /' sni.log >&2
	finish
fi
expect_grep sni.log 'badssl mode: [0-9]+ of [0-9]+ cases' "the banner counts the cases"
expect_grep sni.log 'loopback only \(127\.0\.0\.1 and 127\.0\.0\.2\)' "the banner says loopback only"

# leaf_of NAME ADDR [SNI]: the subject and the number of certificates the server sent.
leaf_of() {
	local name=$1 addr=$2 sni=${3:-}
	local s=(-noservername)
	[ -n "$sni" ] && s=(-servername "$sni")
	timeout 20 openssl s_client -connect "$addr:$P" "${s[@]}" -showcerts </dev/null \
		>"$name.sc" 2>&1
	openssl x509 -in "$name.sc" -noout -subject -nameopt RFC2253 2>/dev/null
}
# Each case's own leaf and chain, chosen by SNI.
for name in expired wrong-host two-intermediates missing-intermediate rsa1024 sha1 dsa p192; do
	host=$(awk -F'\t' -v n="$name" '$1 == n {print $2}' set/manifest.tsv)
	want=$(openssl x509 -in "set/$name/cert.pem" -noout -subject -nameopt RFC2253)
	got=$(leaf_of "$name" 127.0.0.1 "$host")
	[ -n "$got" ] && [ "$got" = "$want" ] && ok "SNI $host: the $name leaf ($got)" ||
		fail "SNI $host: got '$got', want '$want'"
	n_sent=$(grep -c 'BEGIN CERTIFICATE' "$name.sc")
	n_file=$(grep -c 'BEGIN CERTIFICATE' "set/$name/cert.pem")
	[ "$n_sent" -eq "$n_file" ] && ok "$name: $n_sent certificates sent, as in cert.pem" ||
		fail "$name: $n_sent certificates sent, cert.pem holds $n_file"
done
# certbot's layout: fullchain.pem is what is sent.
got=$(leaf_of certbot 127.0.0.1 certbot.badssl.localhost)
[ "$got" = "$(openssl x509 -in set/certbot/cert.pem -noout -subject -nameopt RFC2253)" ] &&
	ok "certbot: its leaf" || fail "certbot: got '$got'"
[ "$(grep -c 'BEGIN CERTIFICATE' certbot.sc)" -eq 2 ] && ok "certbot: fullchain.pem sent" ||
	fail "certbot: not the full chain"
# No SNI: by address.
v4=$(openssl x509 -in set/ipv4/cert.pem -noout -fingerprint -sha256)
leaf_of nosni1 127.0.0.1 >/dev/null
[ "$(openssl x509 -in nosni1.sc -noout -fingerprint -sha256)" = "$v4" ] &&
	ok "no SNI on 127.0.0.1: the ipv4 case" || fail "no SNI on 127.0.0.1: not the ipv4 case"
ipdns=$(openssl x509 -in set/ip-as-dns/cert.pem -noout -fingerprint -sha256)
leaf_of nosni2 127.0.0.2 >/dev/null
[ "$(openssl x509 -in nosni2.sc -noout -fingerprint -sha256)" = "$ipdns" ] &&
	ok "no SNI on 127.0.0.2: the ip-as-dns case" || fail "no SNI on 127.0.0.2: not ip-as-dns"
# Any other name: the index chain.
idx=$(openssl x509 -in set/index/cert.pem -noout -fingerprint -sha256)
for sni in badssl.localhost nothing-here.badssl.localhost; do
	leaf_of "other_$sni" 127.0.0.1 "$sni" >/dev/null
	[ "$(openssl x509 -in "other_$sni.sc" -noout -fingerprint -sha256)" = "$idx" ] &&
		ok "SNI $sni: the index chain" || fail "SNI $sni: not the index chain"
done

# The index page (a verified fetch: the index chain is good), and the case pages.
C=(--cacert set/ca.pem --resolve "badssl.localhost:$P:127.0.0.1")
expect_rc index 0 "$HTTPS_CLIENT" "${C[@]}" "https://badssl.localhost:$P/"
n=$(grep -vc '^#' set/manifest.tsv)
[ "$(grep -c '<tr id="case-' index.out)" -eq "$n" ] && ok "the index lists all $n cases" ||
	fail "the index lists $(grep -c '<tr id="case-' index.out) of $n cases"
expect_grep index.out '<tr id="case-expired"><td>expired</td><td><a href="https://expired\.badssl\.localhost:'"$P"'/">' \
	"the index links each case by its host"
expect_grep index.out 'case-rsa2047.*Chromium is more lenient' "the index gives Chromium's leniency"
expect_grep index.out 'case-ipv6.*not served here' "the index says the IPv6 case needs another server"
expect_rc notfound 22 "$HTTPS_CLIENT" "${C[@]}" -f "https://badssl.localhost:$P/nothing"
# One stylesheet for every page: the index and the case pages link /style.css, served as the docroot's.
expect_grep index.out '<link rel="stylesheet" href="/style.css">' "the index uses the demo's stylesheet"
expect_rc css 0 "$HTTPS_CLIENT" "${C[@]}" -f "https://badssl.localhost:$P/style.css"
cmp -s css.out "$DEMO_SOURCE_DIR/server/www/style.css" && ok "/style.css is server/www/style.css" ||
	fail "/style.css differs from server/www/style.css"
expect_rc css_other 22 "$HTTPS_CLIENT" "${C[@]}" -f "https://badssl.localhost:$P/index.html"
expect_rc post 22 "$HTTPS_CLIENT" "${C[@]}" -f -d x "https://badssl.localhost:$P/"
expect_rc good 0 "$HTTPS_CLIENT" --cacert set/good/ca.pem \
	--resolve "good.badssl.localhost:$P:127.0.0.1" "https://good.badssl.localhost:$P/"
expect_grep good.out 'id="badssl-case">good<' "the good case shows its own page"
expect_grep good.out '<link rel="stylesheet" href="/style.css">' "a case page uses the demo's stylesheet"
stop_pid "$SERVER_PID"

# Bad input: another address, a wrong passphrase, a folder without a manifest.
expect_rc bind 2 "$HTTPS_SERVER" --badssl set --pass "$TEST_PASS" --bind 0.0.0.0 --port "$(port 1)"
expect_grep bind.err 'loopback only' "--bind 0.0.0.0 is refused: loopback only"
expect_grep bind.err '^fix: ' "the refusal has a fix line"
printf 'wrong-passphrase\n' >wrong.txt
expect_rc wrongpass 6 "$HTTPS_SERVER" --badssl set --pass "file:$TEST_WORK_DIR/wrong.txt" --port "$(port 2)"
expect_grep wrongpass.err 'cannot load the key .*: wrong passphrase' "a wrong passphrase is named"
mkdir -p empty
expect_rc nomanifest 24 "$HTTPS_SERVER" --badssl empty --pass "$TEST_PASS" --port "$(port 3)"
expect_grep nomanifest.err 'manifest.tsv' "a folder without manifest.tsv is named"
expect_grep nomanifest.err '^fix: .*https_pki badssl' "the fix says how to make the set"
finish
