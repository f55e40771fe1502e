#!/usr/bin/env bash
# `https_pki badssl DIR` makes the layout of docs/architecture.md (one folder per
# case with cert.pem leaf first and an encrypted key.pem, DIR/ca.pem,
# DIR/README.txt with a line per case), and the OpenSSL command line rejects
# every case with its expected error, while the same root accepts a good leaf.
# `https_pki verify` agrees, check by check.
# ctest-labels: pki
# ctest-timeout: 300
# ctest-fixture: none
source "$TEST_LIB"

printf 'badssl-%s\n' "$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" >pass.txt
chmod 600 pass.txt
P=file:$TEST_WORK_DIR/pass.txt

expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "$P"
CA=set/ca.pem
[ "$(grep -c 'BEGIN CERTIFICATE' "$CA")" -eq 1 ] && ok "ca.pem holds one root" || fail "ca.pem"

# case  openssl-verify-args  want  [https_pki verify exit]
# (every case but wrong-host and outside-constraints is checked without a host name,
#  so the error seen is the case's own)
cases=(
	"expired|-untrusted|error 10|10"
	"not-yet-valid|-untrusted|error 9|10"
	"wrong-host|-untrusted -verify_hostname localhost|error 62|11"
	"self-signed||error 18|12"
	"untrusted-root|-untrusted|error 20|12"
	"missing-intermediate||error 20|12"
	"client-eku|-untrusted -purpose sslserver|error 26|12"
	"intermediate-not-ca|-untrusted|error 79|12"
	"outside-constraints|-untrusted|error 47|12"
	"rsa1024|-untrusted -auth_level 2|error 66|12"
	"sha1|-untrusted -auth_level 2|error 68|12"
)
for c in "${cases[@]}"; do
	IFS='|' read -r name args want vrc <<<"$c"
	dir=set/$name
	if [ "$name" = sha1 ] && [ ! -d "$dir" ]; then
		expect_grep set/README.txt '^sha1 +left out' "sha1 left out, with the reason"
		continue
	fi
	[ -f "$dir/cert.pem" ] && [ -f "$dir/key.pem" ] && ok "$name: cert.pem and key.pem" ||
		fail "$name: files missing"
	[ "$(stat -c %a "$dir/key.pem")" = 600 ] && ok "$name: key.pem mode 0600" || fail "$name: key mode"
	# The key opens with the passphrase (one key derivation) and belongs to the
	# leaf (the first certificate of cert.pem).
	expect_rc "key_$name" 0 openssl pkey -in "$dir/key.pem" -passin "file:pass.txt" -pubout -out "$name.pub"
	a=$(openssl x509 -in "$dir/cert.pem" -noout -pubkey | sha256sum)
	b=$(sha256sum <"$name.pub")
	[ -s "$name.pub" ] && [ "$a" = "$b" ] && ok "$name: key matches the leaf" ||
		fail "$name: key does not match the leaf"
	untrusted=""
	[[ " $args " == *" -untrusted "* ]] && untrusted="$dir/cert.pem"
	# shellcheck disable=SC2086
	run "ossl_$name" openssl verify -CAfile "$CA" ${untrusted:+-untrusted "$untrusted"} \
		${args//-untrusted/} "$dir/cert.pem"
	expect_rc "ossl_rc_$name" 2 bash -c "exit $RC"
	expect_grep "ossl_$name.err" "^$want at " "$name: openssl verify says $want"
	expect_grep set/README.txt "^$name " "README.txt has a line for $name"
	host=localhost
	[ "$name" = outside-constraints ] && host=example.com
	expect_rc "pki_verify_$name" "$vrc" "$HTTPS_PKI" verify "$dir/cert.pem" --ca "$CA" --host "$host"
done

# Layout details other parts rely on.
[ "$(grep -c 'BEGIN CERTIFICATE' set/missing-intermediate/cert.pem)" -eq 1 ] &&
	ok "missing-intermediate: leaf only" || fail "missing-intermediate holds more than the leaf"
[ "$(grep -c 'BEGIN CERTIFICATE' set/expired/cert.pem)" -eq 2 ] &&
	ok "expired: leaf + intermediate" || fail "expired: not leaf + intermediate"
openssl x509 -in set/expired/cert.pem -noout -ext subjectAltName >san.txt
expect_grep san.txt 'DNS:localhost, IP Address:127.0.0.1' "leaves name localhost and 127.0.0.1"
openssl x509 -in set/wrong-host/cert.pem -noout -ext subjectAltName >san2.txt
expect_grep san2.txt 'DNS:other.localhost' "wrong-host names other.localhost"
expect_no_grep san2.txt 'DNS:localhost' "wrong-host does not name localhost"
run rsa openssl x509 -in set/rsa1024/cert.pem -noout -text
expect_grep rsa.out 'Public-Key: \(1024 bit\)' "rsa1024 has a 1024-bit key"
run inspect_ca "$HTTPS_PKI" inspect "$CA"
expect_grep inspect_ca.out 'name constraints +DNS:localhost' "the set's root is name-constrained"
# The same root accepts a good leaf: the cases fail for their own reason only.
n_ok=$(openssl verify -CAfile "$CA" -untrusted set/expired/cert.pem -attime "$(( $(date +%s) - 60*86400 ))" \
	set/expired/cert.pem 2>&1 | grep -c ': OK$')
[ "$n_ok" -eq 1 ] && ok "expired leaf verifies inside its own period" || fail "expired leaf fails even in its period"

# Again into the same folder: refused without --force, replaced with it.
before=$(sha256sum set/ca.pem set/expired/key.pem)
expect_rc badssl_again 5 "$HTTPS_PKI" badssl set --pass "$P"
expect_grep badssl_again.err 'set/ca.pem already exists' "badssl_again: names the file"
[ "$(sha256sum set/ca.pem set/expired/key.pem)" = "$before" ] && ok "badssl_again: set untouched" ||
	fail "badssl_again changed the set"
expect_rc badssl_force 0 "$HTTPS_PKI" badssl set --pass "$P" --force
[ "$(sha256sum set/ca.pem set/expired/key.pem)" != "$before" ] && ok "badssl --force replaced the set" ||
	fail "badssl --force kept the set"

finish
