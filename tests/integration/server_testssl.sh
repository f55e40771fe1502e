#!/usr/bin/env bash
# https_server against Debian's testssl (testssl.sh 3.0.8), trusting our root
# (--add-ca). testssl exits 0 even on CRITICAL findings, so the verdict comes from
# its --jsonfile: any finding of severity HIGH, CRITICAL, WARN or FATAL fails the
# test, except the exact (id, severity, text) entries listed and justified below;
# SSLv3, TLS 1.0 and TLS 1.1 not offered, TLS 1.3 offered, chain of trust passed,
# HSTS for two years. Targeted checks (-p -P -S -h -U -f), about 2 minutes.
# Not --fast: with it testssl checks RC4 with the local openssl, which has no RC4,
# and reports that as a WARN instead of testing the server.
# ctest-labels: slow
# ctest-timeout: 600
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log off || { fail "server did not start"; finish; }

# Not through run(): its 60 s limit is too short for testssl.
timeout 540 testssl --quiet --color 0 --warnings off --sneaky --add-ca "$CA" \
	--jsonfile "$TEST_WORK_DIR/testssl.json" -p -P -S -h -U -f "https://localhost:$P/" >testssl.out 2>testssl.err
RC=$?
# 0, or the number of checks testssl itself could not finish; 124 is our timeout,
# 242 and above are testssl's own errors (bad options, no connection, aborted).
[ "$RC" -lt 124 ] && ok "testssl ran to the end (exit $RC)" || fail "testssl aborted (exit $RC)"
[ -s testssl.json ] && ok "testssl wrote its JSON" || { fail "no JSON from testssl"; finish; }

# id <TAB> severity <TAB> finding, one per line (testssl writes one field per line).
awk -F'"' '/"id" *:/ { id = $4 } /"severity" *:/ { sev = $4 }
	/"finding" *:/ { f = $0; sub(/^[^:]*: *"/, "", f); sub(/" *,? *$/, "", f); print id "\t" sev "\t" f }' \
	testssl.json >findings.txt
[ "$(wc -l <findings.txt)" -ge 50 ] && ok "$(wc -l <findings.txt) findings read" ||
	fail "only $(wc -l <findings.txt) findings in the JSON"

# The tolerated findings, each matched whole (id, severity, text):
# - cert_revocation HIGH: the demo's private PKI publishes no CRL or OCSP address,
#   which testssl rates HIGH; a private root cannot offer either.
# - sessionresumption_ticket / sessionresumption_ID WARN "check failed because of
#   connect problem": a race inside testssl, not a refusal by the server. Its
#   probe runs `openssl s_client -sess_out F </dev/null`; with TLS 1.3 the session
#   ticket comes after the handshake and s_client, seeing stdin closed, often exits
#   before it arrives (half the time here), writes no F, and the second probe
#   (`-sess_in F`) fails to open it, which testssl reports as a connect problem.
#   Resumption is checked below with s_client waiting for the ticket.
ALLOWED=$'^(cert_revocation\tHIGH\tNeither CRL nor OCSP URI provided|sessionresumption_(ticket|ID)\tWARN\tcheck failed because of connect problem)$'
awk -F'\t' '$2 ~ /^(HIGH|CRITICAL|WARN|FATAL)$/' findings.txt >severe.txt
grep -E "$ALLOWED" severe.txt | while IFS= read -r line; do log "tolerated (see comment): $line"; done
grep -Ev "$ALLOWED" severe.txt >bad.txt
[ ! -s bad.txt ] && ok "no HIGH, CRITICAL, WARN or FATAL findings beyond the tolerated ones" ||
	{ fail "findings:"; sed 's/^/    /' bad.txt >&2; }
expect_grep findings.txt $'^SSLv3\t(OK|INFO)\tnot offered' "SSLv3 not offered"
expect_grep findings.txt $'^TLS1\t(OK|INFO)\tnot offered' "TLS 1.0 not offered"
expect_grep findings.txt $'^TLS1_1\t(OK|INFO)\tnot offered' "TLS 1.1 not offered"
expect_grep findings.txt $'^TLS1_3\tOK\toffered' "TLS 1.3 offered"
expect_grep findings.txt $'^cert_chain_of_trust[^\t]*\tOK\tpassed' "chain of trust passed"
expect_grep findings.txt $'^HSTS_time\tOK\t.*(730 days|63072000)' "HSTS for two years"

# Session resumption, which the tolerated WARN above would hide: the session is
# saved once s_client has read the ticket (it waits a second before closing).
SC=(timeout 10 openssl s_client -connect "127.0.0.1:$P" -servername localhost -CAfile "$CA")
(sleep 1) | "${SC[@]}" -sess_out sess.pem >sess1.out 2>&1
(sleep 1) | "${SC[@]}" -sess_in sess.pem >sess2.out 2>&1
expect_grep sess2.out '^Reused, TLSv1\.3' "TLS 1.3 session resumed from a ticket"
(sleep 1) | "${SC[@]}" -tls1_2 -no_ticket -sess_out sess12.pem >sess3.out 2>&1
(sleep 1) | "${SC[@]}" -tls1_2 -no_ticket -sess_in sess12.pem >sess4.out 2>&1
expect_grep sess4.out '^Reused, TLSv1\.2' "TLS 1.2 session resumed by session ID"
finish
