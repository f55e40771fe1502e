#!/usr/bin/env bash
# The impostor in a browser (docs/lab.md): scripts/mitm_lab.py impostor, with
# its own root and a certificate for localhost, relays to our server. Headless
# Chromium with a fresh NSS database refuses it with ERR_CERT_AUTHORITY_INVALID,
# and so does a Chromium that trusts the demo root (trusting the real root does
# not make an impostor's acceptable); the same Chromium loads the real server.
# With the impostor's root imported as a trusted CA (C,,, by https_pki trust)
# the page loads through the impostor, and the impostor has read the request.
# ctest-labels: browser
# ctest-timeout: 240
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
start_demo_server server 0 "$P/certificates/site_public_key.pem" \
	"$P/certificates/site_private_key.pem"
start_bg impostor "$DEMO_SOURCE_DIR/scripts/mitm_lab.py" impostor --listen "$(port 1)" \
	--to "$(port 0)" --dir impostor --cacert "$P/ca_certificates_for_client/ca_public_key.pem" \
	--pki "$HTTPS_PKI"
wait_for_log impostor 'listening on' 30 && ok "the impostor listens on port $(port 1)" ||
	{ fail "the impostor did not start"; finish; }
IROOT=$TEST_WORK_DIR/impostor/ca_certificates_for_client/ca_public_key.pem
imp_url=https://localhost:$(port 1)/

# No root imported at all.
expect_net_error fresh "$(new_home fresh)" "$imp_url" ERR_CERT_AUTHORITY_INVALID
# The demo root imported: the real server loads, the impostor is still refused.
demo_home=$(new_home demo)
trust_into "$demo_home" "$P/ca_certificates_for_client/ca_public_key.pem"
expect_page real "$demo_home" "https://localhost:$(port 0)/" "$BROWSER_MARKER"
expect_net_error demo-root "$demo_home" "$imp_url" ERR_CERT_AUTHORITY_INVALID
expect_no_grep impostor.log 'read in clear' "refused: the impostor read nothing"
# The impostor's root imported: the same URL loads, through the impostor.
imp_home=$(new_home imp)
trust_into "$imp_home" "$IROOT"
certutil -L -d "sql:$imp_home/.pki/nssdb" >imp_list.txt 2>&1
expect_grep imp_list.txt 'C,, *$' "the impostor's root is in the NSS database with trust C,,"
expect_page impostor-root "$imp_home" "$imp_url" "$BROWSER_MARKER"
expect_grep impostor.log 'read in clear from the client: GET / HTTP/1\.1' "the impostor read the browser's request in clear"
finish
