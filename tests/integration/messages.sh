#!/usr/bin/env bash
# The messages a new user meets, in all three programs: each says what
# happened in a plain sentence, with a fix that fits, and one exit code per
# meaning (a usage error is 2, a wrong passphrase 6, a missing file 24
# everywhere): "did you mean" on a typo, -V,
# --pass with a word instead of a source, an encrypted client key without
# --pass, a missing or unreadable document root, a certificate OpenSSL refuses,
# civetweb's raw lines, --bind elsewhere, a plain-HTTP port ("wrong version
# number"), mutual TLS without or with a foreign certificate (19, plainly).
# ctest-labels: client server pki
# ctest-timeout: 120
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
SITE=$P/certificates/site_public_key.pem
KEY=$P/certificates/site_private_key.pem
CC=$P/certificates/client_public_key.pem
CK=$P/certificates/client_private_key.pem

# A typo: the nearest option, exit 2, in every program.
expect_rc typo_client 2 "$HTTPS_CLIENT" --verbsoe https://localhost/
expect_grep typo_client.err '^fix: did you mean --verbose\?' "client: did you mean --verbose"
expect_rc typo_server 2 "$HTTPS_SERVER" --prot 8443
expect_grep typo_server.err '^fix: did you mean --port\?' "server: did you mean --port"
expect_rc typo_pki 2 "$HTTPS_PKI" init --dri x
expect_grep typo_pki.err '^fix: did you mean --dir\?' "pki: did you mean --dir"
expect_rc typo_pki_cmd 2 "$HTTPS_PKI" inti
expect_grep typo_pki_cmd.err "^fix: did you mean 'https_pki init'" "pki: did you mean init"
expect_rc far_typo 2 "$HTTPS_CLIENT" --zzzzzzzzzz https://localhost/
expect_no_grep far_typo.err 'did you mean' "no suggestion when nothing is close"

# -V everywhere.
for prog in "$HTTPS_CLIENT" "$HTTPS_SERVER" "$HTTPS_PKI"; do
	name=$(basename "$prog")
	expect_rc "V_$name" 0 "$prog" -V
	expect_grep "V_$name.out" "^$name [0-9]" "$name -V prints its version"
done

# A certificate OpenSSL refuses: a sentence and a fix first, OpenSSL's words after.
if "$HTTPS_PKI" badssl bs --pass "$TEST_PASS" >badssl.log 2>&1; then
	expect_rc weak_key 25 "$HTTPS_SERVER" --port "$(port 3)" --cert bs/rsa1024/cert.pem \
		--key bs/rsa1024/key.pem --pass "$TEST_PASS"
	expect_grep weak_key.err '^https_server: certificate .* has a key too small to be safe \(OpenSSL: ee key too small\)$' "weak key: a sentence before OpenSSL's words"
	expect_grep weak_key.err '^fix: make a new key' "weak key: fix"
	expect_rc weak_hash 25 "$HTTPS_SERVER" --port "$(port 3)" --cert bs/sha1/cert.pem \
		--key bs/sha1/key.pem --pass "$TEST_PASS"
	expect_grep weak_hash.err 'is signed with a weak hash, SHA-1 or MD5 \(OpenSSL: ' "SHA-1 chain: named"
	expect_grep weak_hash.err '^fix: re-issue it signed with SHA-256' "SHA-1 chain: fix"
else
	fail "https_pki badssl: $(tail -3 badssl.log)"
fi

# An address that is not this machine's (nothing is sent anywhere: bind fails at once).
expect_rc bind_other 7 "$HTTPS_SERVER" --bind 10.9.9.9 --port "$(port 4)" --cert "$SITE" \
	--key "$KEY" --pass "$TEST_PASS"
expect_grep bind_other.err '10\.9\.9\.9 is not an address of this machine' "--bind elsewhere: named"
expect_grep bind_other.err "^fix: use --bind 127.0.0.1, or an address that 'ip -4 addr' lists" "--bind elsewhere: the fix fits"
expect_no_grep bind_other.err 'port from 1024' "--bind elsewhere: no fix about ports"

# civetweb's raw OpenSSL lines get a sentence and a fix first.
if start_server mtls_srv --port "$(port 5)" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" --client-ca "$CA"; then
	curl -sk -o /dev/null "https://localhost:$(port 5)/" 2>/dev/null
	curl -s -o /dev/null "http://localhost:$(port 5)/" 2>/dev/null
	sleep 0.5
	expect_grep mtls_srv.log '^https_server: a client connected without a client certificate, which --client-ca requires; fix: .* \(civetweb: sslize error: error:0A0000C7' "no client certificate: a sentence, a fix, then OpenSSL's words"
	expect_grep mtls_srv.log '^https_server: a client spoke plain HTTP to the HTTPS port; fix: use https://' "plain HTTP to the HTTPS port: named"
	expect_no_grep mtls_srv.log '^https_server: civetweb: ' "no raw civetweb line"
else
	fail "https_server with --client-ca did not start"
fi

# The client against a plain-HTTP port (our server's --http-port): "wrong version number",
# and a fix about http://, not about TLS versions.
if start_server plain --port "$(port 6)" --http-port "$(port 7)" --cert "$SITE" --key "$KEY" \
	--pass "$TEST_PASS" --docroot "$DEMO_SOURCE_DIR/server/www"; then
	expect_rc plain_http 10 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$(port 7)/"
	expect_grep plain_http.err 'the server answered in plain text \(plain HTTP\), not TLS \(wrong version number\)' "plain HTTP named as such"
	expect_grep plain_http.err "^fix: this port serves plain HTTP, which https_client does not speak: give the server's HTTPS port" "fix: the HTTPS port"
	expect_no_grep plain_http.err 'tls1\.2|no common protocol' "no advice about TLS versions"
else
	fail "https_server with --http-port did not start"
fi

# Mutual TLS from the client's side: no alert number soup, and a refused certificate is 19.
expect_rc mtls_none 19 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$(port 5)/whoami"
expect_grep mtls_none.err 'the server requires a client certificate \((it sent the alert certificate_required|it closed the connection) while' "no certificate: said plainly"
expect_no_grep mtls_none.err 'alert 0|alert alert' "no 'alert 0 alert'"
"$HTTPS_PKI" init --dir other --pass "$TEST_PASS" >other.log 2>&1 || fail "init other: $(tail -2 other.log)"
for i in 1 2 3; do
	expect_rc "mtls_foreign_$i" 19 "$HTTPS_CLIENT" --cacert "$CA" --cert other/certificates/client_public_key.pem \
		--key other/certificates/client_private_key.pem --pass "$TEST_PASS" "https://localhost:$(port 5)/whoami"
done
expect_grep mtls_foreign_1.err 'client certificate check failed: the server (refused our certificate|closed the connection right after the handshake)' "a foreign client certificate: named"
expect_grep mtls_srv.log "^https_server: a client's certificate was refused: it does not chain to --client-ca" "the server's log says why"

# --pass with a word, not a source: a usage error (2) in all three, the word never echoed.
expect_rc pass_client 2 "$HTTPS_CLIENT" --cert "$CC" --key "$CK" --pass hunter2 https://localhost/
expect_rc pass_server 2 "$HTTPS_SERVER" --pass hunter2
expect_rc pass_pki 2 "$HTTPS_PKI" key --out k.pem --pass hunter2
for p in pass_client pass_server pass_pki; do
	expect_grep $p.err 'not a passphrase source' "$p: names the mistake"
	expect_grep $p.err '^fix: put the passphrase in a file' "$p: fix"
	expect_no_grep $p.err hunter2 "$p: the word is not echoed"
done

# A wrong passphrase: 6 in all three programs, with a sentence naming it.
printf 'not-the-passphrase\n' >wrong.txt
expect_rc wrong_client 6 "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" --pass file:wrong.txt \
	"https://localhost:$(port 0)/"
expect_rc wrong_server 6 "$HTTPS_SERVER" --port "$(port 1)" --cert "$SITE" --key "$KEY" --pass file:wrong.txt
cp "$CK" ck_copy.pem && chmod 600 ck_copy.pem
expect_rc wrong_pki 6 "$HTTPS_PKI" passwd ck_copy.pem --pass file:wrong.txt --new-pass file:wrong.txt
cmp -s "$CK" ck_copy.pem && ok "wrong_pki: the key is left as it was" || fail "wrong_pki: key changed"
for p in wrong_client wrong_server wrong_pki; do
	expect_grep $p.err 'wrong passphrase' "$p: names the wrong passphrase"
	expect_grep $p.err '^fix: ' "$p: a fix"
done
# A passphrase source that gives none (an unset variable): 6; a missing passphrase file: 24.
for src in env:HTTPS_TEST_UNSET_VAR:6 file:no-such-pass.txt:24; do
	want=${src##*:} src=${src%:*} tag=${src%%:*}
	expect_rc "${tag}_client" "$want" "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" \
		--pass "$src" "https://localhost:$(port 0)/"
	expect_rc "${tag}_server" "$want" "$HTTPS_SERVER" --port "$(port 1)" --cert "$SITE" --key "$KEY" \
		--pass "$src"
	expect_rc "${tag}_pki" "$want" "$HTTPS_PKI" passwd ck_copy.pem --pass "$src" --new-pass file:wrong.txt
done
# A missing file: 24 in all three.
expect_rc nofile_client 24 "$HTTPS_CLIENT" --cacert nope.pem "https://localhost:$(port 0)/"
expect_rc nofile_server 24 "$HTTPS_SERVER" --port "$(port 1)" --cert nope.pem --key "$KEY" --pass "$TEST_PASS"
expect_rc nofile_pki 24 "$HTTPS_PKI" inspect nope.pem

# An encrypted client key without --pass: said so, not "not a PEM file".
expect_rc enc_key 6 "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" "https://localhost:$(port 0)/"
expect_grep enc_key.err 'is encrypted, and no passphrase was given' "encrypted key without --pass named"
expect_grep enc_key.err '^fix: add --pass SOURCE' "fix: add --pass"
expect_no_grep enc_key.err 'not a PEM file' "no misleading 'not a PEM file'"

# A document root that does not exist.
expect_rc no_docroot 24 "$HTTPS_SERVER" --port "$(port 1)" --cert "$SITE" --key "$KEY" \
	--pass "$TEST_PASS" --docroot "$TEST_WORK_DIR/nowhere"
expect_grep no_docroot.err 'cannot read the document root .*nowhere' "missing docroot named"
expect_grep no_docroot.err '^fix: give --docroot DIR' "fix: give --docroot"
# One the server's user may not read (needs a user other than root to be true).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -p locked && echo hi >locked/index.html && chmod 700 locked
	cp "$SITE" site.pem && cp "$KEY" key.pem && cp "$P/pass.txt" pass.txt
	chmod 644 site.pem key.pem pass.txt
	chmod 755 "$TEST_WORK_DIR"
	expect_rc locked_docroot 24 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$HTTPS_SERVER" --port "$(port 2)" --cert site.pem --key key.pem \
		--pass "file:$TEST_WORK_DIR/pass.txt" --docroot "$TEST_WORK_DIR/locked"
	expect_grep locked_docroot.err 'Permission denied' "unreadable docroot: the reason"
	expect_grep locked_docroot.err '^fix: the server.s user may not read .*chmod' "fix names the permission"
fi

finish
