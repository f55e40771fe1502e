#!/usr/bin/env bash
# https_client's TLS side against openssl s_server and our https_server:
# protocol versions (TLS 1.3 by default, 1.2 on request, never 1.1), cipher
# suites (ECDHE+AEAD only; anonymous never), groups, a server that sends no
# certificate (11), mutual TLS (server
# requires a client certificate: 19; with one: 0), a missing intermediate
# (12: without evidence of a gap it is an untrusted issuer, as in a browser;
# 14 for the badssl case whose leaf names its intermediate's location), and
# cases of `https_pki badssl` (name constraints 12, SHA-1 and weak keys 25).
# ctest-labels: client
# ctest-timeout: 180
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
SITE=$P/certificates/site_public_key.pem
KEY=$P/certificates/site_private_key.pem
C=$HTTPS_CLIENT

serve() { # serve NAME PORT ARGS...: openssl s_server on 127.0.0.1:PORT
	local name=$1 p=$2 i
	shift 2
	start_bg "$name" openssl s_server -accept "127.0.0.1:$p" -www -quiet -naccept 20 "$@"
	for i in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
		sleep 0.1
	done
	fail "$name did not start: $(head -3 "$name.log")"
}
fetch() { # fetch NAME WANT PORT [OPTIONS...]
	local name=$1 want=$2 p=$3
	shift 3
	expect_rc "$name" "$want" "$C" --cacert "$CA" --max-time 20 "$@" "https://localhost:$p/"
}

# Versions.
serve tls12 "$(port 0)" -cert "$SITE" -cert_chain "$SITE" -key "$KEY" -pass "$TEST_PASS" -tls1_2
fetch v12_default 10 "$(port 0)"
expect_grep v12_default.err 'no common protocol version' "TLS 1.2 server: no common version"
expect_grep v12_default.err '^fix: .*--tls1\.2' "fix suggests --tls1.2"
fetch v12_asked 0 "$(port 0)" --tls1.2 -v
expect_grep v12_asked.err 'server chose TLSv1\.2, ECDHE-' "--tls1.2 negotiates an ECDHE suite"
expect_no_grep v12_asked.err 'offering.*(ADH|AECDH|NULL|RC4|DES|anon)' "no weak suite offered"
fetch v12_max 0 "$(port 0)" --tls-max 1.2
fetch v12_cipher 0 "$(port 0)" --tls1.2 --ciphers ECDHE-ECDSA-AES256-GCM-SHA384 --json c.json
expect_grep c.json '"cipher": "ECDHE-ECDSA-AES256-GCM-SHA384"' "--ciphers picks the suite"
fetch v12_curve 0 "$(port 0)" --tls1.2 --curves P-256 --json g.json
expect_grep g.json '"group": "(SECP256R1|P-256|prime256v1)"' "--curves P-256 is used"
fetch weak_cipher 2 "$(port 0)" --tls1.2 --ciphers AES128-SHA
expect_grep weak_cipher.err 'not an ECDHE suite with an AEAD cipher' "weak --ciphers refused"
fetch anon_cipher 2 "$(port 0)" --tls1.2 --ciphers ADH-AES128-SHA --insecure
fetch bad_curve 2 "$(port 0)" --curves ffdhe2048

serve tls11 "$(port 1)" -cert "$SITE" -cert_chain "$SITE" -key "$KEY" -pass "$TEST_PASS" \
	-tls1_1 -cipher 'ALL:@SECLEVEL=0'
fetch v11 10 "$(port 1)" --tls1.2
expect_grep v11.err 'no common protocol version' "TLS 1.1 is never spoken"

# No common suite: a TLS 1.2 server with CBC suites only.
serve cbc "$(port 2)" -cert "$SITE" -cert_chain "$SITE" -key "$KEY" -pass "$TEST_PASS" \
	-tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA'
fetch no_suite 10 "$(port 2)" --tls1.2
expect_grep no_suite.err 'no common cipher suite' "no common suite named"

# An anonymous server (no certificate): we never offer anonymous suites, so no handshake.
serve anon "$(port 3)" -nocert -tls1_2 -cipher 'aNULL:@SECLEVEL=0'
fetch anon 10 "$(port 3)" --tls1.2
fetch anon_insecure 10 "$(port 3)" --tls1.2 --insecure

# A server that skips its Certificate message altogether (raw TLS 1.2 from a script).
start_bg nocert /usr/bin/python3 "$(dirname "$TEST_LIB")/client_httpd.py" --nocert "$(port 19)"
wait_for_log nocert '^ready' || fail "nocert server did not start"
fetch nocert 11 "$(port 19)" --tls-max 1.2
expect_grep nocert.err 'server sent no certificate' "no certificate named"
fetch nocert_insecure 11 "$(port 19)" --tls-max 1.2 --insecure

# Missing intermediate: s_server sends only the leaf of the file given to -cert.
serve leafonly "$(port 4)" -cert "$SITE" -key "$KEY" -pass "$TEST_PASS"
fetch incomplete 12 "$(port 4)"
expect_grep incomplete.err "untrusted issuer: '.*Intermediate CA' was neither sent" \
	"the missing issuer named"
expect_grep incomplete.err 'may also have left out an intermediate' "the possible gap named"
expect_grep incomplete.err 'rule trust.untrusted-issuer; certificate at depth 0' "rule and depth named"

# Mutual TLS with openssl s_server (TLS 1.3 and 1.2) and with our own server.
CC=$P/certificates/client_public_key.pem
CK=$P/certificates/client_private_key.pem
serve mtls13 "$(port 5)" -cert "$SITE" -cert_chain "$SITE" -key "$KEY" -pass "$TEST_PASS" \
	-Verify 1 -verify_return_error -CAfile "$CA"
fetch mtls13_none 19 "$(port 5)"
expect_grep mtls13_none.err 'requires a client certificate' "TLS 1.3: certificate required"
fetch mtls13_cert 0 "$(port 5)" --cert "$CC" --key "$CK" --pass "$TEST_PASS"
serve mtls12 "$(port 6)" -cert "$SITE" -cert_chain "$SITE" -key "$KEY" -pass "$TEST_PASS" \
	-Verify 1 -verify_return_error -CAfile "$CA" -tls1_2
fetch mtls12_none 19 "$(port 6)" --tls1.2
fetch mtls12_cert 0 "$(port 6)" --tls1.2 --cert "$CC" --key "$CK" --pass "$TEST_PASS"
echo wrong-passphrase >wrong.txt
fetch mtls_badpass 6 "$(port 5)" --cert "$CC" --key "$CK" --pass "file:$TEST_WORK_DIR/wrong.txt"
expect_grep mtls_badpass.err 'wrong passphrase' "wrong client key passphrase named"
if start_server ours --port "$(port 7)" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" --client-ca "$CA"; then
	fetch ours_none 19 "$(port 7)"
	PASSVAR=$(cat "$P/pass.txt") fetch ours_cert 0 "$(port 7)" --cert "$CC" --key "$CK" \
		--pass env:PASSVAR
	expect_grep ours_cert.out '<html' "mutual TLS with our server"
else
	fail "https_server with --client-ca did not start"
fi

# The bad-certificate set: each case with its own code.
if "$HTTPS_PKI" badssl badssl --pass "$TEST_PASS" >badssl.log 2>&1 && [ -f badssl/ca.pem ]; then
	n=8
	for case in expired:15 not-yet-valid:16 wrong-host:17 self-signed:13 untrusted-root:12 \
		missing-intermediate:14 client-eku:18 intermediate-not-ca:12 outside-constraints:12 \
		rsa1024:0 sha1:25; do
		name=${case%%:*}
		dir=badssl/$name
		[ -d "$dir" ] || { fail "badssl: no $dir"; continue; }
		# s_server sends the first certificate of -cert, then -cert_chain: the rest.
		awk '/BEGIN CERT/ {n++} n > 1' "$dir/cert.pem" >"$dir/chain.pem"
		chain=()
		[ -s "$dir/chain.pem" ] && chain=(-cert_chain "$dir/chain.pem")
		serve "bs_$name" "$(port $n)" -cert "$dir/cert.pem" "${chain[@]}" -key "$dir/key.pem" \
			-pass "$TEST_PASS" -cipher 'ALL:@SECLEVEL=0'
		expect_rc "badssl_$name" "${case##*:}" "$C" --cacert badssl/ca.pem --max-time 20 \
			"https://localhost:$(port $n)/"
		[ "${case##*:}" = 0 ] || expect_grep "badssl_$name.err" '^fix: ' "badssl $name has a fix line"
		[ "$name" = outside-constraints ] && nc_port=$(port $n)
		[ "$name" = expired ] && exp_port=$(port $n)
		n=$((n + 1))
	done
	# Asked for the name it carries, the leaf outside the root's constraints is still refused.
	expect_rc badssl_constraints 12 "$C" --cacert badssl/ca.pem --max-time 20 \
		--resolve "example.com:$nc_port:127.0.0.1" "https://example.com:$nc_port/"
	expect_grep badssl_constraints.err 'outside the name constraints' "name constraints enforced"
	expect_grep badssl_sha1.err 'signed with SHA1.*rule sig.weak-hash' "SHA-1 signature named"
	expect_grep badssl_intermediate-not-ca.err 'not a CA' "CA:FALSE intermediate named"
	# RSA-1024 is a policy warning (Chromium takes it below a local root, and so does the
	# client's 1024-bit floor in the handshake); --strict refuses it with the rule's code.
	rsa_port=$(port $((n - 2)))
	expect_rc rsa1024_v 0 "$C" -v --cacert badssl/ca.pem --max-time 20 "https://localhost:$rsa_port/"
	expect_grep rsa1024_v.err 'warning: .*rule key.rsa-size' "RSA-1024: a warning with its rule"
	expect_rc rsa1024_strict 25 "$C" --strict --cacert badssl/ca.pem --max-time 20 \
		"https://localhost:$rsa_port/"
	expect_grep rsa1024_strict.err 'rule key.rsa-size' "RSA-1024 with --strict: refused by the rule"
	# --insecure goes on, but still names each failed check, and warns loudly.
	expect_rc insecure_expired 0 "$C" --cacert badssl/ca.pem --insecure --max-time 20 \
		"https://localhost:$exp_port/"
	expect_grep insecure_expired.err '^WARNING: --insecure' "--insecure warns"
	expect_grep insecure_expired.err 'check FAILED and was ignored: validity check failed' \
		"--insecure still reports the expired leaf"
	expect_rc insecure_constraints 0 "$C" --cacert badssl/ca.pem --insecure --max-time 20 \
		--resolve "example.com:$nc_port:127.0.0.1" "https://example.com:$nc_port/"
	expect_grep insecure_constraints.err 'ignored: issuer check failed: .*outside the name' \
		"--insecure still reports the name-constraint failure"
else
	fail "https_pki badssl failed: $(head -1 badssl.log)"
fi

finish
