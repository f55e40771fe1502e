#!/usr/bin/env bash
# The demo root is name-constrained (localhost, 127.0.0.1, ::1): even with it
# imported, Chromium rejects a leaf it signed for example.com (the
# `outside-constraints` case of `https_pki badssl`), while a leaf of the same
# set for a name inside the constraints (other.localhost) loads. So an
# imported demo root can never vouch for a real website.
# ctest-labels: browser
# ctest-timeout: 180
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

bad=$TEST_WORK_DIR/bad
if timeout 120 "$HTTPS_PKI" badssl "$bad" --pass "$TEST_PASS" >badssl.out 2>&1 &&
	[ -f "$bad/outside-constraints/cert.pem" ]; then
	ok "https_pki badssl made the bad-certificate set"
else
	fail "https_pki badssl did not make $bad/outside-constraints; its output:"
	sed 's/^/    /' badssl.out >&2
	finish
fi

home=$(new_home trusted)
trust_into "$home" "$bad/ca.pem"
expect_grep "$home.trust.out" 'vouches for: only' "the badssl root is name-constrained"

# Inside the constraints: other.localhost, served by the wrong-host leaf.
start_demo_server inside 0 "$bad/wrong-host/cert.pem" "$bad/wrong-host/key.pem"
BROWSER_MAP="MAP other.localhost 127.0.0.1" \
	expect_page inside "$home" "https://other.localhost:$(port 0)/" "$BROWSER_MARKER"

# Outside: example.com, mapped to our loopback server. OpenSSL names the one
# thing wrong with that chain, so Chromium's ERR_CERT_INVALID is about it.
run verify-outside openssl verify -CAfile "$bad/ca.pem" \
	-untrusted "$bad/outside-constraints/cert.pem" "$bad/outside-constraints/cert.pem"
expect_grep verify-outside.err 'permitted subtree violation' \
	"openssl: the outside-constraints leaf breaks only the name constraints"
start_demo_server outside 1 "$bad/outside-constraints/cert.pem" "$bad/outside-constraints/key.pem"
BROWSER_MAP="MAP example.com 127.0.0.1" \
	expect_net_error outside "$home" "https://example.com:$(port 1)/" ERR_CERT_INVALID
finish
