#!/usr/bin/env bash
# The impostor, shown (docs/lab.md): scripts/mitm_lab.py impostor ends TLS
# with its own chain for localhost (made at run time with https_pki init) and
# relays to the real server. A client that trusts only the demo root refuses
# it: https_client with exit 12 (untrusted issuer, naming the impostor's root),
# demo_client.py with its issuer check; the relay sees nothing in clear. With
# the impostor's root trusted (--cacert), the same fetches succeed, the real
# page arrives, and the relay has read the request and the answer in clear.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

MITM=$DEMO_SOURCE_DIR/scripts/mitm_lab.py
PYC=$DEMO_SOURCE_DIR/examples/python/demo_client.py
K=$TEST_PKI_DIR
ROOT=$K/ca_certificates_for_client/ca_public_key.pem
HS=$(port 0) IMP=$(port 1)

start_server hserver --port "$HS" --cert "$K/certificates/site_public_key.pem" \
	--key "$K/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" || { fail "https_server did not start"; finish; }
start_bg impostor "$MITM" impostor --listen "$IMP" --to "$HS" --dir impostor \
	--cacert "$ROOT" --pki "$HTTPS_PKI"
wait_for_log impostor "listening on https://localhost:$IMP/" 30 || { fail "the impostor did not start"; finish; }
IROOT=$TEST_WORK_DIR/impostor/ca_certificates_for_client/ca_public_key.pem
expect_grep impostor.log "^impostor: its own root CA: $IROOT\$" "the impostor names its own root"
[ -f impostor/private_ca/root_ca_private_key.pem ] && ok "the impostor made its own root with https_pki init" ||
	fail "no impostor root key under impostor/private_ca"
if cmp -s "$IROOT" "$ROOT"; then fail "the impostor's root is the demo root"; else ok "the impostor's root is not the demo root"; fi
# Its leaf is for localhost too: only the issuer differs.
"$HTTPS_PKI" inspect impostor/certificates/site_public_key.pem >leaf.txt 2>&1
expect_grep leaf.txt 'DNS:localhost' "the impostor's certificate names localhost"

# Trusting the demo root only: refused, untrusted issuer.
expect_rc hc_demo 12 "$HTTPS_CLIENT" --cacert "$ROOT" "https://localhost:$IMP/"
expect_grep hc_demo.err "^https_client: issuer check failed: untrusted issuer: '[^']*CN=HTTPS Demo Root CA' was neither sent by the server nor is in " \
	"hc_demo: https_client names the untrusted issuer"
expect_no_grep hc_demo.out 'marker' "hc_demo: no page"
expect_rc pc_demo 2 "$PYC" --cacert "$ROOT" localhost "$IMP"
expect_grep pc_demo.err 'check issuer FAILED: unable to get local issuer certificate' "pc_demo: demo_client.py's issuer check fails"
sleep 0.5
expect_grep impostor.log "^impostor: connection 1: the client refused the impostor's certificate" "the impostor sees the refusal"
expect_no_grep impostor.log 'read in clear' "refused: the impostor read nothing"

# Trusting the impostor's root: the same fetch succeeds, through the impostor.
expect_rc hc_imp 0 "$HTTPS_CLIENT" -v --cacert "$IROOT" "https://localhost:$IMP/"
expect_grep hc_imp.out 'id="marker">HTTPS demo: connection verified<' "hc_imp: the real page, through the impostor"
expect_grep hc_imp.err "^\* check trust +ok +: chain anchored at trusted CA" "hc_imp: every check passes"
expect_rc pc_imp 0 "$PYC" --cacert "$IROOT" localhost "$IMP"
expect_grep pc_imp.out 'HTTPS demo: connection verified' "pc_imp: demo_client.py gets the page too"
sleep 0.5
expect_grep impostor.log '^impostor: connection 3: read in clear from the client: GET / HTTP/1\.1$' "the impostor read the request in clear"
expect_grep impostor.log '^impostor: connection 3: read in clear from the server: HTTP/1\.1 200 OK$' "the impostor read the answer in clear"
expect_grep hserver.log '"GET / HTTP/1.1" 200' "the real server answered the impostor"

expect_rc usage 2 "$MITM" impostor
finish
