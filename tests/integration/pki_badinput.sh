#!/usr/bin/env bash
# Bad input to https_pki: a truncated PEM, DER where PEM is expected, a
# certificate where a key is expected, a CSR with a broken signature, a
# malformed config, an unwritable output folder. Each gives a one-line error
# (plus at most a "fix:" line), its own non-zero exit, and leaves no file
# behind. A wrong passphrase (exit 6) is told apart from "not a key" (exit 24);
# existing files need --force (exit 8); --no-passphrase warns loudly; a
# passphrase typed where a source belongs is refused without being echoed.
# ctest-labels: pki
# ctest-timeout: 300
source "$TEST_LIB"

umask 077
printf 'not-the-right-one\n' >wrong.txt
# A copy of the fixture's chain (made by https_pki init): no keys minted here for it.
cp "$TEST_PKI_DIR/pass.txt" pass.txt
P=file:$TEST_WORK_DIR/pass.txt
mkdir ca
cp -r "$TEST_PKI_DIR"/{ca_certificates_for_client,certificates,private_ca} ca/ ||
	{ fail "copy the fixture chain"; finish; }
CERT=ca/certificates/site_public_key.pem
KEY=ca/certificates/site_private_key.pem

# bad NAME WANT_RC PATTERN OUTPUT CMD...: CMD fails with WANT_RC, says PATTERN in
# one line (+ fix:), and OUTPUT (a file, or "-") is not there afterwards.
bad() {
	local name=$1 want=$2 pattern=$3 out=$4
	shift 4
	expect_rc "$name" "$want" "$@"
	expect_grep "$name.err" "^https_pki: .*$pattern" "$name: says /$pattern/"
	local lines
	lines=$(grep -vc '^fix: ' "$name.err")
	[ "$lines" -eq 1 ] && ok "$name: one error line" || fail "$name: $lines error lines"
	if [ "$out" != - ]; then
		[ ! -e "$out" ] && ok "$name: $out not written" || fail "$name: $out was written"
	fi
	if ls ./*.tmp.* ca/*/*.tmp.* 2>/dev/null | grep -q .; then
		fail "$name: a temporary file was left behind"
	fi
}

# Truncated PEM.
head -c 300 "$CERT" >trunc_cert.pem
head -c 200 "$KEY" >trunc_key.pem
bad trunc_inspect 24 'truncated PEM' - "$HTTPS_PKI" inspect trunc_cert.pem
bad trunc_verify 24 'truncated PEM' - "$HTTPS_PKI" verify trunc_cert.pem --host localhost
bad trunc_key 24 'truncated PEM' out.csr "$HTTPS_PKI" csr --key trunc_key.pem --pass "$P" --cn x --out out.csr
bad trunc_chain 24 'truncated PEM' chain.pem "$HTTPS_PKI" chain trunc_cert.pem --out chain.pem
# A PEM block whose base64 is damaged.
sed '3s/[A-Za-z]/!/g' "$CERT" >damaged.pem
bad damaged_cert 24 'damaged' - "$HTTPS_PKI" inspect damaged.pem

# DER where PEM is expected.
openssl x509 -in "$CERT" -outform DER -out cert.der
openssl pkey -in "$KEY" -passin "$P" -outform DER -out key.der
bad der_cert 24 'binary \(DER\?\), not PEM' - "$HTTPS_PKI" inspect cert.der
expect_grep der_cert.err '^fix: convert it' "der_cert: says how to convert"
bad der_key 24 'binary \(DER\?\), not PEM' out.csr "$HTTPS_PKI" csr --key key.der --pass "$P" --cn x --out out.csr
printf 'hello\n' >text.txt
bad text_cert 24 'no PEM block' - "$HTTPS_PKI" inspect text.txt
: >empty.pem
bad empty_cert 24 'is empty' - "$HTTPS_PKI" verify empty.pem

# A certificate where a key is expected, and the other way round.
bad cert_as_key 24 'holds a certificate, not a private key' out.csr \
	"$HTTPS_PKI" csr --key "$CERT" --pass "$P" --cn x --out out.csr
bad cert_as_key_passwd 24 'holds a certificate, not a private key' - \
	"$HTTPS_PKI" passwd "$CERT" --pass "$P" --new-pass "$P"
bad key_as_cert 24 'holds a private key, not a certificate' - "$HTTPS_PKI" verify "$KEY"
mkdir -p swapped
cp ca/private_ca/intermediate_ca_private_key.pem swapped/intermediate_ca_public_key.pem
cp ca/private_ca/intermediate_ca_private_key.pem swapped/intermediate_ca_private_key.pem
bad ca_dir_swapped 24 'holds a private key, not a certificate' leaf.pem "$HTTPS_PKI" issue \
	--ca-dir swapped --pass "$P" --cn localhost --cert leaf.pem --key leaf.key
[ ! -e leaf.key ] && ok "ca_dir_swapped: no key left behind" || fail "ca_dir_swapped: leaf.key written"

# A certificate that cannot issue is refused as a CA (exit 12) before anything
# is written: a leaf (CA:FALSE), a CA without keyCertSign, and the pathlen:0
# intermediate asked for another CA; by sign (files and folder) and by issue.
"$HTTPS_PKI" csr --new-key leafca.key --pass "$P" --cn c.localhost --san DNS:c.localhost --out c.csr >/dev/null
LEAFCA=(--ca-cert "$CERT" --ca-key "$KEY" --ca-pass "$P")
bad leaf_as_ca 12 "site_public_key.pem cannot issue certificates: it is not a CA" c.pem \
	"$HTTPS_PKI" sign c.csr "${LEAFCA[@]}" --out c.pem
expect_grep leaf_as_ca.err '^fix: give a CA: --ca-dir' "leaf_as_ca: the fix names --ca-dir"
bad leaf_as_ca_sub 12 'it is not a CA' c.pem "$HTTPS_PKI" sign c.csr --profile intermediate \
	"${LEAFCA[@]}" --out c.pem
mkdir -p leafdir
cp "$CERT" leafdir/intermediate_ca_public_key.pem
cp "$KEY" leafdir/intermediate_ca_private_key.pem
bad leaf_as_ca_dir 12 'intermediate_ca_public_key.pem cannot issue certificates: it is not a CA' c.pem \
	"$HTTPS_PKI" sign c.csr --ca-dir leafdir --ca-pass "$P" --out c.pem
bad leaf_as_ca_issue 12 'it is not a CA' c.pem "$HTTPS_PKI" issue --ca-dir leafdir --ca-pass "$P" \
	--pass "$P" --cn c.localhost --cert c.pem --key c.key
[ ! -e c.key ] && ok "leaf_as_ca_issue: no key written" || fail "leaf_as_ca_issue: c.key written"
openssl req -x509 -new -key leafca.key -passin "$P" -subj /CN=NoCertSign -days 30 \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature \
	-out nosign.pem 2>/dev/null
bad ca_no_certsign 12 'nosign.pem cannot issue certificates: its keyUsage lacks keyCertSign' c.pem \
	"$HTTPS_PKI" sign c.csr --ca-cert nosign.pem --ca-key leafca.key --ca-pass "$P" --out c.pem
expect_grep ca_no_certsign.err '^fix: ' "ca_no_certsign: has a fix"
bad pathlen0_sub 12 'pathLenConstraint of 0 forbids another CA below it' c.pem \
	"$HTTPS_PKI" sign c.csr --profile intermediate --ca-dir ca/private_ca --ca-pass "$P" --out c.pem
expect_grep pathlen0_sub.err '^fix: sign intermediates with the root' "pathlen0_sub: the fix names the root"

# A name outside the root's constraints: the message names exactly the names outside.
bad sign_outside 12 'outside the name constraints' c.pem "$HTTPS_PKI" sign c.csr --ca-dir ca/private_ca \
	--ca-pass "$P" --san DNS:example.com --san DNS:ok.localhost --san IP:10.0.0.1 --out c.pem
expect_grep sign_outside.err '^https_pki: DNS:example.com, IP:10.0.0.1: outside' "sign_outside: names the two outside"
expect_no_grep sign_outside.err 'localhost.*: outside' "sign_outside: no name inside is listed as outside"

# Wrong passphrase: exit 6, said differently from "not a key".
bad wrong_pass 6 'wrong passphrase' out.csr "$HTTPS_PKI" csr --key "$KEY" --pass file:wrong.txt --cn x --out out.csr
expect_no_grep wrong_pass.err 'not a' "wrong_pass: not called 'not a key'"
bad wrong_ca_pass 6 'wrong passphrase' leaf.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--ca-pass file:wrong.txt --pass "$P" --cn localhost --cert leaf.pem --key leaf.key
bad wrong_pass_passwd 6 'wrong passphrase' - "$HTTPS_PKI" passwd "$KEY" --pass file:wrong.txt --new-pass "$P"
expect_rc key_still_opens 0 openssl pkey -in "$KEY" -passin "$P" -noout

# A CSR whose signature is broken: the last byte of the signature flipped.
"$HTTPS_PKI" csr --new-key csr.key --pass "$P" --cn api.localhost --san DNS:api.localhost --out good.csr >/dev/null
openssl req -in good.csr -outform DER -out good.der
python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[-1]^=1; open(sys.argv[2],"wb").write(b)' good.der bad.der
openssl req -inform DER -in bad.der -out badsig.csr
# (openssl 3.0 req -verify exits 0 either way: read what it says.)
run ossl_badsig openssl req -in badsig.csr -verify -noout
expect_grep ossl_badsig.err 'verify failure' "openssl req -verify rejects the broken CSR too"
bad badsig_sign 24 "the CSR's signature does not verify" cert.pem \
	"$HTTPS_PKI" sign badsig.csr --ca-dir ca/private_ca --ca-pass "$P" --out cert.pem
expect_rc good_sign 0 "$HTTPS_PKI" sign good.csr --ca-dir ca/private_ca --ca-pass "$P" --out cert.pem

# Malformed configs: file:line, exit 9, nothing written.
printf 'root:\n  subject: CN=R\n  colour: red\n' >unknown.yaml
printf 'root:\n  subject: CN=R\n  days: many\n' >type.yaml
printf 'root: [a, b\n' >syntax.yaml
printf 'root:\n  subject: CN=R\nintermediate:\n  subject: CN=I\nleaves:\n  s:\n    sans: [DNS:example.com]\n' >outside.yaml
bad config_unknown 9 'unknown.yaml:3: unknown key .colour. in root' cfg "$HTTPS_PKI" init --config unknown.yaml --dir cfg --pass "$P"
bad config_type 9 "type.yaml:3: 'days' must be a number" cfg "$HTTPS_PKI" init --config type.yaml --dir cfg --pass "$P"
bad config_syntax 9 'syntax.yaml:2: ' cfg "$HTTPS_PKI" init --config syntax.yaml --dir cfg --pass "$P"
bad config_missing 24 'cannot open' cfg "$HTTPS_PKI" init --config nothere.yaml --dir cfg --pass "$P"
bad config_outside 12 'outside the name constraints' cfg "$HTTPS_PKI" init --config outside.yaml --dir cfg --pass "$P"
printf 'root:\n  subject: CN=R\nintermediate:\n  subject: CN=I\nleaves:\n  s:\n    sans: [DNS:localhost]\n    cert_file: same.pem\n    key_file: same.pem\n' >same.yaml
bad config_same_file 2 'cfg/same.pem is named for two outputs' cfg "$HTTPS_PKI" init --config same.yaml --dir cfg --pass "$P"
expect_grep config_same_file.err '^fix: give each output its own file' "config_same_file: has a fix"
expect_rc config_example 0 "$HTTPS_PKI" init --config "$DEMO_SOURCE_DIR/pki/example-config.yaml" --dir cfg --pass "$P"
expect_rc config_example_verify 0 openssl verify -CAfile cfg/ca_certificates_for_client/ca_public_key.pem \
	-untrusted cfg/certificates/api_public_key.pem -verify_hostname api.localhost cfg/certificates/api_public_key.pem

# Unwritable output folder: its parent is a regular file (root ignores modes).
: >blocker
bad unwritable_key 24 'cannot create' blocker/k.pem "$HTTPS_PKI" key --out blocker/k.pem --pass "$P"
bad unwritable_init 24 'cannot create' blocker/x "$HTTPS_PKI" init --dir blocker/x --pass "$P"
if [ "$(id -u)" -ne 0 ]; then
	mkdir ro && chmod 555 ro
	bad readonly_key 1 'Permission denied' ro/k.pem "$HTTPS_PKI" key --out ro/k.pem --pass "$P"
fi
# A failure half-way through init removes what init already wrote.
mkdir -p half && : >half/certificates
bad half_init 24 'cannot create half/certificates/site_public_key.pem: Not a directory' - "$HTTPS_PKI" init --dir half --pass "$P"
left=$(find half -type f | grep -v '^half/certificates$' | wc -l)
[ "$left" -eq 0 ] && ok "half_init: no partial set left" || fail "half_init left $left files: $(find half -type f)"

# Existing files: refused without --force (and untouched), replaced with it.
before=$(sha256sum "$CERT")
bad exists_init 8 'already exists' - "$HTTPS_PKI" init --dir ca --pass "$P"
expect_grep exists_init.err '^fix: .*--force' "exists_init: the fix names --force"
[ "$(sha256sum "$CERT")" = "$before" ] && ok "existing set untouched" || fail "existing set changed"
expect_rc key_new 0 "$HTTPS_PKI" key --out k.pem --pass "$P"
kbefore=$(sha256sum k.pem)
bad key_exists 8 'k.pem already exists' - "$HTTPS_PKI" key --out k.pem --pass "$P"
[ "$(sha256sum k.pem)" = "$kbefore" ] && ok "key_exists: k.pem untouched" || fail "key_exists changed k.pem"
expect_rc key_force 0 "$HTTPS_PKI" key --out k.pem --pass "$P" --force
expect_rc init_force 0 "$HTTPS_PKI" init --dir ca --pass "$P" --force
[ "$(sha256sum "$CERT")" != "$before" ] && ok "init --force replaced the set" || fail "init --force kept the set"

# An output path that is a directory is refused up front (exit 24), with or without --force.
mkdir -p outdir
bad out_dir_key 24 'outdir is a directory, not a file' - "$HTTPS_PKI" key --out outdir --pass "$P"
expect_grep out_dir_key.err '^fix: name a file to write' "out_dir_key: says what to do"
bad out_dir_key_force 24 'outdir is a directory, not a file' - "$HTTPS_PKI" key --out outdir --pass "$P" --force
bad out_dir_issue 24 'outdir is a directory, not a file' x.key "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--pass "$P" --cn localhost --cert outdir --key x.key
bad out_dir_passwd 24 'outdir is a directory, not a file' - "$HTTPS_PKI" passwd k.pem --pass "$P" \
	--new-pass "$P" --out outdir
[ -z "$(ls outdir)" ] && ok "out_dir: nothing written inside" || fail "out_dir: outdir holds $(ls outdir)"
# passwd has no --force: its fix for an existing --out says so.
: >exists.key
bad passwd_exists 8 'exists.key already exists' - "$HTTPS_PKI" passwd k.pem --pass "$P" --new-pass "$P" --out exists.key
expect_grep passwd_exists.err '^fix: choose another --out, or remove exists.key first' "passwd_exists: a fix passwd can follow"
expect_no_grep passwd_exists.err 'force' "passwd_exists: no --force offered"
# Two outputs named the same: a usage error (exit 2), nothing written.
bad same_issue 2 '--cert and --key name the same file' same.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--pass "$P" --cn localhost --cert same.pem --key same.pem
expect_grep same_issue.err '^fix: give two files' "same_issue: has a fix"
bad same_csr 2 '--new-key and --out name the same file' same.pem "$HTTPS_PKI" csr --new-key same.pem \
	--out same.pem --cn x --pass "$P"
# A profile the subcommand does not take: the message lists what it takes.
bad profile_issue 2 "issue makes server or client leaves, not 'bogus'" - "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--pass "$P" --cn localhost --cert x.pem --key x.key --profile bogus
expect_no_grep profile_issue.err 'root|intermediate' "profile_issue: offers no CA profile"
expect_grep profile_issue.err '^fix: use --profile server or --profile client' "profile_issue: the fix"
bad profile_sign 2 "sign makes server, client or intermediate certificates, not 'root'" - "$HTTPS_PKI" sign good.csr \
	--ca-dir ca/private_ca --ca-pass "$P" --out x.pem --profile root

# --no-passphrase: a loud warning, a clear key; never the default.
expect_rc nopass 0 "$HTTPS_PKI" key --out clear.pem --no-passphrase
expect_grep nopass.err '^WARNING: clear.pem is written WITHOUT a passphrase' "--no-passphrase warns"
expect_grep clear.pem '^-----BEGIN PRIVATE KEY-----' "the key is clear PKCS#8"
[ "$(stat -c %a clear.pem)" = 600 ] && ok "clear key still mode 0600" || fail "clear key mode"
bad nopass_conflict 2 'conflict' c2.pem "$HTTPS_PKI" key --out c2.pem --no-passphrase --pass "$P"

# Passphrases never from argv: a bare word is refused and not echoed back.
bad pass_argv 2 'not a passphrase source' k3.pem "$HTTPS_PKI" key --out k3.pem --pass hunter2secret
expect_no_grep pass_argv.err 'hunter2secret' "the typed passphrase is not echoed"
printf 'abc\n' >short.txt
bad pass_short 2 'too short' k3.pem "$HTTPS_PKI" key --out k3.pem --pass file:short.txt
bad pass_missing 24 'cannot open passphrase file' k3.pem "$HTTPS_PKI" key --out k3.pem --pass file:nothere
# Passphrase from the environment and from a descriptor.
expect_rc pass_env 0 env PKI_TEST_PASS=env-pass-1234 "$HTTPS_PKI" key --out env.pem --pass env:PKI_TEST_PASS
printf 'env-pass-1234\n' >envpass.txt
expect_rc pass_env_opens 0 openssl pkey -in env.pem -passin file:envpass.txt -noout
expect_rc pass_fd 0 bash -c '"$0" key --out fd.pem --pass fd:3 3<"$1"' "$HTTPS_PKI" pass.txt
expect_rc pass_fd_opens 0 openssl pkey -in fd.pem -passin "$P" -noout

# Usage errors exit 2 and point at --help.
bad usage_unknown 2 "unknown option '--frobnicate'" - "$HTTPS_PKI" issue --frobnicate
expect_grep usage_unknown.err '^fix: try https_pki issue --help' "usage error points at --help"
bad usage_days 2 'conflicts' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" --cn localhost \
	--cert x.pem --key x.key --days 10 --not-before 2020-01-01
bad usage_time 2 'is not a time' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" --cn localhost \
	--cert x.pem --key x.key --not-before 2020-02-30 --not-after 2020-03-30
bad usage_cap 2 'at most 825 days' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" --cn localhost \
	--cert x.pem --key x.key --not-before 2025-01-01 --not-after 2030-01-01
# The cap is exact: 825 days and one second is refused.
bad usage_cap_edge 2 'at most 825 days' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" --cn localhost \
	--cert x.pem --key x.key --not-before 2025-01-01T00:00:00Z --not-after 2027-04-06T00:00:01Z
[ ! -e x.key ] && ok "usage_cap_edge: no key written" || fail "usage_cap_edge: x.key written"
# Names outside the root's constraints are refused by issue too (DNS and IP), exit 12 (a CA unfit to issue for that name).
bad issue_outside_dns 12 'outside the name constraints' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--pass "$P" --cn example.com --san DNS:example.com --cert x.pem --key x.key
bad issue_outside_ip 12 'outside the name constraints' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca \
	--pass "$P" --cn localhost --san DNS:localhost --san IP:10.0.0.1 --cert x.pem --key x.key
[ ! -e x.key ] && ok "issue_outside: no key written" || fail "issue_outside: x.key written"
# issue refuses to replace a file, before asking for anything, and leaves both untouched.
: >taken.pem
bad issue_exists 8 'taken.pem already exists' - "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" \
	--cn localhost --cert taken.pem --key taken.key
[ ! -s taken.pem ] && [ ! -e taken.key ] && ok "issue_exists: nothing written" || fail "issue_exists wrote"
bad usage_san 2 'not a valid DNS name' x.pem "$HTTPS_PKI" issue --ca-dir ca/private_ca --pass "$P" --cn localhost \
	--cert x.pem --key x.key --san 'DNS:bad name'
bad usage_cmd 2 "unknown command 'frob'" - "$HTTPS_PKI" frob
# More errors, each with a fix line: input files, passphrase sources, usage.
bad csr_as_cert 24 "holds a 'CERTIFICATE REQUEST' PEM block, not a certificate" - "$HTTPS_PKI" verify good.csr --host x
expect_grep csr_as_cert.err '^fix: a CSR is not a certificate yet: https_pki sign' "csr_as_cert: says to sign it"
bad dir_as_input 24 'outdir is not a regular file' - "$HTTPS_PKI" inspect outdir
bad missing_input 24 'cannot open nothere.pem' - "$HTTPS_PKI" inspect nothere.pem
bad ca_key_mismatch 24 'does not belong to the CA certificate' c.pem "$HTTPS_PKI" sign c.csr \
	--ca-cert ca/private_ca/intermediate_ca_public_key.pem --ca-key "$KEY" --ca-pass "$P" --out c.pem
expect_grep ca_key_mismatch.err '^fix: .*--ca-key' "ca_key_mismatch: the fix names --ca-key"
: >emptypass.txt
bad pass_empty 6 'empty passphrase' k4.pem "$HTTPS_PKI" key --out k4.pem --pass file:emptypass.txt
bad pass_env_unset 6 'PKI_NO_SUCH_VAR is not set' k4.pem env -u PKI_NO_SUCH_VAR "$HTTPS_PKI" key --out k4.pem \
	--pass env:PKI_NO_SUCH_VAR
bad pass_fd_closed 6 'fd:99' k4.pem "$HTTPS_PKI" key --out k4.pem --pass fd:99
bad pass_no_tty 6 'no terminal' k4.pem setsid "$HTTPS_PKI" key --out k4.pem --pass prompt </dev/null
bad key_no_out 2 'key needs --out FILE' - "$HTTPS_PKI" key --pass "$P"
bad key_bad_type 2 "unknown key type 'dsa'" k4.pem "$HTTPS_PKI" key --out k4.pem --pass "$P" --type dsa
bad verify_purpose 2 "--purpose: 'web' is not server, client or any" - "$HTTPS_PKI" verify "$CERT" \
	--host localhost --purpose web
expect_grep verify_purpose.err '^fix: use --purpose server' "verify_purpose: names the values"
expect_grep config_unknown.err '^fix: compare with pki/example-config.yaml' "config errors point at the example"
for name in trunc_inspect damaged_cert text_cert empty_cert key_as_cert cert_as_key config_type \
	config_syntax config_missing nopass_conflict pass_short pass_missing usage_time usage_days \
	usage_san badsig_sign dir_as_input missing_input pass_empty pass_env_unset pass_fd_closed \
	pass_no_tty key_no_out key_bad_type leaf_as_ca_issue issue_outside_dns; do
	expect_grep "$name.err" '^fix: ' "$name: has a fix line"
done
expect_rc help 0 "$HTTPS_PKI" --help
expect_grep help.out 'wrong passphrase' "--help lists the exit codes"
# verify --help names the codes verify really exits with (not the old 10/11/13/14).
expect_rc verify_help 0 "$HTTPS_PKI" verify --help
for want in '12 untrusted' '13 self-signed' '14 incomplete' '15 expired' '16 not yet valid' \
	'name \(exit 17\)' '\(exit 18\)' 'signatures \(exit 25\)'; do
	expect_grep verify_help.out "$want" "verify --help: $want"
done
expect_no_grep verify_help.out 'exit 1[01]\)' "verify --help: no old validity/name codes"

finish
