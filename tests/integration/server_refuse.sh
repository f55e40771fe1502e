#!/usr/bin/env bash
# https_server refuses to start, with one reason line, a "fix:" line and the
# shared exit code of the failure (common/exits.h): 6 for a wrong or missing
# passphrase; 24 for a missing or corrupt certificate, key, docroot or client CA,
# a client CA file holding a certificate that is not a CA, and a key that does
# not match the certificate; 15 for an expired leaf (naming the renewing command)
# or client CA; 7 for a port in use. It never prints the passphrase.
# Usage errors exit 2.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CERT=$TEST_PKI_DIR/certificates/site_public_key.pem
KEY=$TEST_PKI_DIR/certificates/site_private_key.pem
P=$(port 0)
printf 'not-the-passphrase\n' >wrong.txt
chmod 600 wrong.txt
head -c 200 "$CERT" >corrupt_cert.pem
sed '5s/./X/g' "$KEY" >corrupt_key.pem
chmod 600 corrupt_key.pem
printf 'just text\n' >text.pem

# refuse NAME CODE PATTERN ARGS...: the server must exit CODE at once, saying PATTERN.
refuse() {
	local name=$1 code=$2 pattern=$3
	shift 3
	run "$name" timeout 20 "$HTTPS_SERVER" --port "$P" "$@" </dev/null
	if [ "$RC" -ne "$code" ]; then
		fail "$name: exit $RC, want $code"
		sed 's/^/    /' "$name.err" >&2
		return
	fi
	ok "$name: exit $code"
	expect_grep "$name.err" "^https_server: .*$pattern" "$name: says /$pattern/"
	expect_grep "$name.err" '^fix: ' "$name: gives a fix"
	expect_no_grep "$name.err" 'listening on' "$name: never listened"
	expect_no_grep "$name.err" "$(cat "$TEST_PKI_DIR/pass.txt")" "$name: passphrase not shown"
}

refuse wrong_pass 6 'wrong passphrase' --cert "$CERT" --key "$KEY" --pass file:wrong.txt
refuse no_pass 6 'encrypted and no --pass' --cert "$CERT" --key "$KEY"
refuse empty_env 6 'passphrase' --cert "$CERT" --key "$KEY" --pass env:HTTPS_TEST_UNSET_VAR
refuse missing_cert 24 'cannot open .*nope\.pem' --cert nope.pem --key "$KEY" --pass "$TEST_PASS"
refuse corrupt_cert 24 'no PEM certificate' --cert corrupt_cert.pem --key "$KEY" --pass "$TEST_PASS"
refuse text_cert 24 'no PEM certificate' --cert text.pem --key "$KEY" --pass "$TEST_PASS"
refuse missing_key 24 'cannot open .*nope\.pem' --cert "$CERT" --key nope.pem --pass "$TEST_PASS"
refuse corrupt_key 24 'cannot read private key .*damaged' --cert "$CERT" --key corrupt_key.pem --pass "$TEST_PASS"
refuse text_key 24 'not a valid PEM key' --cert "$CERT" --key text.pem --pass "$TEST_PASS"
refuse mismatch 24 'does not match' --cert "$CERT" \
	--key "$TEST_PKI_DIR/other/certificates/site_private_key.pem" --pass "$TEST_PASS"
refuse expired 15 'expired' --cert "$TEST_PKI_DIR/expired/cert.pem" \
	--key "$TEST_PKI_DIR/expired/key.pem" --pass "$TEST_PASS"
expect_grep expired.err '^fix: .*https_pki (init --force|issue)' "expired: names the renewing command"
refuse missing_docroot 24 'document root' --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--docroot no-such-dir
refuse client_ca_missing 24 'client CA' --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--client-ca nope.pem
# A client certificate where the client CA belongs (24), and an expired client CA (15).
refuse client_ca_leaf 24 'is not a CA certificate' --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--client-ca "$TEST_PKI_DIR/certificates/client_public_key.pem"
if "$HTTPS_PKI" csr --new-key oldca.key --pass "$TEST_PASS" --subject 'CN=Old Client CA' --out oldca.csr &&
	"$HTTPS_PKI" sign oldca.csr --profile intermediate --ca-cert "$TEST_PKI_DIR/private_ca/root_ca_public_key.pem" \
		--ca-key "$TEST_PKI_DIR/private_ca/root_ca_private_key.pem" --ca-pass "$TEST_PASS" \
		--not-before 2020-01-01 --not-after 2020-06-01 --out oldca.pem; then
	refuse client_ca_expired 15 "client CA oldca.pem: .*Old Client CA' expired on" --cert "$CERT" \
		--key "$KEY" --pass "$TEST_PASS" --client-ca oldca.pem
else
	fail "could not make an expired client CA"
fi

# Port in use: a first server holds it.
start_server first --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--access-log off || fail "first server did not start"
refuse port_in_use 7 "port $P on 127.0.0.1 is already in use" --cert "$CERT" --key "$KEY" \
	--pass "$TEST_PASS"

# Usage errors: exit 2, and a passphrase typed in place of a source is refused unread.
for args in "--pass hunter2" "--bogus" "--port 0" "--bind ::1" "--client-cert optional" \
	"--client-ca x --client-cert sometimes" "--threads 1" "extra-operand"; do
	name=usage_$(echo "$args" | tr -c 'a-z0-9' _)
	# shellcheck disable=SC2086
	expect_rc "$name" 2 "$HTTPS_SERVER" $args
	expect_grep "$name.err" '^https_server: ' "$name: says why"
done
expect_no_grep usage___pass_hunter2_.err hunter2 "a mistyped passphrase is not echoed"
expect_rc help 0 "$HTTPS_SERVER" --help
expect_grep help.out '--client-cert' "help lists the options"
expect_grep help.out 'exit codes' "help documents the exit codes"
finish
