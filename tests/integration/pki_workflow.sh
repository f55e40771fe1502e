#!/usr/bin/env bash
# The certificate workflow a learner follows, each step checked by the OpenSSL
# command line: key (every type), csr (with a new or an existing key), sign
# (server, client, intermediate profiles; explicit CA files), issue, chain
# (order, root warning), passwd (old passphrase stops working, new one works).
# ctest-labels: pki
# ctest-timeout: 300
# ctest-fixture: none
source "$TEST_LIB"

umask 077
printf 'flow-pass-%s\n' "$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')" >pass.txt
printf 'second-pass-%s\n' "$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')" >pass2.txt
P=file:$TEST_WORK_DIR/pass.txt
P2=file:$TEST_WORK_DIR/pass2.txt
expect_rc init 0 "$HTTPS_PKI" init --dir ca --pass "$P" --san DNS:www.localhost --san ::1 --days 90
CA=ca/ca_certificates_for_client/ca_public_key.pem
INTER=ca/private_ca/intermediate_ca_public_key.pem
run site_text openssl x509 -in ca/certificates/site_public_key.pem -noout -ext subjectAltName
expect_grep site_text.out 'DNS:localhost, IP Address:127.0.0.1, DNS:www.localhost, IP Address:0:0:0:0:0:0:0:1' \
	"init --san adds names to the server leaf"
end=$(openssl x509 -in ca/certificates/site_public_key.pem -noout -enddate | cut -d= -f2)
days=$(( ($(date -d "$end" +%s) - $(date +%s)) / 86400 ))
[ "$days" -ge 89 ] && [ "$days" -le 90 ] && ok "init --days 90: $days days" || fail "init --days 90 gave $days"
# A passphrase the user chose is never written down by init.
[ ! -e ca/secret/reminder.txt ] && ok "init --pass writes no reminder.txt" ||
	fail "init --pass wrote the passphrase to secret/reminder.txt"
! grep -rqF "$(head -1 pass.txt)" ca && ok "the --pass passphrase is in no file under --dir" ||
	fail "the --pass passphrase was written under --dir"
# An old reminder that names another passphrase stays, with a note.
mkdir -p ca/secret && printf 'some-old-pass\n' >ca/secret/reminder.txt
expect_rc init_force_pass 0 "$HTTPS_PKI" init --dir ca --pass "$P" --force --san DNS:www.localhost --san ::1 --days 90
expect_grep init_force_pass.err 'reminder.txt holds another passphrase' "init --pass notes a stale reminder"
[ "$(cat ca/secret/reminder.txt)" = some-old-pass ] && ok "init --pass leaves the old reminder alone" ||
	fail "init --pass changed the old reminder"
rm ca/secret/reminder.txt

# init without --pass but with --ca-pass (one run, four keys): a random passphrase,
# written to the reminder, opens the leaf keys; the CA keys have their own.
expect_rc init_random 0 "$HTTPS_PKI" init --dir rnd --ca-pass "$P2"
expect_grep init_random.out 'made at random' "init says the passphrase was made"
len=$(head -1 rnd/secret/reminder.txt | tr -d '\n' | wc -c)
[ "$len" -ge 20 ] && ok "random passphrase of $len characters" || fail "random passphrase of $len characters"
expect_rc init_random_opens 0 openssl pkey -in rnd/certificates/site_private_key.pem \
	-passin file:rnd/secret/reminder.txt -noout
expect_rc capass_opens 0 openssl pkey -in rnd/private_ca/root_ca_private_key.pem -passin "$P2" -noout
expect_rc capass_inter_opens 0 openssl pkey -in rnd/private_ca/intermediate_ca_private_key.pem -passin "$P2" -noout
expect_rc capass_not_leaf 1 openssl pkey -in rnd/private_ca/root_ca_private_key.pem \
	-passin file:rnd/secret/reminder.txt -noout
[ "$(stat -c %a rnd/secret/reminder.txt)" = 600 ] && ok "reminder.txt mode 0600" || fail "reminder mode"

# init --force whose last file is a folder is refused up front (exit 24) and leaves
# every other file exactly as it was, and no temporary or kept copy behind (the
# rollback after a failed write is tested by unit.test_pki_output).
sums() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
rm rnd/certificates/client_private_key.pem
mkdir rnd/certificates/client_private_key.pem
sums rnd >rnd_before.txt
expect_rc init_force_fails 24 "$HTTPS_PKI" init --dir rnd --ca-pass "$P2" --force
expect_grep init_force_fails.err 'client_private_key.pem is a directory, not a file' "init --force names the file it could not write"
sums rnd >rnd_after.txt
cmp -s rnd_before.txt rnd_after.txt && ok "failed init --force left all $(wc -l <rnd_before.txt) files as they were" ||
	{ fail "failed init --force changed files:"; diff rnd_before.txt rnd_after.txt >&2; }
rmdir rnd/certificates/client_private_key.pem

# key: every type openssl can read back.
for t in p256:EC p384:EC rsa2048:RSA ed25519:ED25519; do
	type=${t%%:*} want=${t##*:}
	expect_rc "key_$type" 0 "$HTTPS_PKI" key --type "$type" --out "$type.key" --pass "$P"
	run "pkey_$type" openssl pkey -in "$type.key" -passin "$P" -noout -text
	case $want in
	EC) expect_grep "pkey_$type.out" "NIST CURVE: P-${type#p}" "key $type is ECDSA P-${type#p}" ;;
	RSA) expect_grep "pkey_$type.out" 'Private-Key: \(2048 bit' "key $type is RSA 2048" ;;
	ED25519) expect_grep "pkey_$type.out" 'ED25519 Private-Key' "key $type is Ed25519" ;;
	esac
done
expect_grep key_ed25519.err '^WARNING: browsers do not accept Ed25519' "Ed25519 warns about browsers"
run key_rsa1024 "$HTTPS_PKI" key --type rsa1024 --out weak.key --pass "$P"
[ "$RC" -eq 2 ] && [ ! -e weak.key ] && ok "RSA 1024 refused" || fail "RSA 1024 accepted"

# csr with an existing key (RSA), signed as a server leaf.
expect_rc csr_rsa 0 "$HTTPS_PKI" csr --key rsa2048.key --pass "$P" \
	--subject 'CN=rsa.localhost,O=Demo Org,C=FR' --san DNS:rsa.localhost --out rsa.csr
run csr_rsa_verify openssl req -in rsa.csr -verify -noout -subject
expect_grep csr_rsa_verify.err 'verify OK' "RSA CSR verifies"
expect_grep csr_rsa_verify.out 'C = FR, O = Demo Org, CN = rsa.localhost|CN = rsa.localhost' "CSR subject"
expect_rc sign_rsa 0 "$HTTPS_PKI" sign rsa.csr --ca-dir ca/private_ca --ca-pass "$P" --days 30 --out rsa.pem
expect_rc verify_rsa 0 openssl verify -CAfile "$CA" -untrusted rsa.pem -purpose sslserver \
	-verify_hostname rsa.localhost rsa.pem
# The Ed25519 key signs a CSR too (the CA stays ECDSA).
expect_rc csr_ed 0 "$HTTPS_PKI" csr --key ed25519.key --pass "$P" --cn ed.localhost --san DNS:ed.localhost --out ed.csr
expect_rc sign_ed 0 "$HTTPS_PKI" sign ed.csr --ca-dir ca/private_ca --ca-pass "$P" --out ed.pem
expect_rc verify_ed 0 openssl verify -CAfile "$CA" -untrusted ed.pem ed.pem

# sign as a client leaf, and with explicit CA files.
expect_rc csr_client 0 "$HTTPS_PKI" csr --new-key alice.key --pass "$P" --cn Alice --san email:alice@localhost --out alice.csr
expect_rc sign_client 0 "$HTTPS_PKI" sign alice.csr --profile client --ca-cert "$INTER" \
	--ca-key ca/private_ca/intermediate_ca_private_key.pem --ca-pass "$P" --out alice.pem
expect_rc verify_client 0 openssl verify -CAfile "$CA" -untrusted alice.pem -purpose sslclient alice.pem
run client_text openssl x509 -in alice.pem -noout -ext extendedKeyUsage,subjectAltName
expect_grep client_text.out 'TLS Web Client Authentication' "client profile: clientAuth"
expect_grep client_text.out 'email:alice@localhost' "client SAN carried from the CSR"
# --not-before/--not-after on sign.
expect_rc sign_period 0 "$HTTPS_PKI" sign rsa.csr --ca-dir ca/private_ca --ca-pass "$P" \
	--not-before 2030-01-01T00:00:00Z --not-after 2030-02-01 --out later.pem
run later_dates openssl x509 -in later.pem -noout -startdate -enddate
expect_grep later_dates.out 'notBefore=Jan  1 00:00:00 2030 GMT' "sign --not-before"
expect_grep later_dates.out 'notAfter=Feb  1 00:00:00 2030 GMT' "sign --not-after"

# An intermediate signed by the root: the demo's intermediate has pathlen:0 and
# cannot sign another CA, but the root can.
expect_rc csr_sub 0 "$HTTPS_PKI" csr --new-key sub.key --pass "$P" --subject 'CN=Second Intermediate,O=Demo' --out sub.csr
expect_rc sign_sub 0 "$HTTPS_PKI" sign sub.csr --profile intermediate --ca-cert "$CA" \
	--ca-key ca/private_ca/root_ca_private_key.pem --ca-pass "$P" --out sub.pem
run sub_text openssl x509 -in sub.pem -noout -ext basicConstraints,keyUsage
expect_grep sub_text.out 'CA:TRUE, pathlen:0' "intermediate profile: CA:TRUE, pathlen:0"
[ "$(grep -c 'BEGIN CERTIFICATE' sub.pem)" -eq 1 ] && ok "a root's signature comes without the root" ||
	fail "sub.pem holds the root"
expect_rc csr_w 0 "$HTTPS_PKI" csr --new-key w.key --pass "$P" --cn w.localhost --out w.csr
expect_rc sign_w 0 "$HTTPS_PKI" sign w.csr --ca-cert sub.pem --ca-key sub.key --ca-pass "$P" --out w.pem
expect_rc verify_w 0 openssl verify -CAfile "$CA" -untrusted w.pem -verify_hostname w.localhost w.pem
# The pathlen:0 intermediate cannot sign another CA: refused (exit 12), nothing written.
expect_rc sign_bad_sub 12 "$HTTPS_PKI" sign sub.csr --profile intermediate --ca-dir ca/private_ca --ca-pass "$P" --out sub2.pem
expect_grep sign_bad_sub.err 'pathLenConstraint of 0' "sign_bad_sub: names the pathlen"
[ ! -e sub2.pem ] && ok "sign_bad_sub: nothing written" || fail "sign_bad_sub: sub2.pem written"

# issue: one step, client profile, RSA key.
expect_rc issue_client 0 "$HTTPS_PKI" issue --profile client --ca-dir ca/private_ca --pass "$P" \
	--cn bob --key-type rsa2048 --days 30 --cert bob.pem --key bob.key
expect_rc verify_bob 0 openssl verify -CAfile "$CA" -untrusted bob.pem -purpose sslclient bob.pem
expect_rc bob_key 0 openssl pkey -in bob.key -passin "$P" -noout

# chain: shuffled input, leaf first in the output; warns about a root.
openssl x509 -in rsa.pem -out rsa_leaf.pem
expect_rc chain 0 "$HTTPS_PKI" chain "$INTER" rsa_leaf.pem --out full.pem
subjects=$(openssl crl2pkcs7 -nocrl -certfile full.pem | openssl pkcs7 -print_certs -noout | grep -c '^subject=')
[ "$subjects" -eq 2 ] && ok "chain: leaf + intermediate" || fail "chain holds $subjects certificates"
first=$(openssl x509 -in full.pem -noout -subject)
[[ $first == *rsa.localhost* ]] && ok "chain: leaf first" || fail "chain starts with $first"
expect_no_grep chain.err 'WARNING' "chain without the root: no warning"
expect_rc chain_root 0 "$HTTPS_PKI" chain rsa_leaf.pem "$CA" "$INTER" --out full_root.pem
expect_grep chain_root.err '^WARNING: the chain includes the root' "chain warns about the root"
expect_rc chain_verify 0 openssl verify -CAfile "$CA" -untrusted full.pem full.pem

# passwd: the old passphrase stops working, the new one works; --out keeps the original.
cp p256.key pw.key
expect_rc passwd 0 "$HTTPS_PKI" passwd pw.key --pass "$P" --new-pass "$P2"
expect_rc passwd_new 0 openssl pkey -in pw.key -passin "$P2" -noout
expect_rc passwd_old 1 openssl pkey -in pw.key -passin "$P" -noout
[ "$(stat -c %a pw.key)" = 600 ] && ok "passwd keeps mode 0600" || fail "passwd mode"
a=$(openssl pkey -in pw.key -passin "$P2" -pubout)
b=$(openssl pkey -in p256.key -passin "$P" -pubout)
[ "$a" = "$b" ] && ok "passwd keeps the key" || fail "passwd changed the key"
expect_rc passwd_out 0 "$HTTPS_PKI" passwd p256.key --pass "$P" --new-pass "$P2" --out p256_new.key
expect_rc passwd_out_orig 0 openssl pkey -in p256.key -passin "$P" -noout
expect_rc passwd_clear 0 "$HTTPS_PKI" passwd pw.key --pass "$P2" --no-passphrase
expect_grep pw.key '^-----BEGIN PRIVATE KEY-----' "passwd --no-passphrase decrypts"
expect_rc passwd_reencrypt 0 "$HTTPS_PKI" passwd pw.key --new-pass "$P"
expect_rc passwd_reencrypt_opens 0 openssl pkey -in pw.key -passin "$P" -noout

finish
