#!/usr/bin/env bash
# Headless Chromium refuses what it must (each load in a fresh profile):
#   no root imported                     -> ERR_CERT_AUTHORITY_INVALID
#   a name not in the SAN (-> 127.0.0.1)   -> ERR_CERT_COMMON_NAME_INVALID
#   an expired leaf, root imported        -> ERR_CERT_DATE_INVALID (openssl s_server)
#   another chain's root imported         -> ERR_CERT_AUTHORITY_INVALID
# ctest-labels: browser
# ctest-timeout: 180
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
start_demo_server server 0 "$P/certificates/site_public_key.pem" \
	"$P/certificates/site_private_key.pem"
url=https://localhost:$(port 0)/

# (b) A browser that was never told about the demo root.
bare=$(new_home bare)
expect_net_error no-ca "$bare" "$url" ERR_CERT_AUTHORITY_INVALID
expect_net_error no-ca-ip "$bare" "https://127.0.0.1:$(port 0)/" ERR_CERT_AUTHORITY_INVALID

# (c) Root trusted, but the name in the address bar is not in the leaf's SAN.
home=$(new_home trusted)
trust_into "$home" "$CA"
expect_page control "$home" "$url" "$BROWSER_MARKER"
BROWSER_MAP="MAP wrong.test 127.0.0.1" \
	expect_net_error wrong-name "$home" "https://wrong.test:$(port 0)/" \
	ERR_CERT_COMMON_NAME_INVALID

# An expired leaf under the trusted root. Our server refuses to start with
# it, so an independent one (openssl s_server) presents it.
start_bg expired-server openssl s_server -accept "127.0.0.1:$(port 1)" -www \
	-cert "$P/expired/cert.pem" -cert_chain "$P/expired/cert.pem" -key "$P/expired/key.pem" \
	-pass "$TEST_PASS"
if wait_for_log expired-server '^ACCEPT' 15; then
	expect_net_error expired "$home" "https://localhost:$(port 1)/" ERR_CERT_DATE_INVALID
else
	fail "openssl s_server did not start with the expired leaf"
fi

# Trusting some other root does not help.
other=$(new_home other)
trust_into "$other" "$P/other/ca_certificates_for_client/ca_public_key.pem"
expect_net_error other-root "$other" "$url" ERR_CERT_AUTHORITY_INVALID
finish
