#!/usr/bin/env bash
# /chain.html shows the server's real chain: the SHA-256 fingerprints it lists
# are those of the certificates the server actually sends (as openssl s_client
# -showcerts receives them), in order, plus the root when the server can read
# it; the three checks show the values checked (time, host or address, issuer).
# Text from certificates is HTML-escaped (a subject full of markup). /whoami has
# the site navigation. Negative cases: POST is refused; a self-signed leaf with
# no readable root shows no root section.
# ctest-labels: server
# ctest-timeout: 120
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
Q=$(port 1)
# The server finds the root at its default path, relative to where it runs.
mkdir -p ca_certificates_for_client
cp "$CA" ca_certificates_for_client/ca_public_key.pem
start_server chain --port "$P" --cert "$D/certificates/site_public_key.pem" \
	--key "$D/certificates/site_private_key.pem" --pass "$TEST_PASS" --access-log off ||
	{ fail "server did not start"; finish; }

run page "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$P/chain.html"
[ "$RC" -eq 0 ] && ok "chain page served" || fail "chain page: exit $RC"
run showcerts timeout 10 openssl s_client -connect "127.0.0.1:$P" -servername localhost -CAfile "$CA" -showcerts </dev/null
# Each certificate s_client received, in order, as its SHA-256 fingerprint.
awk '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > ("sent" n ".pem") } /-----END CERTIFICATE-----/ { n = n }' showcerts.out
sent=$(ls sent*.pem 2>/dev/null | wc -l)
[ "$sent" -eq 2 ] && ok "the server sends 2 certificates" || fail "s_client saw $sent certificates"
for i in $(seq 0 $((sent - 1))); do
	want=$(openssl x509 -in "sent$((i + 1)).pem" -noout -fingerprint -sha256 | sed 's/.*=//')
	got=$(grep -o "id=\"fp-$i\">[^<]*" page.out | sed 's/.*>//')
	[ -n "$want" ] && [ "$want" = "$got" ] && ok "certificate #$i: the page lists the fingerprint sent ($want)" ||
		fail "certificate #$i: page '$got', on the wire '$want'"
done
listed=$(grep -c 'id="fp-[0-9]' page.out)
[ "$listed" -eq "$sent" ] && ok "the page lists exactly the certificates sent" || fail "page lists $listed, sent $sent"
want=$(openssl x509 -in "$CA" -noout -fingerprint -sha256 | sed 's/.*=//')
expect_grep page.out "id=\"fp-root\">$want<" "the root's fingerprint (not sent, read from the CA file)"
expect_grep page.out 'Permitted: +DNS:localhost' "the root's name constraints are shown"
expect_grep page.out 'CA:TRUE, pathlen:0 \(critical\)' "the intermediate's basic constraints"
expect_grep page.out 'CA:FALSE \(critical\)' "the leaf's basic constraints"
expect_grep page.out 'DNS:localhost, IP:127\.0\.0\.1' "the leaf's SANs"
expect_grep page.out 'ecdsa-with-SHA256' "the signature algorithm"
expect_grep page.out 'EC 256-bit, curve prime256v1' "the key"
expect_grep page.out '\([0-9]+ days left\)' "days left"
expect_grep page.out 'verified with the next certificate&#39;s public key' "the leaf's signature is verified"
expect_grep page.out 'id="check-time">now is [0-9-]+ [0-9:]+ UTC; .*: yes<' "check 1: the time, valid"
expect_grep page.out 'id="check-name">you asked for &#39;localhost&#39;; .*match \(localhost\)' "check 2: the host, matched"
expect_grep page.out 'id="check-issuer">leaf signed by &#39;CN=HTTPS Demo Intermediate CA' "check 3: the issuers"
expect_grep page.out 'signed<br>|\| signed' "the picture of who signed whom"
expect_grep page.out 'id="marker"' "the browser tests' marker"
run page_ip "$HTTPS_CLIENT" --cacert "$CA" "https://127.0.0.1:$P/chain.html"
expect_grep page_ip.out 'id="check-name">you asked for &#39;127\.0\.0\.1&#39;; .*match \(127\.0\.0\.1\)' "check 2 by address"
run head "$HTTPS_CLIENT" --cacert "$CA" -I "https://localhost:$P/chain.html"
expect_grep head.out '^HTTP/1.1 200' "HEAD /chain.html"
run post "$HTTPS_CLIENT" --cacert "$CA" -d x "https://localhost:$P/chain.html"
expect_grep post.out '405' "POST /chain.html is refused"

# The "Try it" box: the host the request asked for and the port it came to (never a fixed 8080).
expect_grep page.out "https_client -v https://localhost:$P/chain.html" "Try it: https_client with this port"
expect_grep page.out "openssl s_client -connect localhost:$P " "Try it: s_client with this port"
expect_no_grep page.out ':8080' "Try it: no fixed port 8080"
expect_grep page.out 'so all three passed' "all checks passed: the page says so"
run page_ip "$HTTPS_CLIENT" --cacert "$CA" "https://127.0.0.1:$P/chain.html"
expect_grep page_ip.out "https_client -v https://127.0.0.1:$P/chain.html" "Try it: the address the request came to"
run try_it "$HTTPS_CLIENT" --cacert "$CA" -o /dev/null "$(grep -oE 'https_client -v https://[^<]+' page.out | cut -d' ' -f3)"
[ "$RC" -eq 0 ] && ok "Try it: the URL shown fetches this page" || fail "Try it: the URL shown exits $RC"
# A check that failed (another name, fetched with -k): the page does not claim all passed.
run page_k "$HTTPS_CLIENT" -k --resolve "other.localhost:$P:127.0.0.1" "https://other.localhost:$P/chain.html"
expect_no_grep page_k.out 'so all three passed' "a failed check: no claim that all passed"
expect_grep page_k.out 'At least one check below fails' "a failed check: the page says so"

# The home page explains the demo's ECDSA key truthfully: it signs (CertificateVerify),
# the session keys come from ECDHE; no "what one key locks, the other opens".
run home "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$P/"
expect_grep home.out 'ECDSA</strong> key on the P-256 curve, and ECDSA only <em>signs</em>' "home: the key signs"
expect_grep home.out 'CertificateVerify' "home: the handshake signature is named"
expect_grep home.out 'ECDHE key exchange' "home: the session keys come from ECDHE"
expect_no_grep home.out 'one key locks' "home: no claim that the key locks (encrypts) anything"
# /whoami has the site's navigation.
run whoami "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$P/whoami"
expect_grep whoami.out '<nav><a href="/">Start</a><a href="/chain.html">' "/whoami has the navigation"
expect_grep whoami.out 'id="negotiation"' "/whoami says who picked what"

# A subject full of markup, on a self-signed leaf: escaped; no root section.
"$HTTPS_PKI" key --out evil.key --pass "$TEST_PASS" >/dev/null 2>&1 || fail "https_pki key failed"
openssl req -new -x509 -key evil.key -passin "$TEST_PASS" -days 2 -out evil.pem \
	-subj '/O=<script>alert(1)<\/script>/CN=x&y"z' -addext 'subjectAltName=DNS:localhost' \
	-addext 'basicConstraints=critical,CA:FALSE' 2>/dev/null || fail "openssl req failed"
start_server evil --port "$Q" --cert evil.pem --key evil.key --pass "$TEST_PASS" --access-log off ||
	{ fail "server with the markup subject did not start"; finish; }
# (The certificate breaks the policy on purpose: no EKU, a CN not among the SANs.)
run evil_page "$HTTPS_CLIENT" --insecure "https://localhost:$Q/chain.html"
expect_no_grep evil_page.out '<script>' "markup from a certificate is never sent as markup"
# (RFC 2253 form puts a backslash before < > and ", then HTML escaping applies.)
expect_grep evil_page.out '&lt;script\\?&gt;alert\(1\)\\?&lt;/script\\?&gt;' "it is escaped"
expect_grep evil_page.out 'x&amp;y\\?&quot;z' "& and quotes are escaped"
expect_no_grep evil_page.out 'id="fp-root"' "no root section without a matching root"
expect_grep evil_page.out 'id="fp-0"' "the one certificate is listed"
finish
