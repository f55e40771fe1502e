#!/usr/bin/env bash
# Passphrases and private keys under hostile conditions, in all three programs:
# - Ctrl-C (and Ctrl-\, SIGTERM) at a passphrase prompt, on a real pty: exit 6,
#   a message, and the terminal's echo back on; the server's prompt can be
#   interrupted (it blocks SIGINT for its sigwait loop), and a passphrase typed
#   after all starts a server that Ctrl-C then stops cleanly;
# - --pass file:FIFO returns at once with "not a regular file (a FIFO)" (24),
#   fd:N takes the pipe; a directory is refused too;
# - --pass env:VAR leaves nothing in /proc/PID/environ;
# - a key or passphrase file open to group/others warns (0644, 0640, 0602),
#   a 0600 one does not; ./start_https_server.sh makes the bundled ones 0600;
# - https_pki inspect of a damaged encrypted key exits 24, a sound one 0.
# ctest-labels: client server pki
# ctest-timeout: 180
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
SITE=$P/certificates/site_public_key.pem
KEY=$P/certificates/site_private_key.pem
CC=$P/certificates/client_public_key.pem
CK=$P/certificates/client_private_key.pem
PTY=(python3 "$(dirname "$TEST_LIB")/pty_prompt.py")
PASSWORD=$(head -1 "$P/pass.txt")
SERVER=("$HTTPS_SERVER" --port "$(port 0)" --cert "$SITE" --key "$KEY")
CLIENT=("$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key "$CK")

# pty NAME ARGS...: the pty helper; its report in NAME.pty.
pty() {
	local name=$1
	shift
	timeout 60 "${PTY[@]}" "$@" >"$name.pty" 2>&1
}

# prompt_stopped NAME EXIT: the prompt came, the program exited EXIT, echo is on.
prompt_stopped() {
	local name=$1 want=$2
	expect_grep "$name.pty" '^prompt=yes$' "$name: the prompt came with echo off"
	expect_grep "$name.pty" "^exit=$want\$" "$name: exits $want"
	expect_grep "$name.pty" '^echo=on$' "$name: echo is back on"
}

# --- Interrupted prompts -------------------------------------------------------
pty srv_int --wait 'pass phrase' --send '\x03' -- "${SERVER[@]}" --pass prompt
prompt_stopped srv_int 6
expect_grep srv_int.pty '^https_server: passphrase prompt interrupted by SIGINT \(Ctrl-C\); no passphrase was read' "server: Ctrl-C named"
expect_grep srv_int.pty '^fix: run the command again and type the passphrase' "server: Ctrl-C has a fix"
expect_no_grep srv_int.pty 'listening on' "server: Ctrl-C at the prompt starts nothing"

pty srv_quit --wait 'pass phrase' --send '\x1c' -- "${SERVER[@]}" --pass prompt
prompt_stopped srv_quit 6
expect_grep srv_quit.pty 'interrupted by SIGQUIT' "server: Ctrl-\\ named"

pty srv_term --wait 'pass phrase' --kill TERM -- "${SERVER[@]}" --pass prompt
prompt_stopped srv_term 6
expect_grep srv_term.pty 'interrupted by SIGTERM' "server: SIGTERM at the prompt named"

# Negative: the right passphrase starts the server, which then stops on Ctrl-C
# the usual way (the prompt left its signals blocked again for sigwait).
pty srv_ok --wait 'pass phrase' --send "$PASSWORD\\n" --then-wait 'listening on' \
	--then-send '\x03' --timeout 30 -- "${SERVER[@]}" --pass prompt
prompt_stopped srv_ok 0
expect_grep srv_ok.pty 'SIGINT received, finishing requests in flight' "server: Ctrl-C after start-up stops it cleanly"
expect_no_grep srv_ok.pty 'interrupted' "server: no prompt message after start-up"

pty pki_int --wait 'pass phrase' --send '\x03' -- "$HTTPS_PKI" key --out new.pem --pass prompt
prompt_stopped pki_int 6
expect_grep pki_int.pty '^https_pki: passphrase prompt interrupted by SIGINT' "pki: Ctrl-C named"
[ ! -e new.pem ] && ok "pki: no key written" || fail "pki: a key was written after Ctrl-C"

# The second (verifying) prompt too.
pty pki_int2 --wait 'pass phrase' --send 'first-pass-12345\n' --then-wait 'Verifying' \
	--then-send '\x03' -- "$HTTPS_PKI" key --out new2.pem --pass prompt
expect_grep pki_int2.pty '^exit=6$' "pki: Ctrl-C at the verifying prompt exits 6"
expect_grep pki_int2.pty '^echo=on$' "pki: echo on after the verifying prompt"

pty cli_int --wait 'pass phrase' --send '\x03' -- "${CLIENT[@]}" --pass prompt \
	"https://localhost:$(port 1)/"
prompt_stopped cli_int 6
expect_grep cli_int.pty '^https_client: passphrase prompt interrupted by SIGINT' "client: Ctrl-C named"

# Negative: a wrong passphrase typed at the prompt is still a wrong passphrase (6), echo on.
pty pki_wrong --wait 'pass phrase' --send 'not-the-pass-123\n' -- "$HTTPS_PKI" inspect \
	--pass prompt "$KEY"
prompt_stopped pki_wrong 6
expect_grep pki_wrong.pty 'wrong passphrase' "pki: a wrong typed passphrase says so"

# --- file: takes regular files only -------------------------------------------
mkfifo fifo
fifo_refused() { # fifo_refused NAME CMD...: exits 24 at once, naming the FIFO
	local name=$1
	shift
	expect_rc "$name" 24 timeout -k 1 10 "$@"
	expect_grep "$name.err" 'fifo is not a regular file \(a FIFO\)' "$name: names the FIFO"
	expect_grep "$name.err" '^fix: for a pipe use fd:N instead of file:PATH \(e\.g\. fd:3 3<fifo\)' "$name: fix names fd:N"
}
fifo_refused fifo_server "${SERVER[@]}" --pass file:fifo
fifo_refused fifo_client "${CLIENT[@]}" --pass file:fifo "https://localhost:$(port 1)/"
fifo_refused fifo_inspect "$HTTPS_PKI" inspect --pass file:fifo "$KEY"
fifo_refused fifo_key "$HTTPS_PKI" key --out k.pem --pass file:fifo
expect_rc dir_pass 24 "$HTTPS_PKI" inspect --pass "file:$TEST_WORK_DIR" "$KEY"
expect_grep dir_pass.err 'is not a regular file \(a directory\)' "a directory is refused by name"
# A FIFO given where a whole file is read (the key itself): refused, not a hang.
expect_rc fifo_keyfile 24 timeout -k 1 10 "$HTTPS_PKI" inspect fifo
# Negative: fd:N reads the same pipe once a writer comes.
(printf '%s\n' "$PASSWORD" >fifo &)
expect_rc fd_pipe 0 timeout -k 1 10 "$HTTPS_PKI" inspect --pass fd:3 "$KEY" 3<fifo
expect_grep fd_pipe.out 'key +ECDSA' "fd:3 from a pipe opens the key"
# Negative: a symbolic link to a regular file is fine.
ln -s "$P/pass.txt" pass-link
expect_rc link_pass 0 "$HTTPS_PKI" inspect --pass file:pass-link "$KEY"
# A server waiting on a pipe that never writes stops on SIGTERM (it blocks SIGTERM otherwise).
start_bg fdwait bash -c "sleep 8 | exec \"\$@\"" _ "${SERVER[@]}" --pass fd:0
sleep 1
srv=$(pgrep -f -n -- "--port $(port 0) --cert $SITE")
if [ -n "$srv" ]; then
	kill -TERM "$srv"
	sleep 1
	kill -0 "$srv" 2>/dev/null && fail "server reading fd:0 ignored SIGTERM" ||
		ok "server reading fd:0 stops on SIGTERM"
else
	fail "server reading fd:0 did not start"
fi

# --- env: leaves no copy in /proc/PID/environ ----------------------------------
start_bg envsrv env DEMO_TEST_PW="$PASSWORD" "$HTTPS_SERVER" --port "$(port 2)" \
	--cert "$SITE" --key "$KEY" --pass env:DEMO_TEST_PW
if wait_for_log envsrv 'listening on https://'; then
	if grep -qaF -- "$PASSWORD" "/proc/$BG_PID/environ"; then
		fail "env: the passphrase is still in /proc/PID/environ"
	else
		ok "env: the passphrase is gone from /proc/PID/environ"
	fi
	grep -qa 'DEMO_TEST_PW=' "/proc/$BG_PID/environ" &&
		ok "env: (the check reads the right block: the name is still there)" ||
		fail "env: DEMO_TEST_PW= not in /proc/PID/environ at all"
	stop_pid "$BG_PID"
fi
expect_rc env_unset 6 "$HTTPS_PKI" inspect --pass env:DEMO_NOT_SET_ANYWHERE "$KEY"

# --- file modes ---------------------------------------------------------------
cp "$KEY" key644.pem && chmod 644 key644.pem
cp "$KEY" key600.pem && chmod 600 key600.pem
cp "$P/pass.txt" pass644 && chmod 644 pass644
cp "$P/pass.txt" pass602 && chmod 602 pass602
cp "$P/pass.txt" pass600 && chmod 600 pass600
cp "$CK" ck640.pem && chmod 640 ck640.pem
# The server warns for its key and its passphrase file, then starts anyway.
start_bg mode_srv "$HTTPS_SERVER" --port "$(port 3)" --cert "$SITE" --key key644.pem \
	--pass file:pass644
if wait_for_log mode_srv 'listening on https://'; then
	expect_grep mode_srv.log '^https_server: warning: key644\.pem is readable by group and others \(mode 0644\)$' "server warns: key 0644"
	expect_grep mode_srv.log '^fix: chmod 600 key644\.pem$' "server: fix for the key"
	expect_grep mode_srv.log '^https_server: warning: pass644 is readable by group and others \(mode 0644\)$' "server warns: passphrase file 0644"
fi
stop_pid "$BG_PID"
start_bg mode_srv600 "$HTTPS_SERVER" --port "$(port 4)" --cert "$SITE" --key key600.pem \
	--pass file:pass600
wait_for_log mode_srv600 'listening on https://' && expect_no_grep mode_srv600.log 'warning:' "server: no warning for 0600 files"
stop_pid "$BG_PID"
run mode_cli "$HTTPS_CLIENT" --cacert "$CA" --cert "$CC" --key ck640.pem --pass file:pass602 \
	"https://localhost:$(port 5)/"
expect_grep mode_cli.err '^https_client: warning: ck640\.pem is readable by group \(mode 0640\)$' "client warns: key 0640"
expect_grep mode_cli.err '^https_client: warning: pass602 is writable by others \(mode 0602\)$' "client warns: passphrase file 0602"
run mode_cli600 "${CLIENT[@]}" --pass file:pass600 "https://localhost:$(port 5)/"
expect_no_grep mode_cli600.err 'warning:' "client: no warning for 0600 files"
# https_pki too, for the keys it reads (found by an independent tester); one warning a file.
run mode_pkikey "$HTTPS_PKI" inspect key644.pem
expect_grep mode_pkikey.err '^https_pki: warning: key644\.pem is readable by group and others \(mode 0644\)$' "https_pki inspect warns: key 0644"
cp key644.pem key644b.pem && chmod 644 key644b.pem
run mode_passwd "$HTTPS_PKI" passwd key644b.pem --pass file:pass644 --new-pass file:pass644
[ "$(grep -c 'pass644 is readable' mode_passwd.err)" -eq 1 ] && ok "passwd: one warning for a passphrase file named twice" ||
	fail "passwd: $(grep -c 'pass644 is readable' mode_passwd.err) warnings for pass644"
run mode_pki600 "$HTTPS_PKI" inspect key600.pem
expect_no_grep mode_pki600.err 'warning:' "https_pki: no warning for a 0600 key"
run mode_pki "$HTTPS_PKI" inspect --pass file:pass644 key600.pem
expect_grep mode_pki.err '^https_pki: warning: pass644 is readable by group and others' "pki warns: passphrase file 0644"
expect_grep mode_pki.out 'key +ECDSA' "pki: the warning does not stop the command"

# ./start_https_server.sh on a fresh clone's modes (0644): 0600 before the server starts.
mkdir -p clone/scripts
cp "$DEMO_SOURCE_DIR/start_https_server.sh" clone/
cp "$DEMO_SOURCE_DIR/scripts/install_deps.sh" "$DEMO_SOURCE_DIR/scripts/build.sh" clone/scripts/
cp -r "$DEMO_SOURCE_DIR/certificates" "$DEMO_SOURCE_DIR/ca_certificates_for_client" \
	"$DEMO_SOURCE_DIR/secret" clone/
chmod 644 clone/secret/reminder.txt clone/certificates/*.pem
export HTTPS_DEMO_BUILD_DIR=$DEMO_BUILD_DIR
start_bg start clone/start_https_server.sh --port "$(port 6)"
if wait_for_log start 'listening on https://' 120; then
	for f in secret/reminder.txt certificates/site_private_key.pem certificates/client_private_key.pem; do
		m=$(stat -c %a "clone/$f")
		[ "$m" = 600 ] && ok "start script: $f is 0600" || fail "start script: $f is $m"
	done
	expect_no_grep start.log 'warning:' "start script: the server has nothing to warn about"
fi
stop_pid "$BG_PID"

# --- inspect of a damaged encrypted key ---------------------------------------
# The older Proc-Type form, as openssl writes it; and the same cut to 45 bytes
# (AES works in 16-byte blocks, so that is damage even without the passphrase).
LEGACY_PW=$PASSWORD openssl ec -in "$KEY" -passin "$TEST_PASS" -aes256 -passout env:LEGACY_PW \
	-out legacy.pem 2>/dev/null
python3 - "$KEY" legacy.pem <<'EOF'
import base64, sys
def body(name):
    lines = open(name).read().strip().splitlines()
    data = base64.b64decode("".join(l for l in lines[1:-1] if l and ":" not in l))
    return lines, data
lines, der = body(sys.argv[1])
open("short.pem", "w").write("-----BEGIN ENCRYPTED PRIVATE KEY-----\n%s"
                             "-----END ENCRYPTED PRIVATE KEY-----\n"
                             % base64.encodebytes(der[:-3]).decode())
lines, data = body(sys.argv[2])
head = [l for l in lines[1:-1] if ":" in l]
open("odd.pem", "w").write("%s\n%s\n\n%s%s\n" % (lines[0], "\n".join(head),
                           base64.encodebytes(data[:45]).decode(), lines[-1]))
EOF
head -3 "$KEY" >cut.pem && echo '-----END ENCRYPTED PRIVATE KEY-----' >>cut.pem
for f in short cut odd; do
	expect_rc "damaged_$f" 24 "$HTTPS_PKI" inspect "$f.pem"
	expect_grep "damaged_$f.err" "^https_pki: $f\.pem: damaged encrypted private key" "inspect $f.pem: says damaged"
	expect_grep "damaged_$f.err" '^fix: restore it from a copy, or make a new key: https_pki key --out FILE --pass SOURCE$' "inspect $f.pem: fix"
done
expect_rc damaged_json 24 "$HTTPS_PKI" inspect --json short.pem
expect_rc damaged_pass 24 "$HTTPS_PKI" inspect --pass "$TEST_PASS" short.pem
# Negative: a sound encrypted key still inspects (exit 0), with or without --pass.
expect_rc sound_key 0 "$HTTPS_PKI" inspect "$KEY"
expect_grep sound_key.out 'encryption +PKCS#8 PBES2' "a sound key shows its scheme"
expect_rc sound_key_pass 0 "$HTTPS_PKI" inspect --pass "$TEST_PASS" "$KEY"
expect_rc sound_legacy 0 "$HTTPS_PKI" inspect legacy.pem
expect_grep sound_legacy.out 'encryption +legacy PEM encryption' "a sound legacy key inspects"

finish
