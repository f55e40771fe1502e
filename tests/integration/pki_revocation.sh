#!/usr/bin/env bash
# ctest-labels: pki
# ctest-timeout: 240
# Revocation by CRL, end to end: https_pki revoke records it in the CA folder,
# https_pki crl signs the CRLs (PEM and DER, crlNumber counting up), inspect
# explains them, https_server --crl-dir publishes them at the URL the leaves
# name, and both verifiers (https_client --crlfile, https_pki verify --crl)
# refuse a revoked leaf or intermediate with exit 26, a stale CRL with 29, a
# CRL of another CA (or none for one of the path's CAs) with 30. openssl
# verify -crl_check_all agrees with them on every case. Negative cases first.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

PKI=$HTTPS_PKI
P=file:$TEST_PKI_DIR/pass.txt
S=$(port 0)
H=$(port 1)

# Our own CAs (the fixture's are shared): one to revoke with, one foreign.
expect_rc init 0 "$PKI" init --dir ca --pass "$P" --crl-base "http://localhost:$H/crl/"
expect_rc init_other 0 "$PKI" init --dir other --pass "$P"
CA=ca/private_ca
ROOT=ca/ca_certificates_for_client/ca_public_key.pem
LEAF=ca/certificates/site_public_key.pem
INTER=$CA/intermediate_ca_public_key.pem

# --- revoke: refusals
expect_rc revoke_none 2 "$PKI" revoke --ca-dir "$CA"
expect_rc revoke_both 2 "$PKI" revoke --ca-dir "$CA" --cert "$LEAF" --serial 01
expect_rc revoke_badreason 2 "$PKI" revoke --ca-dir "$CA" --cert "$LEAF" --reason stolen
expect_grep revoke_badreason.err '^fix: use one of unspecified, keyCompromise' "bad reason: the fix lists the reasons"
expect_rc revoke_remove 2 "$PKI" revoke --ca-dir "$CA" --cert "$LEAF" --reason removeFromCRL
expect_rc revoke_badhex 2 "$PKI" revoke --ca-dir "$CA" --serial 'zz'
expect_rc revoke_unknown 28 "$PKI" revoke --ca-dir "$CA" --serial 0A:BC:DE
expect_grep revoke_unknown.err 'unknown serial 0ABCDE: the CA in ca/private_ca issued no certificate with it' "unknown serial: says so"
expect_rc revoke_foreign 28 "$PKI" revoke --ca-dir "$CA" --cert other/certificates/site_public_key.pem
expect_grep revoke_foreign.err 'was not issued by the CA in ca/private_ca' "another CA's certificate: says so"
expect_rc revoke_noca 24 "$PKI" revoke --ca-dir nowhere --cert "$LEAF"
[ ! -s "$CA/revoked.tsv" ] || [ "$(grep -vc '^#' "$CA/revoked.tsv")" = 0 ] && ok "refusals recorded nothing" || fail "refusals wrote to revoked.tsv"

# --- crl: refusals
expect_rc crl_nodir 2 "$PKI" crl --ca-pass "$P"
expect_rc crl_dates 2 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --this-update 2030-01-02 --next-update 2030-01-01
expect_rc crl_conflict 2 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --days 3 --next-update 2030-01-01

# --- a CRL before any revocation: the chain passes, everywhere
expect_rc crl0 0 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --out-dir crl0
expect_grep crl0.out 'wrote CRL number 1,' "first CRL: number 1"
for f in intermediate.crl intermediate.crl.pem root.crl root.crl.pem all.crl.pem; do
	[ -s "crl0/$f" ] && ok "crl wrote $f" || fail "crl did not write $f"
done
openssl crl -inform DER -in crl0/intermediate.crl -noout 2>/dev/null && ok "intermediate.crl is DER" || fail "intermediate.crl is not DER"
run insp_cert openssl x509 -in "$LEAF" -noout -ext crlDistributionPoints
expect_grep insp_cert.out "URI:http://localhost:$H/crl/intermediate.crl" "the leaf names the CRL's URL"
run insp_inter openssl x509 -in "$INTER" -noout -ext crlDistributionPoints
expect_grep insp_inter.out "URI:http://localhost:$H/crl/root.crl" "the intermediate names the root's CRL URL"

verify() { # verify NAME WANT CRLFILE [CERT]: https_pki verify and openssl agree
	local name=$1 want=$2 crl=$3 cert=${4:-$LEAF}
	expect_rc "$name" "$want" "$PKI" verify "$cert" --ca "$ROOT" --host localhost --crl "$crl"
	run "$name.ossl" openssl verify -crl_check_all -CAfile "$ROOT" -untrusted "$INTER" \
		-CRLfile "$crl" "$cert"
	if { [ "$want" = 0 ] && [ "$RC" = 0 ]; } || { [ "$want" != 0 ] && [ "$RC" != 0 ]; }; then
		ok "$name: openssl verify -crl_check_all agrees ($RC)"
	else
		fail "$name: openssl verify -crl_check_all exits $RC, we $want"
		sed 's/^/    /' "$name.ossl.out" "$name.ossl.err" >&2
	fi
}

# --- the verifiers: negative cases first
# A CRL of another CA (same names would not help: the signature is checked).
expect_rc crl_other 0 "$PKI" crl --ca-dir other/private_ca --ca-pass "$P" --out-dir crl_other
verify foreign 30 crl_other/all.crl.pem
expect_grep foreign.err "no CRL from '.*Intermediate CA', which issued this certificate, was given" "foreign CRL: says whose CRL is missing"
# Only the intermediate's CRL: the intermediate itself is unchecked (CRL_CHECK_ALL).
verify missing_root 30 crl0/intermediate.crl.pem
# A CRL past its nextUpdate.
expect_rc crl_stale 0 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --out-dir crl_stale \
	--this-update 2020-01-01 --next-update 2020-01-08
verify stale 29 crl_stale/all.crl.pem
expect_grep stale.err 'out of date: its nextUpdate was 2020-01-08' "stale CRL: says when it ran out"
expect_rc insp_stale 29 "$PKI" inspect crl_stale/intermediate.crl
expect_grep insp_stale.out 'OUT OF DATE' "inspect marks a stale CRL"
# A CRL with the right issuer name but another key: the second half of other/ swapped in.
cat crl_other/intermediate.crl.pem crl0/root.crl.pem >mixed.pem
verify mixed 30 mixed.pem
verify good 0 crl0/all.crl.pem

# --- revoke the leaf
SERIAL=$(openssl x509 -in "$LEAF" -noout -serial | cut -d= -f2)
expect_rc revoke_leaf 0 "$PKI" revoke --ca-dir "$CA" --cert "$LEAF" --reason keyCompromise
expect_grep revoke_leaf.out "revoked serial $SERIAL .*reason keyCompromise" "revoke says what it did"
expect_rc revoke_twice 27 "$PKI" revoke --ca-dir "$CA" --serial "$SERIAL"
expect_grep revoke_twice.err "serial $SERIAL is already revoked" "revoking twice: says so"
# Revoked but not yet published: the old CRL still passes it (what a CRL's delay means).
verify before_publish 0 crl0/all.crl.pem
expect_rc crl1 0 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --out-dir crl1
expect_grep crl1.out 'wrote CRL number 3,' "third CRL (the stale one was 2): number 3"
expect_grep crl1.out '1 revoked leaf certificate$' "third CRL: one leaf"
expect_rc insp1 0 "$PKI" inspect crl1/intermediate.crl
expect_grep insp1.out "serial $SERIAL  revoked .* reason keyCompromise" "inspect lists the serial with its reason"
expect_grep insp1.out '^  number:      3$' "inspect shows the number"
verify revoked_leaf 26 crl1/all.crl.pem
expect_grep revoked_leaf.err "certificate revoked: serial $SERIAL, revoked on .* reason keyCompromise" "verify: serial, date, reason"
expect_grep revoked_leaf.err '^fix: ' "verify: a fix"
grep -q 'certificate revoked' revoked_leaf.ossl.out revoked_leaf.ossl.err && ok "openssl: certificate revoked" || fail "openssl did not say revoked"

# --- the client, against a server that also publishes the CRLs
start_server srv --port "$S" --http-port "$H" --crl-dir crl1 --cert "$LEAF" \
	--key ca/certificates/site_private_key.pem --pass "$P" || fail "server did not start"
expect_rc fetch_crl 0 curl -sS --max-time 10 -o fetched.crl -D fetched.h "http://localhost:$H/crl/intermediate.crl"
cmp -s fetched.crl crl1/intermediate.crl && ok "the distribution point serves the CRL, byte for byte" || fail "served CRL differs"
expect_grep fetched.h '^Content-Type: application/pkix-crl' "served as application/pkix-crl"
for t in nothing.crl '..%2fca%2fprivate_ca%2froot_ca_private_key.pem' 'a.b.crl' 'intermediate.txt'; do
	got=$(curl -sS --max-time 10 -o refused.out -w '%{http_code}' "http://localhost:$H/crl/$t")
	[ "$got" = 404 ] && ok "crl name '$t': 404" || fail "crl name '$t': $got"
	expect_no_grep refused.out 'PRIVATE KEY' "crl name '$t': no key"
done
C=("$HTTPS_CLIENT" --cacert "$ROOT" -o /dev/null)
expect_rc cl_nocrl 0 "${C[@]}" "https://localhost:$S/"
expect_rc cl_nofile 24 "${C[@]}" --crlfile nothing.pem "https://localhost:$S/"
expect_rc cl_notcrl 24 "${C[@]}" --crlfile "$ROOT" "https://localhost:$S/"
expect_rc cl_foreign 30 "${C[@]}" --crlfile crl_other/all.crl.pem "https://localhost:$S/"
expect_rc cl_stale 29 "${C[@]}" --crlfile crl_stale/all.crl.pem "https://localhost:$S/"
expect_rc cl_revoked 26 "${C[@]}" --crlfile crl1/all.crl.pem "https://localhost:$S/"
expect_grep cl_revoked.err "certificate revoked: serial $SERIAL, revoked on .* reason keyCompromise" "client: serial, date, reason"
expect_grep cl_revoked.err '^fix: ' "client: a fix"
# One DER CRL: the leaf is found revoked (26) before the root's missing CRL counts.
expect_rc cl_der 26 "${C[@]}" --crlfile crl1/intermediate.crl "https://localhost:$S/"
expect_rc cl_der_good 30 "${C[@]}" --crlfile crl0/intermediate.crl "https://localhost:$S/"
expect_rc cl_good 0 "${C[@]}" --crlfile crl0/all.crl.pem "https://localhost:$S/"

# --- revoke the intermediate (by serial, from issued.tsv): the root's CRL lists it
ISERIAL=$(openssl x509 -in "$INTER" -noout -serial | cut -d= -f2)
expect_rc revoke_inter 0 "$PKI" revoke --ca-dir "$CA" --serial "$ISERIAL" --reason cACompromise
expect_grep revoke_inter.out 'issued by the root CA' "the intermediate's issuer is the root"
expect_rc crl2 0 "$PKI" crl --ca-dir "$CA" --ca-pass "$P" --out-dir crl2
expect_grep crl2.out '1 revoked intermediate$' "fourth CRL: the root's lists the intermediate"
# A new leaf, not revoked, under the revoked intermediate.
expect_rc issue_new 0 "$PKI" issue --profile server --ca-dir "$CA" --ca-pass "$P" --cn localhost \
	--san DNS:localhost --cert new.pem --key new.key --pass "$P"
grep -q "$(openssl x509 -in new.pem -noout -serial | cut -d= -f2)" "$CA/issued.tsv" && ok "issue records the serial in issued.tsv" || fail "issue did not record the serial"
verify revoked_inter 26 crl2/all.crl.pem new.pem
expect_grep revoked_inter.err 'depth 1' "the revoked certificate is the intermediate (depth 1)"
expect_grep revoked_inter.err 'reason cACompromise' "with its reason"
finish
