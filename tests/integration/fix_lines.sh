#!/usr/bin/env bash
# Every `fix:` line works. Each failure class of the three programs is
# triggered here (every exit code a program can produce on loopback, and each
# distinct fix text, including the certificate policy's for every case of
# `https_pki badssl`); the fix lines are collected, and:
#  (a) every command and option they name exists (fix_lines_check.py: an
#      option of ours must be in that program's --help, a tool must be
#      installed, an openssl option must be in `openssl CMD -help`);
#  (b) a fix that says it mends the failure is run as written, with the
#      case's placeholders filled, and the failing command then succeeds.
# The server's log lines for refused handshakes ("...; fix: ...") and its
# notice of certificate files changed on disk count as fix lines too.
# Not reachable here: 1 (out of memory, a library failure) in every program.
# ctest-labels: client server pki
# ctest-timeout: 420
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
OTHER_CA=$P/other/ca_certificates_for_client/ca_public_key.pem
SITE=$P/certificates/site_public_key.pem
KEY=$P/certificates/site_private_key.pem
CC=$P/certificates/client_public_key.pem
CK=$P/certificates/client_private_key.pem
FIXES=$TEST_WORK_DIR/fixes.tsv
: >"$FIXES"
MENDED=0

# collect NAME PROG SUB FILE: adds FILE's fix lines (own lines and "; fix: "
# inside a log line) to the table.
collect() {
	local name=$1 prog=$2 sub=$3 file=$4
	{
		sed -n 's/^fix: //p' "$file"
		grep -oE '; fix: .*' "$file" | sed -E 's/^; fix: //; s/ \(civetweb: .*//'
	} | while IFS= read -r line; do
		printf '%s\t%s\t%s\t%s\n' "$name" "$prog" "$sub" "$line" >>"$FIXES"
	done
}

# fails NAME PROG SUB WANT CMD...: CMD must exit WANT with a fix line (none
# for 0); its fix lines go to the table.
fails() {
	local name=$1 prog=$2 sub=$3 want=$4
	shift 4
	expect_rc "$name" "$want" "$@"
	if [ "$want" -ne 0 ]; then
		expect_grep "$name.err" '^fix: ' "$name: a fix line"
		collect "$name" "$prog" "$sub" "$name.err"
	fi
}

# fixline NAME: the first fix line of NAME.err.
fixline() { sed -n 's/^fix: //p' "$1.err" | head -n 1; }

# mended NAME WHAT CMD...: after running a fix, the command that failed now exits 0.
mended() {
	local name=$1 what=$2
	shift 2
	run "$name" "$@"
	if [ "$RC" -eq 0 ]; then
		ok "mended: $what"
		MENDED=$((MENDED + 1))
	else
		fail "not mended: $what (exit $RC):"
		head -n 3 "$name.err" | sed 's/^/    /' >&2
	fi
}

# server_up NAME ARGS...: https_server starts and listens; stopped after.
server_up() {
	local name=$1
	shift
	if start_server "$name" "$@"; then
		RC=0
	else
		RC=1
	fi
	collect "$name" server - "$name.log"
	stop_pid "$SERVER_PID"
	return "$RC"
}

# ===== https_pki ============================================================
fails pki_typo pki init 2 "$HTTPS_PKI" init --dri x
fails pki_typo_cmd pki - 2 "$HTTPS_PKI" inti
fails pki_pass_word pki init 2 "$HTTPS_PKI" init --dir w --pass hunter2
fails pki_env_unset pki init 6 env -u FIXLINES_UNSET "$HTTPS_PKI" init --dir envd --pass env:FIXLINES_UNSET
# "export VAR first": run as written, init succeeds.
if grep -q '^fix: export FIXLINES_UNSET first' pki_env_unset.err; then
	FIXLINES_UNSET=pass-phrase-$$ mended pki_env_fixed "export FIXLINES_UNSET, then init" \
		env FIXLINES_UNSET="pass-phrase-$$" "$HTTPS_PKI" init --dir envd --pass env:FIXLINES_UNSET
else
	fail "pki_env_unset: fix does not say to export the variable: $(fixline pki_env_unset)"
fi
"$HTTPS_PKI" init --dir ex --pass "$TEST_PASS" >/dev/null 2>&1
fails pki_exists pki init 8 "$HTTPS_PKI" init --dir ex --pass "$TEST_PASS"
if fixline pki_exists | grep -q -- '--force'; then
	mended pki_exists_fixed "init again with --force" "$HTTPS_PKI" init --dir ex --pass "$TEST_PASS" --force
else
	fail "pki_exists: the fix names no --force"
fi
printf 'root:\n  cn: [unclosed\n' >bad.yaml
fails pki_config pki init 9 "$HTTPS_PKI" init --dir cfg --pass "$TEST_PASS" --config bad.yaml
fails pki_missing pki inspect 24 "$HTTPS_PKI" inspect nothing-here.pem
fails pki_pass_missing pki inspect 24 "$HTTPS_PKI" inspect "$KEY" --pass file:no-such-pass.txt
cp "$P/pass.txt" no-such-pass.txt
mended pki_pass_missing_fixed "check the path in file:PATH" "$HTTPS_PKI" inspect "$KEY" --pass file:no-such-pass.txt
printf 'wrong passphrase\n' >wrong.txt
chmod 600 wrong.txt
fails pki_bad_pass pki issue 6 "$HTTPS_PKI" issue --profile server --ca-dir "$P/private_ca" \
	--ca-pass file:wrong.txt --cn localhost --san DNS:localhost --days 5 --cert x.pem --key x.key \
	--pass "$TEST_PASS"
fails pki_v_expired pki verify 15 "$HTTPS_PKI" verify "$P/expired/cert.pem" --ca "$CA" --host localhost
fails pki_v_future pki verify 16 "$HTTPS_PKI" verify "$P/future/cert.pem" --ca "$CA" --host localhost
fails pki_v_name pki verify 17 "$HTTPS_PKI" verify "$SITE" --ca "$CA" --host other.example
fails pki_v_untrusted pki verify 12 "$HTTPS_PKI" verify "$SITE" --ca "$OTHER_CA" --host localhost
# The fix names the CA option of verify; with the right CA it passes.
mended pki_v_fixed "verify with the CA that issued it" "$HTTPS_PKI" verify "$SITE" --ca "$CA" --host localhost
awk '/END CERTIFICATE/{print; exit} {print}' "$SITE" >leaf-only.pem
# A leaf without its intermediate (and no AIA): untrusted, and the chain is named as a cause.
fails pki_v_leafonly pki verify 12 "$HTTPS_PKI" verify leaf-only.pem --ca "$CA" --host localhost
mended pki_v_leafonly_fixed "give the full chain" "$HTTPS_PKI" verify leaf-only.pem --chain "$SITE" --ca "$CA" --host localhost
fails pki_v_self pki verify 13 "$HTTPS_PKI" verify "$CA" --ca "$OTHER_CA" --host localhost
# 14 and 18 (and every other verdict) come from the badssl set below.

# ===== https_server ==========================================================
fails srv_typo server - 2 "$HTTPS_SERVER" --prot 8443
fails srv_minmax server - 2 "$HTTPS_SERVER" --tls-min 1.3 --tls-max 1.2
fails srv_c13 server - 2 "$HTTPS_SERVER" --tls-max 1.2 --tls13-ciphers TLS_AES_128_GCM_SHA256
fails srv_c12 server - 2 "$HTTPS_SERVER" --tls-min 1.3 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256
fails srv_twice server - 2 "$HTTPS_SERVER" --groups X25519:x25519
fails srv_weak server - 2 "$HTTPS_SERVER" --ciphers AES128-SHA
fails srv_old server - 2 "$HTTPS_SERVER" --tls-min 1.1
fails srv_webroot server - 2 "$HTTPS_SERVER" --acme-webroot . --port "$(port 0)"
# "add --http-port N": with it, the server starts.
if fixline srv_webroot | grep -q -- '--http-port'; then
	hp=$(fixline srv_webroot | grep -oE 'e\.g\. [0-9]+' | cut -d' ' -f2)
	server_up srv_webroot_fixed --acme-webroot . --port "$(port 0)" --http-port "${hp:-$(port 1)}" \
		--cert "$SITE" --key "$KEY" --pass "$TEST_PASS" --access-log off &&
		{ ok "mended: --acme-webroot with --http-port $hp"; MENDED=$((MENDED + 1)); } ||
		fail "not mended: --acme-webroot with --http-port"
fi
fails srv_ccert server - 2 "$HTTPS_SERVER" --client-cert optional
fails srv_bind_word server - 2 "$HTTPS_SERVER" --bind localhost6
fails srv_pass_word server - 2 "$HTTPS_SERVER" --pass hunter2
fails srv_wrong_pass server - 6 "$HTTPS_SERVER" --port "$(port 0)" --cert "$SITE" --key "$KEY" --pass file:wrong.txt
fails srv_no_cert server - 24 "$HTTPS_SERVER" --port "$(port 0)" --cert missing.pem --key "$KEY" --pass "$TEST_PASS"
fails srv_expired server - 15 "$HTTPS_SERVER" --port "$(port 0)" --cert "$P/expired/cert.pem" \
	--key "$P/expired/key.pem" --pass "$TEST_PASS"
fails srv_mismatch server - 24 "$HTTPS_SERVER" --port "$(port 0)" --cert "$SITE" --key "$CK" --pass "$TEST_PASS"
fails srv_docroot server - 24 "$HTTPS_SERVER" --port "$(port 0)" --cert "$SITE" --key "$KEY" \
	--pass "$TEST_PASS" --docroot no-such-dir
# A plain key readable by others: "chmod 600 FILE", as written, mends it.
openssl pkey -in "$KEY" -passin "$TEST_PASS" -out plain.key 2>/dev/null
chmod 644 plain.key
fails srv_plain_mode server - 24 "$HTTPS_SERVER" --port "$(port 0)" --cert "$SITE" --key plain.key --unencrypted-key
cmd=$(fixline srv_plain_mode | grep -oE '^chmod 600 [^ ]+')
if [ -n "$cmd" ]; then
	$cmd
	server_up srv_plain_fixed --port "$(port 0)" --cert "$SITE" --key plain.key --unencrypted-key --access-log off &&
		{ ok "mended: $cmd"; MENDED=$((MENDED + 1)); } || fail "not mended: $cmd"
else
	fail "srv_plain_mode: no 'chmod 600 FILE' fix: $(fixline srv_plain_mode)"
fi
# A key OpenSSL's security level refuses (25): RSA 1024.
openssl req -x509 -newkey rsa:1024 -nodes -keyout weak.key -out weak.pem -days 5 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost 2>/dev/null
chmod 600 weak.key
fails srv_weak_key server - 25 "$HTTPS_SERVER" --port "$(port 0)" --cert weak.pem --key weak.key --unencrypted-key
# A port in use (7): "choose another --port" works.
start_bg busy python3 -c "import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $(port 1))); s.listen(); print('bound', flush=True); time.sleep(300)"
BUSY_PID=$BG_PID
wait_for_log busy bound 10
fails srv_busy server - 7 "$HTTPS_SERVER" --port "$(port 1)" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS"
fixline srv_busy | grep -q -- 'another --port' && server_up srv_busy_fixed --port "$(port 2)" --cert "$SITE" \
	--key "$KEY" --pass "$TEST_PASS" --access-log off &&
	{ ok "mended: another --port"; MENDED=$((MENDED + 1)); } || fail "not mended: another --port"
fails srv_bind_far server - 7 "$HTTPS_SERVER" --bind 192.0.2.1 --port "$(port 0)" --cert "$SITE" \
	--key "$KEY" --pass "$TEST_PASS"

# ===== https_client, against our server ======================================
SP=$(port 3)
start_server main --port "$SP" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" --access-log off
MAIN_PID=$SERVER_PID
U=https://localhost:$SP/
fails cl_typo client - 2 "$HTTPS_CLIENT" --cacert "$CA" --verbsoe "$U"
opt=$(fixline cl_typo | grep -oE -- '--[a-z-]+' | head -n 1)
mended cl_typo_fixed "the option of 'did you mean'" "$HTTPS_CLIENT" --cacert "$CA" "$opt" -o /dev/null "$U"
fails cl_http client - 2 "$HTTPS_CLIENT" --cacert "$CA" "http://localhost:$SP/"
url=$(fixline cl_http | grep -oE 'https://[^ ]+')
mended cl_http_fixed "use https://" "$HTTPS_CLIENT" --cacert "$CA" -o /dev/null "$url"
fails cl_badurl client - 2 "$HTTPS_CLIENT" "ftp://localhost/"
fails cl_ciphers client - 2 "$HTTPS_CLIENT" --cacert "$CA" --ciphers ECDHE-ECDSA-AES128-GCM-SHA256 "$U"
if fixline cl_ciphers | grep -q -- '--tlsv1.2 --tls-max 1.2'; then
	mended cl_ciphers_fixed "add --tlsv1.2 --tls-max 1.2" "$HTTPS_CLIENT" --cacert "$CA" --tlsv1.2 --tls-max 1.2 \
		--ciphers ECDHE-ECDSA-AES128-GCM-SHA256 -o /dev/null "$U"
fi
fails cl_weak client - 2 "$HTTPS_CLIENT" --cacert "$CA" --tlsv1.2 --ciphers AES128-SHA "$U"
fails cl_curve client - 2 "$HTTPS_CLIENT" --cacert "$CA" --curves brainpool "$U"
fails cl_pin_syntax client - 2 "$HTTPS_CLIENT" --cacert "$CA" --pinnedpubkey nothash "$U"
fails cl_pass_word client - 2 "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" --pass hunter2 "$U"
fails cl_resolve client - 3 "$HTTPS_CLIENT" --cacert "$CA" "https://no-such-host.invalid:$SP/"
if fixline cl_resolve | grep -q -- '--resolve HOST:PORT:ADDR'; then
	run cl_resolve_fixed "$HTTPS_CLIENT" --cacert "$CA" --resolve "no-such-host.invalid:$SP:127.0.0.1" \
		"https://no-such-host.invalid:$SP/"
	[ "$RC" -ne 3 ] && ok "mended: --resolve maps the name (now exit $RC: the certificate names localhost)" ||
		fail "not mended: --resolve"
	collect cl_resolve_fixed client - cl_resolve_fixed.err
fi
fails cl_refused client - 4 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$(port 4)/"
mended cl_refused_fixed "check the port" "$HTTPS_CLIENT" --cacert "$CA" -o /dev/null "$U"
start_bg silent python3 "$DEMO_SOURCE_DIR/tests/integration/client_httpd.py" --silent "$(port 5)"
wait_for_log silent ready 10
fails cl_timeout client - 5 "$HTTPS_CLIENT" --cacert "$CA" --max-time 1 "https://localhost:$(port 5)/"
fails cl_ctimeout client - 5 "$HTTPS_CLIENT" --cacert "$CA" --connect-timeout 1 "https://localhost:$(port 5)/"
fails cl_nopass client - 6 "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" "$U" </dev/null
fixline cl_nopass | grep -q -- '--pass' &&
	mended cl_nopass_fixed "add --pass SOURCE" "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" \
		--pass "$TEST_PASS" -o /dev/null "$U"
fails cl_wrongpass client - 6 "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK" --pass file:wrong.txt "$U"
fails cl_untrusted client - 12 "$HTTPS_CLIENT" --cacert "$OTHER_CA" "$U"
fixline cl_untrusted | grep -q -- '--cacert' &&
	mended cl_untrusted_fixed "--cacert the CA that issued it" "$HTTPS_CLIENT" --cacert "$CA" -o /dev/null "$U"
fails cl_name client - 17 "$HTTPS_CLIENT" --cacert "$CA" --resolve "other.localhost:$SP:127.0.0.1" \
	"https://other.localhost:$SP/"
mended cl_name_fixed "connect with a name the certificate covers" "$HTTPS_CLIENT" --cacert "$CA" -o /dev/null "$U"
fails cl_pin client - 20 "$HTTPS_CLIENT" --cacert "$CA" \
	--pinnedpubkey 'sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' "$U"
fails cl_fail404 client - 22 "$HTTPS_CLIENT" --cacert "$CA" --fail "https://localhost:$SP/no-such-page"
mended cl_fail404_fixed "check the path of the URL" "$HTTPS_CLIENT" --cacert "$CA" --fail -o /dev/null "$U"
fails cl_outdir client - 24 "$HTTPS_CLIENT" --cacert "$CA" -o no-such-dir/page.html "$U"
mkdir -p no-such-dir
mended cl_outdir_fixed "the directory exists and is writable" "$HTTPS_CLIENT" --cacert "$CA" -o no-such-dir/page.html "$U"
fails cl_cacert_missing client - 24 "$HTTPS_CLIENT" --cacert missing-ca.pem "$U"
start_bg plain python3 -m http.server "$(port 6)" --bind 127.0.0.1
wait_for_log plain 'Serving HTTP' 10
fails cl_plainhttp client - 10 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$(port 6)/"
# The peer of client_httpd.py: a redirect elsewhere (21), a malformed response (23).
start_bg httpd python3 "$DEMO_SOURCE_DIR/tests/integration/client_httpd.py" "$(port 7)" "$SITE" "$KEY" "$P/pass.txt"
wait_for_log httpd ready 15
fails cl_redirect client - 21 "$HTTPS_CLIENT" --cacert "$CA" -L "https://localhost:$(port 7)/redirect-other"
fails cl_loop client - 21 "$HTTPS_CLIENT" --cacert "$CA" -L "https://localhost:$(port 7)/redirect-loop"
fails cl_malformed client - 23 "$HTTPS_CLIENT" --cacert "$CA" "https://localhost:$(port 7)/bad-status"
start_bg nocert python3 "$DEMO_SOURCE_DIR/tests/integration/client_httpd.py" --nocert "$(port 8)"
wait_for_log nocert ready 10
fails cl_nocert client - 11 "$HTTPS_CLIENT" --cacert "$CA" --tlsv1.2 "https://localhost:$(port 8)/"
stop_pid "$MAIN_PID"

# ===== the server's refusals, with the client's fix run as written ===========
start_server v12 --port "$SP" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" --access-log off --tls-max 1.2 \
	--groups P-256
fails cl_version client - 10 "$HTTPS_CLIENT" --cacert "$CA" "$U"
opt=$(fixline cl_version | grep -oE -- '--tlsv?1\.2')
[ -n "$opt" ] && mended cl_version_fixed "$opt" "$HTTPS_CLIENT" --cacert "$CA" "$opt" -o /dev/null "$U"
sleep 0.3
expect_grep v12.log 'offered only TLS versions .*: it offered TLS 1\.3; this server accepts TLS 1\.2 only \(--tls-max 1\.2\)' \
	"server log: the version refusal names --tls-max 1.2"
expect_no_grep v12.log 'speaks TLS 1\.2 and 1\.3' "server log: no fixed sentence about 1.2 and 1.3"
echo | timeout 10 openssl s_client -connect "127.0.0.1:$SP" -tls1_2 -groups X25519 >/dev/null 2>&1
echo | timeout 10 openssl s_client -connect "127.0.0.1:$SP" -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA >/dev/null 2>&1
echo | timeout 10 openssl s_client -connect "127.0.0.1:$SP" -tls1_1 -cipher 'ALL:@SECLEVEL=0' >/dev/null 2>&1
sleep 0.3
expect_grep v12.log 'no key-exchange group this server accepts .*it offered X25519; this server is configured for P-256 \(--groups\)' \
	"server log: the group refusal names --groups P-256"
expect_grep v12.log 'no TLS 1\.2 cipher suite this server accepts: it offered ECDHE-ECDSA-AES128-SHA; this server is configured for ECDHE-ECDSA-AES128-GCM-SHA256' \
	"server log: the TLS 1.2 suite refusal names the suites in use"
expect_grep v12.log 'it offered up to TLS 1\.1; this server accepts TLS 1\.2 only' "server log: an old client is told what the server accepts"
collect v12 server - v12.log
stop_pid "$SERVER_PID"
start_server v13 --port "$SP" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" --access-log off --tls-min 1.3 \
	--tls13-ciphers TLS_AES_256_GCM_SHA384 --groups P-384
echo | timeout 10 openssl s_client -connect "127.0.0.1:$SP" -tls1_2 >/dev/null 2>&1
echo | timeout 10 openssl s_client -connect "127.0.0.1:$SP" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -groups P-384 >/dev/null 2>&1
fails cl_groups client - 10 "$HTTPS_CLIENT" --cacert "$CA" "$U"
mended cl_groups_fixed "--curves P-384 (the group the server log names)" "$HTTPS_CLIENT" --cacert "$CA" \
	--curves P-384 -o /dev/null "$U"
sleep 0.3
expect_grep v13.log 'it offered up to TLS 1\.2; this server accepts TLS 1\.3 only \(--tls-min 1\.3\)' "server log: --tls-min 1.3 named"
expect_grep v13.log 'no TLS 1\.3 cipher suite .*it offered TLS_AES_128_GCM_SHA256; this server is configured for TLS_AES_256_GCM_SHA384 \(--tls13-ciphers\)' \
	"server log: --tls13-ciphers named"
expect_grep v13.log 'no key-exchange group .*this server is configured for P-384 \(--groups\)' "server log: the TLS 1.3 group refusal"
collect v13 server - v13.log
stop_pid "$SERVER_PID"

# ===== mutual TLS (19) ======================================================
start_server mtls --port "$SP" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" --access-log off --client-ca "$CA"
fails cl_mtls client - 19 "$HTTPS_CLIENT" --cacert "$CA" "$U"
fixline cl_mtls | grep -q -- '--cert FILE --key FILE --pass SOURCE' &&
	mended cl_mtls_fixed "--cert FILE --key FILE --pass SOURCE" "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" \
		--key "$CK" --pass "$TEST_PASS" -o /dev/null "$U"
sleep 0.3
collect mtls server - mtls.log
stop_pid "$SERVER_PID"

# ===== https_pki init --force while the server runs ========================
"$HTTPS_PKI" init --dir live --pass "$TEST_PASS" >/dev/null 2>&1
start_server live --port "$SP" --cert live/certificates/site_public_key.pem \
	--key live/certificates/site_private_key.pem --pass "$TEST_PASS" --access-log off
"$HTTPS_PKI" init --dir live --pass "$TEST_PASS" --force >/dev/null 2>&1
fails cl_stale client - 12 "$HTTPS_CLIENT" --cacert live/ca_certificates_for_client/ca_public_key.pem "$U"
for _ in $(seq 50); do grep -q 'changed on disk' live.log && break; sleep 0.1; done
expect_grep live.log 'changed on disk since it was loaded; still serving the loaded certificate .*fix: send SIGHUP to load the new files: kill -HUP [0-9]+' \
	"server log: the files changed on disk, and how to load them"
cmd=$(grep -oE 'kill -HUP [0-9]+' live.log | head -n 1)
if [ "$cmd" = "kill -HUP $SERVER_PID" ]; then
	$cmd
	for _ in $(seq 50); do grep -q 'reloaded certificate' live.log && break; sleep 0.1; done
	mended cl_stale_fixed "$cmd, as the server log says" "$HTTPS_CLIENT" \
		--cacert live/ca_certificates_for_client/ca_public_key.pem -o /dev/null "$U"
else
	fail "the server's kill -HUP names PID '${cmd#kill -HUP }', not $SERVER_PID"
fi
collect live server - live.log
stop_pid "$SERVER_PID"

# ===== every case of https_pki badssl: the client's and verify's fix lines ==
"$HTTPS_PKI" badssl set --pass "$TEST_PASS" >badssl.out 2>&1 || fail "https_pki badssl failed"
if start_bg sni "$HTTPS_SERVER" --badssl set --pass "$TEST_PASS" --port "$SP" --access-log off &&
	wait_for_log sni 'listening on https://' 240; then
	while IFS=$'\t' read -r name host _ _ code _; do
		case $name in '#'* | ipv6) continue ;; esac
		case $host in
		[0-9]*) url="https://$host:$SP/" args=() ;;
		*) url="https://$host:$SP/" args=(--resolve "$host:$SP:127.0.0.1") ;;
		esac
		run "b_$name" "$HTTPS_CLIENT" --cacert "set/$name/ca.pem" "${args[@]}" -o /dev/null "$url"
		[ "$name" = "$BADSSL_WOLFSSL_REFUSES" ] && code=10 # tests/integration/lib.sh
		[ "$RC" -eq "$code" ] || fail "badssl $name: client exit $RC, want $code"
		collect "b_$name" client - "b_$name.err"
		[ "$code" -eq 0 ] && continue
		run "bv_$name" "$HTTPS_PKI" verify "set/$name/cert.pem" --ca "set/$name/ca.pem" --host "$host"
		collect "bv_$name" pki verify "bv_$name.err"
	done <set/manifest.tsv
	ok "badssl: every case's client and verify fix lines collected"
else
	fail "https_server --badssl did not start"
fi

# ===== (a): every fix line names commands and options that exist ===========
# First, the checker itself must catch a made-up option, a made-up subcommand
# and a tool that is not installed.
printf 'neg\tserver\t-\tchoose another --portt\nneg\tpki\tinit\tuse https_pki mint --dir D\nneg\tclient\t-\trun no-such-tool-here\n' >neg.tsv
printf 'neg\tclient\t-\tnetcat it: ncat-nowhere (or chmod 600 FILE)\n' >>neg.tsv
python3 "$DEMO_SOURCE_DIR/tests/integration/fix_lines_check.py" neg.tsv \
	"$HTTPS_CLIENT" "$HTTPS_SERVER" "$HTTPS_PKI" "$DEMO_SOURCE_DIR" >neg.out 2>&1
RC=$?
[ "$RC" -eq 1 ] && ok "the checker fails on false fix lines" || fail "the checker passed false fix lines ($RC)"
expect_grep neg.out "'--portt' is not an option of https_server" "the checker: an option that does not exist"
expect_grep neg.out "'https_pki mint': no such subcommand" "the checker: a subcommand that does not exist"

log "checking $(wc -l <"$FIXES") fix lines ($(cut -f4 "$FIXES" | sort -u | wc -l) distinct); $MENDED fixes run and mended"
# The floor: 112 distinct fix lines measured; fewer means cases stopped reaching their failure.
FIX_LINES_FLOOR=100 python3 "$DEMO_SOURCE_DIR/tests/integration/fix_lines_check.py" "$FIXES" \
	"$HTTPS_CLIENT" "$HTTPS_SERVER" "$HTTPS_PKI" "$DEMO_SOURCE_DIR" >check.out 2>&1
RC=$?
cat check.out >&2
[ "$RC" -eq 0 ] && ok "every fix line names commands and options that exist" || fail "false fix lines (above)"
[ "$MENDED" -ge 20 ] && ok "$MENDED fixes mended their failure" || fail "only $MENDED fixes mended (want >= 20)"
finish
