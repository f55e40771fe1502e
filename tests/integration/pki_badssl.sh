#!/usr/bin/env bash
# `https_pki badssl DIR` makes the local badssl.com of docs/badssl.md: one folder
# per case of manifest.tsv (the sent chain, an encrypted key.pem, the ca.pem to
# trust), DIR/ca.pem, DIR/roots.pem, DIR/index/ and README.txt. Each case is
# broken in exactly the way its rule says (read back with the openssl command
# line, an independent parser), the historic cases still fail `openssl verify`
# with their own error, and the controls verify.
# ctest-labels: pki
# ctest-timeout: 300
# ctest-fixture: none
source "$TEST_LIB"

printf 'badssl-%s\n' "$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" >pass.txt
chmod 600 pass.txt
P=file:$TEST_WORK_DIR/pass.txt

expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "$P"
M=set/manifest.tsv
CA=set/ca.pem
[ "$(grep -c 'BEGIN CERTIFICATE' "$CA")" -eq 1 ] && ok "ca.pem holds one root" || fail "ca.pem"
run inspect_ca "$HTTPS_PKI" inspect "$CA"
expect_grep inspect_ca.out 'name constraints +DNS:localhost' "the set's main root is name-constrained"

# The manifest: ten tab-separated columns, at least 40 cases, names unique,
# every rule class present; the verdict is Chromium's, without exception; where
# the policy is stricter (a warning), the reason and the --strict exit code.
n=$(grep -vc '^#' "$M")
[ "$n" -ge 40 ] && ok "manifest lists $n cases" || fail "manifest lists only $n cases"
bad=$(grep -v '^#' "$M" | awk -F'\t' 'NF != 10 || ($3 != "accept" && $3 != "reject") ||
	($3 == "accept") != ($5 == 0) || ($6 != "OK" && $6 !~ /^net::ERR_[A-Z_]+$/) ||
	($6 == "OK") != ($3 == "accept") ||
	($7 != "-" && ($3 != "accept" || $7 !~ /^--strict exits (1[2-8]|25): ./))')
[ -z "$bad" ] && ok "every manifest line is well formed, and its verdict is Chromium's" ||
	fail "malformed manifest lines: $bad"
[ "$(grep -v '^#' "$M" | cut -f1 | sort | uniq -d)" = "" ] && ok "case names are unique" ||
	fail "duplicate case names"
[ "$(grep -v '^#' "$M" | cut -f2 | sort | uniq -d)" = "" ] && ok "case hosts are unique (SNI)" ||
	fail "duplicate case hosts"
for class in control trust validity name nc role format key sig; do
	grep -q -P "^[^\t]+\t[^\t]+\t[a-z]+\t$class\." "$M" && ok "rule class $class has a case" ||
		fail "no case for rule class $class"
done

# Every folder: the sent chain (leaf first), its key (0600, opens, matches) and the root.
while IFS=$'\t' read -r name host _ _ _ _ _ chain key _; do
	d=set/$name
	if [ ! -f "$d/$chain" ] || [ ! -f "$d/$key" ] || [ ! -f "$d/ca.pem" ]; then
		fail "$name: files missing"
		continue
	fi
	[ "$(stat -c %a "$d/$key")" = 600 ] || fail "$name: $key mode $(stat -c %a "$d/$key")"
	pass=(-passin "file:pass.txt")
	openssl pkey -in "$d/$key" "${pass[@]}" -pubout -out "$name.pub" 2>"$name.key.err" ||
		fail "$name: the key does not open"
	a=$(openssl x509 -in "$d/$chain" -noout -pubkey | sha256sum)
	[ -s "$name.pub" ] && [ "$a" = "$(sha256sum <"$name.pub")" ] ||
		fail "$name: the key does not match the leaf"
	[ "$(grep -c 'BEGIN CERTIFICATE' "$d/ca.pem")" -eq 1 ] || fail "$name: ca.pem is not one root"
	grep -Eq "^$name +(accept|reject)" set/README.txt || fail "$name: no README.txt line"
	[ -n "$host" ] || fail "$name: no host"
done < <(grep -v '^#' "$M")
ok "every case folder holds a chain, a matching encrypted key and a root"
[ "$(grep -c 'BEGIN CERTIFICATE' set/roots.pem)" -ge 3 ] && ok "roots.pem holds the trusted roots" ||
	fail "roots.pem"
[ -f set/index/cert.pem ] && [ "$(stat -c %a set/index/key.pem)" = 600 ] &&
	ok "index/ holds the SNI server's own chain" || fail "index/ incomplete"

# text NAME [CERT N]: the openssl text of certificate N (0: leaf) of NAME's chain.
text() {
	local name=$1 n=${2:-0}
	awk -v n="$n" '/BEGIN CERT/{i++} i==n+1' "set/$name/cert.pem" | openssl x509 -noout -text 2>&1
}
has() { # has NAME N PATTERN WHAT
	if text "$1" "$2" | grep -Eq -- "$3"; then ok "$1: $4"; else fail "$1: not $4"; fi
}
lacks() {
	if text "$1" "$2" | grep -Eq -- "$3"; then fail "$1: $4"; else ok "$1: $4"; fi
}
has wildcard-partial 0 'DNS:ba\*\.wildcard-partial' "SAN ba*.x"
has wildcard-middle 0 'DNS:foo\.\*\.' "SAN foo.*.x"
has wildcard-bare 0 'DNS:\*$' "SAN *"
has wildcard-tld 0 'DNS:\*\.com$' "SAN *.com"
has wildcard-psl 0 'DNS:\*\.co\.uk$' "SAN *.co.uk"
has underscore 0 'DNS:under_score\.' "SAN with an underscore"
lacks cn-only 0 'Subject Alternative Name' "has no SAN"
has cn-only 0 'Subject:.*CN ?= ?cn-only\.badssl\.localhost' "CN names the host"
has cn-not-in-san 0 'Subject:.*CN ?= ?other\.badssl' "CN differs from the SAN"
has ip-as-dns 0 'DNS:127\.0\.0\.2' "a DNS SAN that spells an address"
has ipv6 0 'IP Address:0:0:0:0:0:0:0:1|IP Address:::1' "an IPv6 SAN"
has nc-wildcard-excluded 1 'Excluded:' "an excluded subtree on the intermediate"
has nc-intermediate-outside 1 'DNS:intermediate\.example\.net' "a SAN on the intermediate"
has nc-leading-period 1 'DNS:\.nc-leading-period' "a leading-period constraint"
has nc-long-san 0 'DNS:a{62}\.' "a 265-byte DNS SAN"
has nc-on-leaf 0 'Name Constraints' "name constraints on a leaf"
has nc-othername-unused 1 'othername|Permitted:' "an otherName constraint"
has ca-as-leaf 0 'CA:TRUE' "CA:TRUE on the leaf"
has leaf-keycertsign 0 'Certificate Sign' "keyCertSign on the leaf"
lacks no-eku 0 'Extended Key Usage' "has no EKU"
has any-eku 0 'Any Extended Key Usage' "anyExtendedKeyUsage"
has ca-no-keycertsign 1 'Digital Signature, CRL Sign' "no keyCertSign on the CA"
has pathlen-exceeded 2 'pathlen:0' "pathlen 0 above another CA"
has two-intermediates 2 'pathlen:1' "pathlen 1 on the upper intermediate"
lacks no-aki 0 'Authority Key Identifier' "has no AKI"
lacks ca-no-ski 1 'Subject Key Identifier' "CA has no SKI"
has serial-zero 0 'Serial Number: 0 ' "serial 0"
has serial-negative 0 'Serial Number:.*\(Negative\)|Serial Number: *$' "a negative serial"
has unknown-critical-extension 0 '1\.3\.6\.1\.4\.1\.55555\.66\.1: critical' "an unknown critical extension"
has bc-not-critical 1 'Basic Constraints: *$' "basicConstraints not critical"
has rsa1024 0 'Public-Key: \(1024 bit\)' "a 1024-bit key"
has rsa2047 0 'Public-Key: \(2047 bit\)' "a 2047-bit key"
has rsa2048 0 'Public-Key: \(2048 bit\)' "a 2048-bit key"
has p384 0 'NIST CURVE: P-384' "a P-384 key"
has dsa 1 'dsaEncryption' "a DSA intermediate"
has p192 1 'prime192v1|P-192' "a P-192 intermediate"
has sha1 0 'Signature Algorithm: (ecdsa-with-SHA1|sha1)' "a SHA-1 signature"
has md5 0 'Signature Algorithm: md5WithRSAEncryption' "an MD5 signature"
has sha224 0 'Signature Algorithm: ecdsa-with-SHA224' "a SHA-224 signature"
has ed25519 1 'ED25519' "an Ed25519 intermediate"
has ca-eku-client 1 'TLS Web Client Authentication' "a clientAuth EKU on the intermediate"
has leaf-crlsign-only 0 'CRL Sign' "a leaf keyUsage of cRLSign only"
has ip-san-5-bytes 0 'invalid length=5' "a 5-byte iPAddress SAN"
has missing-intermediate 0 'CA Issuers - URI:http://missing-intermediate\.invalid/' "AIA caIssuers as evidence"
lacks issuer-not-sent 0 'Authority Information Access' "has no AIA"
[ "$(text duplicate-extension 0 | grep -c 'X509v3 Subject Alternative Name')" -eq 2 ] &&
	ok "duplicate-extension: subjectAltName twice" || fail "duplicate-extension: not twice"
serial=$(openssl x509 -in set/serial-21-octets/cert.pem -noout -serial | cut -d= -f2)
[ "${#serial}" -eq 42 ] && ok "serial-21-octets: 21 octets" || fail "serial-21-octets: $serial"
openssl x509 -in set/v1-root/ca.pem -noout -text | grep -q 'Version: 1 ' &&
	ok "v1-root: the root is version 1" || fail "v1-root: not v1"
openssl x509 -in set/root-no-bc/ca.pem -noout -text | grep -q 'Basic Constraints' &&
	fail "root-no-bc has basicConstraints" || ok "root-no-bc: the root has no basicConstraints"
openssl x509 -in set/root-eku/ca.pem -noout -text | grep -q 'Extended Key Usage' &&
	ok "root-eku: the root has an EKU" || fail "root-eku: no EKU on the root"
for f in cert.pem chain.pem fullchain.pem privkey.pem; do
	[ -f "set/certbot/$f" ] || fail "certbot: no $f"
done
[ "$(cat set/certbot/cert.pem set/certbot/chain.pem)" = "$(cat set/certbot/fullchain.pem)" ] &&
	ok "certbot: fullchain.pem = cert.pem + chain.pem" || fail "certbot: fullchain.pem"
[ "$(grep -c 'BEGIN CERTIFICATE' set/missing-intermediate/cert.pem)" -eq 1 ] &&
	ok "missing-intermediate: leaf only" || fail "missing-intermediate holds more than the leaf"

# The historic cases against the openssl command line, each with its own error,
# and https_pki verify's verdict. The controls verify (X509_STRICT too).
cases=(
	"expired|-untrusted|error 10"
	"not-yet-valid|-untrusted|error 9"
	"wrong-host|-untrusted -verify_hostname wrong-host.badssl.localhost|error 62"
	"self-signed||error 18"
	"untrusted-root|-untrusted|error 20"
	"missing-intermediate||error 20"
	"client-eku|-untrusted -purpose sslserver|error 26"
	"intermediate-not-ca|-untrusted|error 79"
	"outside-constraints|-untrusted|error 47"
	"rsa1024|-untrusted -auth_level 2|error 66"
	"sha1|-untrusted -auth_level 2|error 68"
	"pathlen-exceeded|-untrusted|error 25"
	"unknown-critical-extension|-untrusted|error 34"
	"nc-intermediate-outside|-untrusted|error 47"
	"bad-signature|-untrusted|error 7"
	"good|-untrusted -x509_strict|OK"
	"two-intermediates|-untrusted -x509_strict|OK"
	"rsa2048|-untrusted -x509_strict|OK"
	"p384|-untrusted -x509_strict|OK"
)
for c in "${cases[@]}"; do
	IFS='|' read -r name args want <<<"$c"
	dir=set/$name
	untrusted=""
	[[ " $args " == *" -untrusted "* ]] && untrusted="$dir/cert.pem"
	# shellcheck disable=SC2086
	run "ossl_$name" openssl verify -CAfile "$dir/ca.pem" ${untrusted:+-untrusted "$untrusted"} \
		${args//-untrusted/} "$dir/cert.pem"
	if [ "$want" = OK ]; then
		expect_rc "ossl_rc_$name" 0 bash -c "exit $RC"
	else
		expect_rc "ossl_rc_$name" 2 bash -c "exit $RC"
		expect_grep "ossl_$name.err" "^$want at " "$name: openssl verify says $want"
	fi
done
openssl verify -CAfile set/certbot/ca.pem -untrusted set/certbot/chain.pem set/certbot/cert.pem \
	>certbot.out 2>&1 && ok "certbot: cert.pem verifies with chain.pem" || fail "certbot does not verify"
# The expired leaf verifies inside its own period: the case fails for its own reason only.
n_ok=$(openssl verify -CAfile "$CA" -untrusted set/expired/cert.pem -attime "$(($(date +%s) - 60 * 86400))" \
	set/expired/cert.pem 2>&1 | grep -c ': OK$')
[ "$n_ok" -eq 1 ] && ok "expired leaf verifies inside its own period" || fail "expired leaf fails even in its period"

# https_pki verify reaches each case's verdict and exit code, and with --strict
# the strict code of the lenient cases (tests/browser/badssl_differential.sh
# compares it with https_client and Chromium in real handshakes).
n_lenient=0
while IFS=$'\t' read -r name host expect rule code _ lenient chain _ _; do
	run "verify_$name" "$HTTPS_PKI" verify "set/$name/$chain" --ca "set/$name/ca.pem" --host "$host"
	got=reject
	[ "$RC" -eq 0 ] && got=accept
	[ "$got" = "$expect" ] && [ "$RC" -eq "$code" ] && ok "$name: https_pki verify says $expect" ||
		fail "$name: https_pki verify exit $RC, want $expect, exit $code ($rule): $(head -n 1 "verify_$name.err")"
	strict=$code
	if [ "$lenient" != - ]; then
		n_lenient=$((n_lenient + 1))
		strict=$(sed -E 's/^--strict exits ([0-9]+):.*/\1/' <<<"$lenient")
		expect_grep "verify_$name.out" "^  warning: .*\[rule $rule; " "$name: the warning $rule is listed"
	fi
	run "verify_strict_$name" "$HTTPS_PKI" verify "set/$name/$chain" --ca "set/$name/ca.pem" \
		--host "$host" --strict
	[ "$RC" -eq "$strict" ] && ok "$name: https_pki verify --strict exits $strict" ||
		fail "$name: https_pki verify --strict exit $RC, want $strict ($rule)"
	if [ "$lenient" != - ]; then
		expect_grep "verify_strict_$name.err" "\[rule $rule[];]" "$name: --strict fails on $rule"
	fi
done < <(grep -v '^#' "$M")
[ "$n_lenient" -ge 15 ] && ok "$n_lenient cases where the policy is stricter than Chromium" ||
	fail "only $n_lenient lenient cases"

# Again into the same folder: refused without --force, replaced with it.
before=$(sha256sum set/ca.pem set/expired/key.pem)
expect_rc badssl_again 8 "$HTTPS_PKI" badssl set --pass "$P"
expect_grep badssl_again.err 'set/ca.pem already exists' "badssl_again: names the file"
[ "$(sha256sum set/ca.pem set/expired/key.pem)" = "$before" ] && ok "badssl_again: set untouched" ||
	fail "badssl_again changed the set"
expect_rc badssl_force 0 "$HTTPS_PKI" badssl set --pass "$P" --force
[ "$(sha256sum set/ca.pem set/expired/key.pem)" != "$before" ] && ok "badssl --force replaced the set" ||
	fail "badssl --force kept the set"
expect_rc badssl_usage 2 "$HTTPS_PKI" badssl
expect_rc badssl_usage2 2 "$HTTPS_PKI" badssl a b --pass "$P"

# docs/badssl.md's table of cases says what this manifest says, row for row.
run doc_table python3 "$DEMO_SOURCE_DIR/tests/docs/badssl_table.py" "$M" "$DEMO_SOURCE_DIR/docs/badssl.md"
[ "$RC" -eq 0 ] && ok "docs/badssl.md's table matches the manifest ($(cat doc_table.out))" ||
	{ fail "docs/badssl.md's table is stale (rewrite it: tests/docs/badssl_table.py MANIFEST docs/badssl.md --write):"; cat doc_table.err >&2; }
finish
