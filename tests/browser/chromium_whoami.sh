#!/usr/bin/env bash
# /whoami, seen by headless Chromium with the demo root imported: the server
# reports the browser's connection as TLS 1.3 and says the browser sent no
# client certificate. Every group and suite Chromium offers is named: its GREASE
# values (RFC 8701) as GREASE, X25519MLKEM768 by name, suites by their RFC
# names; no raw code point (0x....) and no "unknown" for any of them.
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
row() { sed 's/<tr>/\n<tr>/g' whoami.dom | grep -F "<th>$1</th>"; }
row 'Groups you support' >groups.txt
row 'Suites you offered' >suites.txt
row 'Key shares you sent' >shares.txt
expect_grep groups.txt 'GREASE \(RFC 8701: a placeholder that keeps servers tolerant\)' "whoami: Chromium's GREASE group is named"
expect_grep groups.txt 'X25519MLKEM768, x25519, secp256r1, secp384r1' "whoami: Chromium's groups by their IANA names"
expect_grep shares.txt 'X25519MLKEM768' "whoami: the hybrid key share is named"
expect_grep suites.txt '<td>GREASE \(RFC 8701' "whoami: Chromium's GREASE suite is named"
expect_grep suites.txt 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' "whoami: TLS 1.2 suites by their RFC names"
expect_no_grep suites.txt 'ECDHE-ECDSA-AES' "whoami: no OpenSSL-only suite names"
expect_no_grep whoami.dom '0x[0-9a-fA-F]{4}' "whoami: no raw code point for anything Chromium offers"
expect_no_grep whoami.dom '[Uu]nknown' "whoami: nothing Chromium offers is called unknown"
expect_grep whoami.dom '<th>Key-exchange group</th><td>x25519</td>' "whoami: the negotiated group by name"
finish
