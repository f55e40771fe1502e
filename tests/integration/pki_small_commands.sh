#!/usr/bin/env bash
# The small commands of the lab: a public key written alone (key --pubout,
# mode 0644, next to the 0600 encrypted private key) and explained by inspect
# (algorithm, SPKI SHA-256 pin as curl --pinnedpubkey takes it); inspect --pem
# explains the PEM armour of any PEM file; trust refuses a file of several
# roots up front, naming the count, instead of importing only the first;
# issue --self-signed makes the leaf a client must refuse (exit 13) unless it
# trusts that very file. Negative cases first.
# ctest-labels: pki
# ctest-timeout: 120
source "$TEST_LIB"

umask 022
cp "$TEST_PKI_DIR/pass.txt" pass.txt && chmod 600 pass.txt
PASS=file:$TEST_WORK_DIR/pass.txt
ROOT=$TEST_PKI_DIR/private_ca/root_ca_public_key.pem

# --- refusals ---
expect_rc pubout_same 2 "$HTTPS_PKI" key --out k.pem --pubout k.pem --pass "$PASS"
expect_grep pubout_same.err '^https_pki: --pubout names the key file itself' "--pubout = --out refused"
[ ! -e k.pem ] && ok "no key written on refusal" || fail "k.pem written on refusal"
echo old >pub_exists.pem
expect_rc pubout_exists 8 "$HTTPS_PKI" key --out k.pem --pubout pub_exists.pem --pass "$PASS"
[ ! -e k.pem ] && ok "no key written when --pubout exists" || fail "k.pem written although --pubout exists"
expect_rc pem_json 2 "$HTTPS_PKI" inspect --pem --json "$ROOT"
expect_grep pem_json.err 'does not go with --json' "--pem with --json refused"
printf -- '-----BEGIN PUBLIC KEY-----\nMFkw!!!!\n-----END PUBLIC KEY-----\n' >badpub.pem
expect_rc bad_pub 24 "$HTTPS_PKI" inspect badpub.pem
expect_grep bad_pub.err '^https_pki: badpub.pem: the PUBLIC KEY block does not decode' "broken public key"
expect_rc bad_pem 24 "$HTTPS_PKI" inspect --pem badpub.pem
expect_grep bad_pem.err '^fix: ' "broken base64: a fix line"
printf -- '-----BEGIN DH PARAMETERS-----\nMAYCAQICAQI=\n-----END DH PARAMETERS-----\n' >dh.pem
expect_rc unknown_label 24 "$HTTPS_PKI" inspect dh.pem
expect_grep unknown_label.err '^fix: https_pki inspect --pem dh.pem' "unknown label points to --pem"
cat "$ROOT" "$ROOT" >two_roots.pem
expect_rc trust_two 24 "$HTTPS_PKI" trust --print two_roots.pem
expect_grep trust_two.err 'holds 2 certificates; trust and untrust take one root a file' "two roots refused"
expect_no_grep trust_two.out 'Root:' "nothing printed for the first root alone"
expect_rc untrust_two 24 "$HTTPS_PKI" untrust --print two_roots.pem

# --- the fix line of the refusal works ---
fix=$(sed -n 's/^fix: split it: \(.*\); then one command per rootN.pem$/\1/p' trust_two.err)
(eval "$fix") && [ -s root1.pem ] && [ -s root2.pem ] && ok "the split fix makes root1.pem, root2.pem" ||
	fail "the split fix did not work: $fix"
expect_rc trust_one 0 "$HTTPS_PKI" trust --print root2.pem
expect_grep trust_one.out '^Root: ' "each split root is taken"

# --- key --pubout ---
expect_rc pubout 0 "$HTTPS_PKI" key --out k.pem --pubout pub.pem --pass "$PASS"
[ "$(stat -c %a k.pem)" = 600 ] && ok "private key 0600" || fail "private key mode $(stat -c %a k.pem)"
[ "$(stat -c %a pub.pem)" = 644 ] && ok "public key 0644" || fail "public key mode $(stat -c %a pub.pem)"
expect_grep k.pem '^-----BEGIN ENCRYPTED PRIVATE KEY-----$' "private key encrypted"
expect_grep pub.pem '^-----BEGIN PUBLIC KEY-----$' "public key PEM"
openssl pkey -in k.pem -passin "$PASS" -pubout -out pub_openssl.pem 2>/dev/null &&
	cmp -s pub.pem pub_openssl.pem && ok "pub.pem is k.pem's public half (openssl agrees)" ||
	fail "pub.pem does not match k.pem"

# --- inspect of a public key: algorithm, pin ---
expect_rc inspect_pub 0 "$HTTPS_PKI" inspect pub.pem
pin=$(openssl pkey -pubin -in pub.pem -outform der | openssl dgst -sha256 -binary | base64)
expect_grep inspect_pub.out "SPKI SHA-256 base64 +${pin//+/\\+}\$" "the SPKI pin matches openssl's"
expect_grep inspect_pub.out 'key +ECDSA P-256' "algorithm and curve"
"$HTTPS_PKI" key --out r.pem --pubout rpub.pem --type rsa2048 --pass "$PASS" >/dev/null 2>&1
expect_rc inspect_rsa 0 "$HTTPS_PKI" inspect --json rpub.pem
expect_grep inspect_rsa.out '"key": "RSA 2048"' "RSA size in JSON"

# --- inspect --pem ---
expect_rc pem_cert 0 "$HTTPS_PKI" inspect --pem "$ROOT"
der=$(openssl x509 -in "$ROOT" -outform der | wc -c)
expect_grep pem_cert.out '-----BEGIN CERTIFICATE----- \.\.\. -----END CERTIFICATE-----' "armour"
expect_grep pem_cert.out "DER +$der bytes, starting 30 82 .*SEQUENCE" "DER size and SEQUENCE"
expect_grep pem_cert.out "base64 +$(((der + 2) / 3 * 4)) characters" "base64 length"
expect_rc pem_dh 0 "$HTTPS_PKI" inspect --pem dh.pem
expect_grep pem_dh.out 'label says +a label this tool does not know' "any PEM label"
expect_rc pem_two 0 "$HTTPS_PKI" inspect --pem two_roots.pem
expect_grep pem_two.out 'PEM block 2' "every block"
# --- a self-signed leaf ---
expect_rc ss_conflict 2 "$HTTPS_PKI" issue --self-signed --ca-dir "$TEST_PKI_DIR/private_ca" \
	--cn localhost --cert x.pem --key x.key --pass "$PASS"
expect_grep ss_conflict.err 'self-signed leaf has no CA' "--self-signed with --ca-dir refused"
expect_rc ss 0 "$HTTPS_PKI" issue --self-signed --cn localhost --san DNS:localhost --cert ss.pem \
	--key ss.key --pass "$PASS"
expect_grep ss.out 'is self-signed: no CA vouches for it' "issue says what a self-signed leaf means"
openssl x509 -in ss.pem -noout -subject -issuer -ext basicConstraints >ss.txt 2>&1
[ "$(sed -n 's/^subject=//p' ss.txt)" = "$(sed -n 's/^issuer=//p' ss.txt)" ] &&
	ok "subject = issuer (self-signed)" || fail "not self-signed: $(cat ss.txt)"
expect_grep ss.txt 'CA:FALSE' "a leaf, not a CA"
P=$(port 0)
start_server sss --port "$P" --cert ss.pem --key ss.key --pass "$PASS" --access-log off ||
	fail "server with the self-signed leaf did not start"
expect_grep sss.log 'the leaf signs itself: no CA vouches for it' "the server's banner says the leaf signs itself (no root to keep)"
expect_rc ss_client 13 "$HTTPS_CLIENT" -o /dev/null "https://localhost:$P/"
expect_grep ss_client.err 'self-signed' "the client names it self-signed"
expect_rc ss_trusted 0 "$HTTPS_CLIENT" -o /dev/null --cacert ss.pem "https://localhost:$P/"
finish
