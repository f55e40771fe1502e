#!/usr/bin/env bash
# Suites, groups and versions picked by hand on both sides: https_server's
# --tls13-ciphers, --ciphers, --groups, --tls-min/--tls-max. Our client and
# openssl s_client agree with the server on each TLS 1.3 suite and each group in
# turn, and /whoami says what was negotiated and who decided it (including a
# HelloRetryRequest). Negative cases: no common suite, group or version fails the
# handshake; unsafe or unknown choices are refused at start with the reason.
# ctest-labels: server
# ctest-timeout: 180
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
SERVER_ARGS=(--cert "$D/certificates/site_public_key.pem" --key "$D/certificates/site_private_key.pem"
	--pass "$TEST_PASS" --access-log off)
N=0

# serve NAME ARGS...: a server with hand-picked options on a port of its own ($PORT).
serve() {
	local name=$1
	shift
	PORT=$(port $N)
	N=$((N + 1))
	start_server "$name" --port "$PORT" "${SERVER_ARGS[@]}" "$@" || { fail "$name did not start"; return 1; }
}

# whoami NAME CLIENT-ARGS...: /whoami as JSON through our client.
whoami() {
	local name=$1
	shift
	run "$name" "$HTTPS_CLIENT" --cacert "$CA" -H 'Accept: application/json' "$@" \
		"https://localhost:$PORT/whoami"
}

field() { grep -o "\"$2\": \"[^\"]*\"" "$1" | head -n 1 | sed 's/.*: "//; s/"$//'; }

# --- each TLS 1.3 suite in turn --------------------------------------------------
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
	serve "s_$suite" --tls13-ciphers "$suite" || continue
	whoami "w_$suite"
	[ "$(field "w_$suite.out" cipher)" = "$suite" ] && ok "$suite: https_client and server agree" ||
		fail "$suite: /whoami says '$(field "w_$suite.out" cipher)'; stderr: $(cat "w_$suite.err")"
	expect_grep "w_$suite.out" "\"cipher_decided_by\": \"decided by the server's order" "$suite: whoami says who decided"
	run "o_$suite" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost \
		-CAfile "$CA" -tls1_3 -ciphersuites "$suite" </dev/null
	expect_grep "o_$suite.out" "Cipher is $suite" "$suite: openssl s_client offering only it agrees"
	other=TLS_AES_128_GCM_SHA256
	[ "$suite" = "$other" ] && other=TLS_AES_256_GCM_SHA384
	run "no_$suite" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost \
		-CAfile "$CA" -tls1_3 -ciphersuites "$other" </dev/null
	[ "$RC" -ne 0 ] && ok "$suite: a client offering only $other is refused" ||
		fail "$suite: a client offering only $other got through"
done

# --- each group in turn ----------------------------------------------------------
for g in X25519:x25519 P-256:secp256r1 P-384:secp384r1; do
	name=${g%%:*} ossl=${g#*:}
	serve "g_$name" --groups "$name" || continue
	whoami "wg_$name" --curves "$name"
	[ "$(field "wg_$name.out" group)" = "$ossl" ] && ok "$name: https_client and server agree" ||
		fail "$name: /whoami says '$(field "wg_$name.out" group)'; stderr: $(cat "wg_$name.err")"
	expect_grep "wg_$name.out" '"group_decided_by": "decided by the client: its ClientHello already carried a key share' \
		"$name: the client's key share decided"
	# In TLS 1.2 the client's groups also bound the curve of the server's ECDSA
	# certificate (RFC 8422, section 5.1): P-256 stays in the client's list.
	c12=$name
	[ "$name" = P-256 ] || c12=$name:P-256
	whoami "wg12_$name" --tls-max 1.2 --curves "$c12"
	[ "$(field "wg12_$name.out" group)" = "$ossl" ] && ok "$name: agreed over TLS 1.2 too" ||
		fail "$name, TLS 1.2: /whoami says '$(field "wg12_$name.out" group)'"
	other=P-256
	[ "$name" = P-256 ] && other=X25519
	expect_rc "gno_$name" 10 "$HTTPS_CLIENT" --cacert "$CA" --curves "$other" "https://localhost:$PORT/"
done

# A key share the server does not take: it asks for another (HelloRetryRequest).
serve hrr --groups P-384 || true
whoami w_hrr --curves X25519:P-384
[ "$(field w_hrr.out group)" = secp384r1 ] && ok "HRR: agreed on P-384" || fail "HRR: group '$(field w_hrr.out group)'"
expect_grep w_hrr.out '"client_key_shares": "x25519"' "HRR: the first ClientHello's key share is reported, by its IANA name"
expect_grep w_hrr.out '"server_groups": "secp384r1"' "HRR: the server's --groups P-384 shown by its IANA name"
expect_grep w_hrr.out '"client_offered_groups": "x25519, secp384r1"' "HRR: the client's groups by their IANA names"
expect_grep w_hrr.out 'HelloRetryRequest' "HRR: whoami says the server asked for another group"

# --- TLS 1.2 suites and versions ---------------------------------------------------
serve t12 --ciphers ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384 --tls-max 1.2 || true
whoami w_t12 --tls-max 1.2
[ "$(field w_t12.out cipher)" = TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ] && ok "TLS 1.2: the server's first suite wins" ||
	fail "TLS 1.2 suite: '$(field w_t12.out cipher)'"
expect_grep w_t12.out '"server_ciphers": "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"' \
	"TLS 1.2: the server's suites by their RFC names, in its order"
expect_no_grep w_t12.out '0x[0-9a-f]{4}|ECDHE-ECDSA-|unknown' "TLS 1.2: no raw code point, no OpenSSL-only suite name"
[ "$(field w_t12.out version)" = TLSv1.2 ] && ok "--tls-max 1.2: TLS 1.2 negotiated" || fail "version '$(field w_t12.out version)'"
expect_rc t12_no13 10 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$PORT/"
# The suite is shared, but the client's groups leave out the certificate's curve (P-256):
# the log must blame the curve (RFC 8422 5.1), not the suite both sides named.
serve t12_curve --tls-max 1.2 --ciphers ECDHE-ECDSA-AES256-GCM-SHA384 --groups P-384 || true
expect_rc t12_curve_c 10 "$HTTPS_CLIENT" --cacert "$CA" --tls-max 1.2 --curves P-384 \
	"https://localhost:$PORT/"
sleep 0.3
expect_grep t12_curve.log "without the curve of this server's certificate key \(P-256\) among its groups \(it offered P-384\).*fix: let the client offer P-256 too" \
	"TLS 1.2, shared suite, the certificate's curve left out: the log names the curve"
expect_no_grep t12_curve.log 'offered no TLS 1.2 cipher suite' "...and does not blame the suite both sides named"
expect_rc t12_curve_ok 0 "$HTTPS_CLIENT" -o /dev/null --cacert "$CA" --tls-max 1.2 --curves P-384:P-256 \
	"https://localhost:$PORT/"
serve t13 --tls-min 1.3 || true
expect_rc t13_no12 10 "$HTTPS_CLIENT" --cacert "$CA" --tls-max 1.2 "https://localhost:$PORT/"
whoami w_t13
expect_grep w_t13.out 'the server allows TLS 1.3 to TLS 1.3' "--tls-min 1.3: whoami shows the server's range"

# --- refused at start, with the reason ---------------------------------------------
# refuse NAME PATTERN ARGS...: exit 2, the reason on stderr, and a fix line.
refuse() {
	local name=$1 pattern=$2
	shift 2
	run "$name" timeout 20 "$HTTPS_SERVER" --port "$(port 19)" "${SERVER_ARGS[@]}" "$@"
	[ "$RC" -eq 2 ] && ok "$name: refused (exit 2)" || fail "$name: exit $RC, want 2"
	expect_grep "$name.err" "^https_server: .*$pattern" "$name: says /$pattern/"
	expect_grep "$name.err" '^fix: ' "$name: gives a fix"
}
refuse rsa_kx 'no forward secrecy' --ciphers AES128-GCM-SHA256
refuse unknown_suite 'not the name of a TLS 1.2 cipher suite' --ciphers BOGUS-SUITE
refuse cbc 'CBC' --ciphers ECDHE-ECDSA-AES128-SHA
refuse null_suite 'no encryption' --ciphers ECDHE-ECDSA-NULL-SHA
refuse anon 'anonymous' --ciphers AECDH-AES128-SHA
refuse dhe 'finite-field' --ciphers DHE-RSA-AES128-GCM-SHA256
refuse keyword 'keywords' --ciphers HIGH
refuse ccm8 'CCM_8' --tls13-ciphers TLS_AES_128_CCM_8_SHA256
refuse t12_in_13 'TLS 1.2 suites go to --ciphers' --tls13-ciphers ECDHE-ECDSA-AES128-GCM-SHA256
refuse ffdhe 'finite-field group' --groups ffdhe2048
refuse p521 'outside the profile' --groups P-521
refuse tls11 'RFC 8996' --tls-min 1.1
refuse ssl3 'POODLE' --tls-max SSLv3
refuse min_above_max 'no version is left' --tls-min 1.3 --tls-max 1.2
refuse twice 'listed twice' --groups X25519:x25519
refuse empty 'empty list' --ciphers ''
refuse c12_with_13only 'disables TLS 1.2' --tls-min 1.3 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256
finish
