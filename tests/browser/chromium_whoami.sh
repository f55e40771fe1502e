#!/usr/bin/env bash
# /whoami, seen by headless Chromium with the demo root imported: the server
# reports the browser's connection as TLS 1.3 and says the browser sent no
# client certificate.
# ctest-labels: browser
# ctest-timeout: 120
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
start_demo_server server 0 "$P/certificates/site_public_key.pem" \
	"$P/certificates/site_private_key.pem"
home=$(new_home trusted)
trust_into "$home" "$P/ca_certificates_for_client/ca_public_key.pem"

expect_page whoami "$home" "https://localhost:$(port 0)/whoami" 'TLS ?v?1\.3'
expect_grep whoami.dom '[Nn]o client certificate' "whoami: says no client certificate"
finish
