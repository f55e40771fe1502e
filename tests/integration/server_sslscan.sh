#!/usr/bin/env bash
# https_server's TLS profile as an external scanner (sslscan) sees it: only TLS 1.2
# and 1.3; only ECDHE AEAD suites; no renegotiation; groups X25519/P-256/P-384;
# and the certificate the server sends.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

P=$(port 0)
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log off || { fail "server did not start"; finish; }

run sslscan timeout 90 sslscan --no-colour "127.0.0.1:$P"
[ "$RC" -eq 0 ] && ok "sslscan ran" || fail "sslscan exit $RC"
S=sslscan.out
for v in SSLv2 SSLv3 'TLSv1\.0' 'TLSv1\.1'; do
	expect_grep $S "^$v +disabled" "$v disabled"
done
expect_grep $S '^TLSv1\.2 +enabled' "TLS 1.2 enabled"
expect_grep $S '^TLSv1\.3 +enabled' "TLS 1.3 enabled"
expect_grep $S 'Session renegotiation not supported' "no renegotiation"
expect_no_grep $S 'Compression enabled' "no compression"
expect_no_grep $S '^TLSv[0-9.]+ +vulnerable to heartbleed' "no heartbleed"
# Every accepted suite: TLS 1.3 AEAD or TLS 1.2 ECDHE with GCM/ChaCha20.
grep -E '^(Preferred|Accepted) ' $S >suites.txt
n=$(wc -l <suites.txt)
[ "$n" -ge 4 ] && ok "$n suites accepted" || fail "only $n suites accepted"
bad=$(grep -Ev 'TLSv1\.3 .*TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)|TLSv1\.2 .*ECDHE-(ECDSA|RSA)-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305)' suites.txt)
[ -z "$bad" ] && ok "only ECDHE AEAD suites" || fail "unexpected suites: $bad"
expect_no_grep $S '(RC4|3DES|DES-CBC|NULL|EXPORT|anon|CBC|SHA1 )' "no weak suites"
expect_no_grep suites.txt ' (DHE|EDH)-' "no finite-field DHE"
grep -A8 'Key Exchange Group' $S | grep -E '^TLSv' >groups.txt
expect_no_grep groups.txt 'secp521r1|ffdhe|sect|brainpool' "only X25519, P-256, P-384"
expect_grep groups.txt 'x25519' "X25519 offered"
expect_grep $S 'Altnames: .*DNS:localhost.*IP Address:127\.0\.0\.1' "certificate names localhost and 127.0.0.1"
finish
