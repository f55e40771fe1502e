#!/usr/bin/env bash
# https_pki trust / untrust on throwaway NSS databases (never this machine's):
# import with the C trust flag, read back with certutil, idempotent both ways,
# untrust removes exactly what trust added, bad input is refused, --system
# (in a private mount namespace when we are root), --print.
# ctest-labels: browser
# ctest-timeout: 240
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
DB=$TEST_WORK_DIR/db
PKI=(env "HOME=$TEST_WORK_DIR/nohome" "$HTTPS_PKI")

# The nickname trust derives: the root's CN and 8 hex digits of its SHA-256.
cn=$(openssl x509 -in "$CA" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p')
fpr=$(openssl x509 -in "$CA" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' |
	tr 'A-F' 'a-f' | cut -c1-8)
nick="$cn $fpr"
log "expected nickname: $nick"

# trust: creates the database, imports, confirms the trust bits.
expect_rc trust1 0 "${PKI[@]}" trust "$CA" --nssdb "$DB"
expect_grep trust1.out "^added: .*trusted for websites \(SSL: Valid CA, Trusted CA\)"
expect_grep trust1.out "vouches for: only localhost" "trust says what the root can vouch for"
run list1 certutil -L -d "sql:$DB"
expect_grep list1.out "^$nick +C,, *\$" "certutil lists '$nick' with trust C,,"
run show1 certutil -L -d "sql:$DB" -n "$nick"
expect_grep show1.out '^ +Trusted CA *$' "certutil -n shows Trusted CA"

# Twice: nothing changes, still one entry.
expect_rc trust2 0 "${PKI[@]}" trust "$CA" --nssdb "$DB"
expect_grep trust2.out "^ok: .*trusted for websites"
run list2 certutil -L -d "sql:$DB"
if [ "$(grep -c "C,," list2.out)" -eq 1 ]; then
	ok "still exactly one entry"
else
	fail "trust twice left $(grep -c "C,," list2.out) entries"
fi

# A hand-made entry for another root, and the mkcert trap: ours present but
# only "Valid CA" (c,,). trust must upgrade ours and leave the other alone.
OTHER=$P/other/ca_certificates_for_client/ca_public_key.pem
certutil -A -d "sql:$DB" -n "hand made" -t C,, -i "$OTHER"
certutil -M -d "sql:$DB" -n "$nick" -t c,,
run show2 certutil -L -d "sql:$DB" -n "$nick"
expect_no_grep show2.out '^ +Trusted CA *$' "set up: ours is present but not trusted"
expect_rc trust3 0 "${PKI[@]}" trust "$CA" --nssdb "$DB"
run show3 certutil -L -d "sql:$DB" -n "$nick"
expect_grep show3.out '^ +Trusted CA *$' "trust upgrades c,, to C,,"

# untrust: ours is gone, the hand-made entry stays; twice is fine.
expect_rc untrust1 0 "${PKI[@]}" untrust "$CA" --nssdb "$DB"
expect_grep untrust1.out "^removed: "
run list3 certutil -L -d "sql:$DB"
expect_no_grep list3.out "^$nick " "untrust removed '$nick'"
expect_grep list3.out "^hand made +C,, *\$" "untrust left the other root alone"
expect_rc untrust2 0 "${PKI[@]}" untrust "$CA" --nssdb "$DB"
expect_grep untrust2.out "was not there"
expect_rc untrust3 0 "${PKI[@]}" untrust "$CA" --nssdb "$TEST_WORK_DIR/never-made"

# The same root already trusted by hand under another name: trust says so,
# and untrust does not remove what it did not add.
certutil -A -d "sql:$DB" -n "by hand" -t C,, -i "$CA"
expect_rc trust4 0 "${PKI[@]}" trust "$CA" --nssdb "$DB"
expect_grep trust4.out 'already trusted as "by hand"'
expect_rc untrust4 0 "${PKI[@]}" untrust "$CA" --nssdb "$DB"
run list4 certutil -L -d "sql:$DB"
expect_grep list4.out "^by hand +C,," "untrust kept the hand-made entry"
certutil -D -d "sql:$DB" -n "by hand"

# Without --nssdb: $HOME/.pki/nssdb (created) and every Firefox profile.
home=$(new_home default)
ff=$home/.mozilla/firefox/abcd1234.default-release
mkdir -p "$ff"
certutil -N -d "sql:$ff" --empty-password
HOME=$home expect_rc trust-home 0 "$HTTPS_PKI" trust "$CA"
run list-chromium certutil -L -d "sql:$home/.pki/nssdb"
expect_grep list-chromium.out "^$nick +C,," "the Chromium database holds the root"
run list-firefox certutil -L -d "sql:$ff"
expect_grep list-firefox.out "^$nick +C,," "the Firefox profile holds the root"
HOME=$home expect_rc untrust-home 0 "$HTTPS_PKI" untrust "$CA"
run list-firefox2 certutil -L -d "sql:$ff"
expect_no_grep list-firefox2.out "^$nick " "untrust removed it from the Firefox profile"
env -u HOME "$HTTPS_PKI" trust "$CA" >nohome.out 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'fix: set HOME' nohome.out; then
	ok "no HOME: a clear error"
else
	fail "no HOME: exit $rc, $(cat nohome.out)"
fi

# Refused input; the database is not touched.
printf 'not a certificate\n' >garbage.pem
expect_rc garbage 24 "${PKI[@]}" trust garbage.pem --nssdb "$DB"
expect_grep garbage.err 'holds no certificate'
expect_rc leaf 24 "${PKI[@]}" trust "$P/certificates/site_public_key.pem" --nssdb "$DB"
expect_grep leaf.err 'not a CA certificate'
expect_rc intermediate 24 "${PKI[@]}" trust "$P/private_ca/intermediate_ca_public_key.pem" --nssdb "$DB"
expect_grep intermediate.err 'not a root'
expect_rc missing 24 "${PKI[@]}" trust "$TEST_WORK_DIR/nothing.pem" --nssdb "$DB"
expect_rc badname 2 "${PKI[@]}" trust "$CA" --nssdb "$DB" --name "token:name"
expect_rc two-files 2 "${PKI[@]}" trust "$CA" "$CA" --nssdb "$DB"
expect_rc system-nssdb 2 "${PKI[@]}" trust "$CA" --system --nssdb "$DB"
expect_rc unknown-opt 2 "${PKI[@]}" trust --frobnicate
run list5 certutil -L -d "sql:$DB"
expect_grep list5.out "^hand made" "refused input left the other entry"
expect_no_grep list5.out "^$nick " "refused input added nothing"

# No certutil: a clear error with the package to install.
expect_rc no-certutil 1 env PATH=/nonexistent "$HTTPS_PKI" trust "$CA" --nssdb "$DB"
expect_grep no-certutil.err 'fix: sudo apt-get install libnss3-tools'

# A database with a password: certutil cannot set the trust without it; trust
# says so and leaves no half-made (present but untrusted) entry behind.
PWDB=$TEST_WORK_DIR/pwdb
mkdir -p "$PWDB"
echo "db-password" >pwdb.pass
certutil -N -d "sql:$PWDB" -f pwdb.pass
expect_rc pwdb 1 "${PKI[@]}" trust "$CA" --nssdb "$PWDB"
expect_grep pwdb.err 'fix: the database has a password'
run list-pwdb certutil -L -d "sql:$PWDB"
expect_no_grep list-pwdb.out "^$nick " "no half-made entry in the password-protected database"

# --name: its own nickname, removed again by the same --name.
expect_rc named 0 "${PKI[@]}" trust "$CA" --nssdb "$DB" --name "My Demo Root"
run list6 certutil -L -d "sql:$DB"
expect_grep list6.out "^My Demo Root +C,,"
expect_rc unnamed 0 "${PKI[@]}" untrust "$CA" --nssdb "$DB" --name "My Demo Root"

# --print: manual steps for every platform, changing nothing.
expect_rc print 0 "${PKI[@]}" trust "$CA" --print
expect_grep print.out 'security add-trusted-cert'
expect_grep print.out 'certutil -addstore -f Root'
expect_grep print.out 'Trust this CA to identify websites'
expect_grep print.out 'certutil -d sql:[$]HOME/.pki/nssdb -A -t C,,'
expect_rc unprint 0 "${PKI[@]}" untrust "$CA" --print
expect_grep unprint.out 'certutil -delstore Root'

# --system: refused without root; as root, in a private mount namespace so
# the machine's own store is never touched.
if [ "$(id -u)" -ne 0 ]; then
	expect_rc system-user 1 "${PKI[@]}" trust "$CA" --system
	expect_grep system-user.err 'needs root'
else
	expect_rc system-user 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$HTTPS_PKI" trust "$CA" --system
	expect_grep system-user.err 'needs root'
	# `sudo https_pki trust` with the user's HOME: refused, nothing root-owned left.
	userhome=$(new_home user)
	chown 65534:65534 "$userhome"
	HOME=$userhome expect_rc sudo-home 1 "$HTTPS_PKI" trust "$CA"
	expect_grep sudo-home.err 'belongs to user 65534'
	if [ ! -e "$userhome/.pki" ]; then
		ok "sudo-home: nothing created"
	else
		fail "sudo-home: created $userhome/.pki"
	fi
	if unshare -m --propagation private true 2>/dev/null && command -v update-ca-certificates >/dev/null; then
		# Copies of the store; no hooks (the Java keystore hook takes seconds per run).
		mkdir -p sys/local sys/certs sys/hooks
		cp -a /etc/ssl/certs/. sys/certs/
		cat >system.sh <<-'EOS'
			set -e
			mount --bind sys/local /usr/local/share/ca-certificates
			mount --bind sys/certs /etc/ssl/certs
			if [ -d /etc/ca-certificates/update.d ]; then
				mount --bind sys/hooks /etc/ca-certificates/update.d
			fi
			"$HTTPS_PKI" trust "$1" --system >sys-trust1.out
			"$HTTPS_PKI" trust "$1" --system >sys-trust2.out
			ls -l /etc/ssl/certs >sys-links1.out
			openssl verify -CApath /etc/ssl/certs "$1" >sys-verify.out 2>&1
			"$HTTPS_PKI" untrust "$1" --system >sys-untrust1.out
			"$HTTPS_PKI" untrust "$1" --system >sys-untrust2.out
			ls -l /etc/ssl/certs >sys-links2.out
			ls /usr/local/share/ca-certificates >sys-local.out
		EOS
		# update-ca-certificates --fresh rehashes the whole store: allow it time.
		timeout 150 unshare -m --propagation private bash system.sh "$CA" \
			>system-root.out 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			ok "--system as root, in a private mount namespace"
		else
			fail "system.sh exits $rc: $(tail -n 5 system-root.out)"
		fi
		slug=$(echo "$nick" | tr '[:upper:]' '[:lower:]' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//')
		expect_grep sys-trust1.out "^added: +/etc/ssl/certs/$slug.pem"
		expect_grep sys-trust2.out "^ok: "
		expect_grep sys-links1.out "$slug.pem -> /usr/local/share/ca-certificates/$slug.crt"
		expect_grep sys-verify.out ': OK$' "openssl trusts the root through the system store"
		expect_grep sys-untrust1.out "^removed: "
		expect_grep sys-untrust2.out "was not there"
		expect_no_grep sys-links2.out "$slug" "untrust --system removed the link"
		if [ ! -s sys-local.out ]; then
			ok "untrust --system removed the file"
		else
			fail "left in the store: $(cat sys-local.out)"
		fi
	else
		log "note: --system as root not exercised (no private mount namespace here)"
	fi
fi
finish
