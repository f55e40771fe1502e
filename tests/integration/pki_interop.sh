#!/usr/bin/env bash
# https_pki's artefacts are accepted by the OpenSSL command line, an independent
# implementation: the fixture chain verifies (openssl verify -CAfile -untrusted),
# its keys open with the passphrase (openssl pkey -passin file:) and are PKCS#8
# PBES2 AES-256-CBC PBKDF2-HMAC-SHA256 with mode 0600, CSRs verify (openssl req
# -verify), the certificate profile of docs/pki.md holds (name constraints,
# pathlen:0, key usages, 16-byte serials, AKI/SKI), the root's name constraints
# are enforced by openssl verify, and `https_pki verify` agrees with openssl.
# ctest-labels: pki
# ctest-timeout: 300
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
SITE=$D/certificates/site_public_key.pem
CLIENT=$D/certificates/client_public_key.pem
PASSFILE=$D/pass.txt

# osslverify NAME WANT CERT [ARGS...]: openssl verify with the demo root, the
# intermediates from CERT itself; WANT is "OK" or "error N".
osslverify() {
	local name=$1 want=$2 cert=$3
	shift 3
	run "$name" openssl verify -CAfile "$CA" -untrusted "$cert" "$@" "$cert"
	if [ "$want" = OK ]; then
		expect_grep "$name.out" ': OK$' "$name: openssl verify accepts it"
	else
		expect_grep "$name.err" "^$want at " "$name: openssl verify says $want"
	fi
}

osslverify site OK "$SITE" -purpose sslserver -verify_hostname localhost
osslverify site_ip OK "$SITE" -purpose sslserver -verify_ip 127.0.0.1
osslverify client OK "$CLIENT" -purpose sslclient
osslverify expired "error 10" "$D/expired/cert.pem"
osslverify future "error 9" "$D/future/cert.pem"
osslverify wrongname "error 62" "$D/wrongname/cert.pem" -verify_hostname localhost
osslverify other_chain "error 20" "$D/other/certificates/site_public_key.pem"

# Keys: openssl opens them with the passphrase file; the scheme is PBES2 as promised.
for k in certificates/site_private_key.pem certificates/client_private_key.pem \
	private_ca/root_ca_private_key.pem private_ca/intermediate_ca_private_key.pem expired/key.pem; do
	n=$(basename "$(dirname "$k")")_$(basename "$k" .pem)
	expect_rc "pkey_$n" 0 openssl pkey -in "$D/$k" -passin "file:$PASSFILE" -noout
	run "asn1_$n" openssl asn1parse -in "$D/$k"
	for oid in PBES2 PBKDF2 hmacWithSHA256 aes-256-cbc; do
		expect_grep "asn1_$n.out" ":$oid" "$n is encrypted with $oid"
	done
	[ "$(stat -c %a "$D/$k")" = 600 ] && ok "$n has mode 0600" || fail "$n mode $(stat -c %a "$D/$k")"
done
printf 'wrong-passphrase\n' >wrong.txt
expect_rc pkey_wrong 1 openssl pkey -in "$D/certificates/site_private_key.pem" -passin file:wrong.txt -noout
# Each key belongs to its certificate.
a=$(openssl x509 -in "$SITE" -noout -pubkey | sha256sum)
b=$(openssl pkey -in "$D/certificates/site_private_key.pem" -passin "file:$PASSFILE" -pubout | sha256sum)
[ "$a" = "$b" ] && ok "site key matches site certificate" || fail "site key does not match"

# The certificate profile, read back by openssl x509.
openssl x509 -in "$CA" -noout -text >root.txt
expect_grep root.txt 'X509v3 Name Constraints: critical' "root: name constraints are critical"
expect_grep root.txt 'DNS:localhost' "root permits DNS:localhost"
expect_grep root.txt 'IP:127.0.0.1/255.255.255.255' "root permits 127.0.0.1/32"
expect_grep root.txt 'IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF' "root permits ::1/128"
expect_grep root.txt 'Basic Constraints: critical' "root: basic constraints critical"
expect_grep root.txt 'Certificate Sign, CRL Sign' "root: keyCertSign, cRLSign"
expect_grep root.txt 'NIST CURVE: P-256' "root: P-256"
expect_grep root.txt 'ecdsa-with-SHA256' "root: SHA-256"
openssl x509 -in "$D/private_ca/intermediate_ca_public_key.pem" -noout -text >inter.txt
expect_grep inter.txt 'CA:TRUE, pathlen:0' "intermediate: pathlen:0"
expect_grep inter.txt 'Authority Key Identifier' "intermediate: AKI"
openssl x509 -in "$SITE" -noout -text >site.txt
expect_grep site.txt 'CA:FALSE' "server leaf: CA:FALSE"
expect_grep site.txt 'Key Usage: critical' "server leaf: key usage critical"
expect_grep site.txt 'TLS Web Server Authentication' "server leaf: serverAuth"
expect_grep site.txt 'DNS:localhost, IP Address:127.0.0.1' "server leaf: SAN localhost + 127.0.0.1"
expect_grep site.txt 'Subject Key Identifier' "server leaf: SKI"
expect_grep site.txt 'Authority Key Identifier' "server leaf: AKI"
openssl x509 -in "$CLIENT" -noout -text >client.txt
expect_grep client.txt 'TLS Web Client Authentication' "client leaf: clientAuth"
serial=$(openssl x509 -in "$SITE" -noout -serial | cut -d= -f2)
[ ${#serial} -eq 32 ] && ok "serial is 16 bytes ($serial)" || fail "serial $serial is not 16 bytes"
s2=$(openssl x509 -in "$CLIENT" -noout -serial | cut -d= -f2)
[ "$serial" != "$s2" ] && ok "serials differ" || fail "two leaves share a serial"
days=$(( ($(date -d "$(openssl x509 -in "$SITE" -noout -enddate | cut -d= -f2)" +%s) - $(date +%s)) / 86400 ))
[ "$days" -le 825 ] && [ "$days" -ge 823 ] && ok "leaf valid for $days days (<= 825)" || fail "leaf valid for $days days"
[ "$(grep -c 'BEGIN CERTIFICATE' "$SITE")" -eq 2 ] && ok "site_public_key.pem: leaf + intermediate" ||
	fail "site_public_key.pem does not hold two certificates"

# CSR -> sign: openssl req -verify accepts our CSR, openssl verify the result.
expect_rc csr 0 "$HTTPS_PKI" csr --new-key new.key --pass "$TEST_PASS" --cn api.localhost \
	--san DNS:api.localhost --san IP:127.0.0.1 --out api.csr
run req_verify openssl req -in api.csr -verify -noout
expect_grep req_verify.err 'verify OK' "openssl req -verify accepts the CSR"
expect_rc sign 0 "$HTTPS_PKI" sign api.csr --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" --out api.pem
osslverify api OK api.pem -purpose sslserver -verify_hostname api.localhost
# A CSR made by openssl, signed by us.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ossl.key \
	-subj /CN=ossl.localhost -addext subjectAltName=DNS:ossl.localhost -out ossl.csr 2>/dev/null
expect_rc sign_ossl 0 "$HTTPS_PKI" sign ossl.csr --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" --out ossl.pem
osslverify ossl OK ossl.pem -verify_hostname ossl.localhost

# Name constraints: a leaf for example.com, forced past our own check by openssl
# itself signing with our intermediate, fails under the demo root.
openssl pkey -in "$D/private_ca/intermediate_ca_private_key.pem" -passin "file:$PASSFILE" -out inter.key
openssl req -new -key ossl.key -subj /CN=example.com -addext subjectAltName=DNS:example.com \
	-out evil.csr 2>/dev/null
printf 'subjectAltName=DNS:example.com\n' >evil.ext
openssl x509 -req -in evil.csr -CA "$D/private_ca/intermediate_ca_public_key.pem" -CAkey inter.key \
	-CAcreateserial -days 30 -extfile evil.ext -out evil_leaf.pem 2>/dev/null
cat evil_leaf.pem "$D/private_ca/intermediate_ca_public_key.pem" >evil.pem
rm -f inter.key
osslverify outside "error 47" evil.pem
# ...and our tool refuses to make it.
openssl req -new -key ossl.key -subj /CN=example.com -out evil2.csr 2>/dev/null
expect_rc sign_outside 12 "$HTTPS_PKI" sign evil2.csr --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" --out no.pem
expect_grep sign_outside.err 'outside the name constraints' "sign names the constraint"
[ ! -e no.pem ] && ok "no certificate written for example.com" || fail "no.pem exists"

# https_pki verify: the checks by name, each with its own exit code.
V=("$HTTPS_PKI" verify --ca "$CA")
expect_rc verify_ok 0 "${V[@]}" "$SITE" --host localhost
expect_grep verify_ok.out "^  trusted CA file: $CA\$" "verify names the CA file it used"
for check in validity name 'trusted issuer' usage policy; do
	expect_grep verify_ok.out "^  $check +ok" "verify reports the $check check"
done
expect_rc verify_ip 0 "${V[@]}" "$SITE" --host 127.0.0.1
expect_rc verify_expired 15 "${V[@]}" "$D/expired/cert.pem" --host localhost
expect_grep verify_expired.out '^  validity +FAILED' "expired: the validity check fails"
expect_rc verify_future 16 "${V[@]}" "$D/future/cert.pem" --host localhost
expect_rc verify_name 17 "${V[@]}" "$D/wrongname/cert.pem" --host localhost
expect_grep verify_name.out '^  name +FAILED' "wrong name: the name check fails"
expect_rc verify_untrusted 12 "${V[@]}" "$D/other/certificates/site_public_key.pem" --host localhost
expect_grep verify_untrusted.out '^  trusted issuer +FAILED' "other chain: the issuer check fails"
expect_rc verify_at 0 "${V[@]}" "$SITE" --host localhost --at "$(date -u -d '+10 days' +%F)"
expect_rc verify_at_late 15 "${V[@]}" "$SITE" --host localhost --at 2035-01-01
# In its own period the expired leaf still fails: its CA did not exist yet.
expect_rc verify_at_early 16 "${V[@]}" "$D/expired/cert.pem" --host localhost --at 2020-02-01
expect_grep verify_at_early.out "^  rule validity.not-yet-valid failed at depth 1 (.*CN=HTTPS Demo Intermediate CA)" \
	"verify checks the CA's period too"
# A client certificate checked as a server's: it has no SAN (name, reported first) and no serverAuth.
expect_rc verify_client_as_server 17 "${V[@]}" "$CLIENT"
expect_grep verify_client_as_server.out '^  usage +FAILED .*\[rule role.eku\]' "client certificate as server: usage"
expect_grep verify_client_as_server.out '^  name +FAILED .*\[rule name.san-required\]' "client certificate as server: no SAN"
# Without --ca, verify says which CA file it used.
expect_rc verify_default 12 "$HTTPS_PKI" verify "$SITE" --host localhost
expect_grep verify_default.out '^  trusted CA file: .*ca_public_key.pem .the default' "the default CA file named"
expect_rc verify_client 0 "${V[@]}" "$CLIENT" --purpose client
expect_rc verify_outside 12 "${V[@]}" evil.pem --host example.com
expect_grep verify_outside.out 'outside the name constraints.*rule nc.violation' "verify reports the constraint violation"
# --chain: intermediates from another file.
openssl x509 -in "$SITE" -out leaf_only.pem
expect_rc verify_leafonly 12 "${V[@]}" leaf_only.pem --host localhost
expect_rc verify_chain 0 "${V[@]}" leaf_only.pem --chain "$D/private_ca/intermediate_ca_public_key.pem" --host localhost

# inspect --json is JSON with the facts scripts need.
run inspect_json "$HTTPS_PKI" inspect --json "$SITE"
if python3 - inspect_json.out <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
leaf, inter = d["certificates"]
assert leaf["names_san"] == ["DNS:localhost", "IP:127.0.0.1"], leaf
assert leaf["public_key"] == "ECDSA P-256"
assert leaf["extended_key_usage"] == ["serverAuth"]
assert leaf["ca"] is False and inter["ca"] is True and inter["path_length"] == 0
assert 820 <= leaf["days_left"] <= 825
assert len(leaf["sha_256_fingerprint"]) == 95
PY
then ok "inspect --json parses and holds the leaf's facts"; else fail "inspect --json"; fi
fp=$(openssl x509 -in "$SITE" -noout -fingerprint -sha256 | cut -d= -f2)
run inspect_text "$HTTPS_PKI" inspect "$SITE"
expect_grep inspect_text.out "SHA-256 fingerprint +$fp" "inspect's fingerprint matches openssl's"
run inspect_root "$HTTPS_PKI" inspect "$CA"
expect_grep inspect_root.out 'name constraints +DNS:localhost, IP:127.0.0.1/32, IP:::1/128' "inspect shows the constraints"
run inspect_key "$HTTPS_PKI" inspect "$D/certificates/site_private_key.pem"
expect_grep inspect_key.out 'PBES2: AES-256-CBC, PBKDF2 with hmacWithSHA256' "inspect shows the key's scheme"

finish
