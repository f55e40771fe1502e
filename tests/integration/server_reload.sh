#!/usr/bin/env bash
# SIGHUP reloads https_server's certificate and key without a restart: new
# handshakes get the new chain (checked by serial and fingerprint), requests in
# flight all complete, the passphrase source is read again; a reload with a
# broken, mismatched, expired or (without --unencrypted-key) plain key keeps
# serving the old chain and logs why in one line. Also the rules for plain
# (certbot-style) keys at start.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
CURL=(curl -sS --max-time 20 --cacert "$CA")

fingerprint() { # the SHA-256 fingerprint of the leaf the server sends now
	openssl s_client -connect "127.0.0.1:$P" -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 | cut -d= -f2
}
file_fp() { openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2; }
serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2; }
new_leaf() { # new_leaf DIR [ARGS...]: a fresh leaf + encrypted key from the fixture CA
	local dir=$1
	shift
	mkdir -p "$dir"
	"$HTTPS_PKI" issue --profile server --ca-dir "$D/private_ca" --ca-pass "$TEST_PASS" \
		--cn localhost --san DNS:localhost --san IP:127.0.0.1 --cert "$dir/cert.pem" \
		--key "$dir/key.pem" --pass "$TEST_PASS" --force "$@" >/dev/null 2>&1 ||
		fail "https_pki issue $dir"
}
install_pair() { # install_pair DIR: what the server's --cert and --key name now
	cp "$1/cert.pem" live/fullchain.pem
	cp "$1/key.pem" live/privkey.pem
	chmod 600 live/privkey.pem
}
hup() { # hup PATTERN: SIGHUP, then wait for a new reload line matching PATTERN
	local before i
	before=$(grep -c 'reload' srv.log)
	kill -HUP "$SERVER_PID"
	for i in $(seq 50); do
		[ "$(grep -c 'reload' srv.log)" -ge $((before + 2)) ] && break
		sleep 0.1
	done
	tail -n1 srv.log >last_reload.txt
	grep -Eq -- "$1" last_reload.txt
}

new_leaf a
new_leaf b
new_leaf c
mkdir -p live
cp "$TEST_PKI_DIR/pass.txt" pass.txt
chmod 600 pass.txt
install_pair a
start_bg srv "$HTTPS_SERVER" --port "$P" --cert live/fullchain.pem --key live/privkey.pem \
	--pass file:pass.txt --access-log off
SERVER_PID=$BG_PID
wait_for_log srv 'listening on https://' || fail "server did not start"
[ "$(fingerprint)" = "$(file_fp a/cert.pem)" ] && ok "serves leaf a at start" || fail "not leaf a at start"

# --- a good reload
install_pair b
hup "reloaded certificate and key: serial $(serial_of b/cert.pem)" &&
	ok "SIGHUP: reloaded, the log names the new serial" || fail "SIGHUP: $(cat last_reload.txt)"
[ "$(fingerprint)" = "$(file_fp b/cert.pem)" ] && ok "after SIGHUP: serves leaf b (fingerprint)" ||
	fail "after SIGHUP: not leaf b"
kill -0 "$SERVER_PID" && ok "same process after reload (PID $SERVER_PID)" || fail "server gone"
# /chain.html shows the chain now served, not the one read at start.
"${CURL[@]}" -o chain_b.html "https://localhost:$P/chain.html" || fail "GET /chain.html"
grep -q "$(file_fp b/cert.pem)" chain_b.html && ok "/chain.html shows leaf b after the reload" ||
	fail "/chain.html does not show leaf b"
grep -q "$(file_fp a/cert.pem)" chain_b.html && fail "/chain.html still shows leaf a" ||
	ok "/chain.html no longer shows leaf a"

# --- failed reloads keep the old chain, and say why in one line
bad_reload() { # bad_reload WHAT PATTERN
	if hup "reload failed, still serving the old certificate \(serial $(serial_of b/cert.pem),.*$2"; then
		ok "$1: reload refused with the reason"
	else
		fail "$1: reload line: $(cat last_reload.txt)"
	fi
	[ "$(fingerprint)" = "$(file_fp b/cert.pem)" ] && ok "$1: still serves leaf b" ||
		fail "$1: no longer serves leaf b"
	[ "$(wc -l <last_reload.txt)" -eq 1 ] || fail "$1: more than one line"
}
printf -- '-----BEGIN ENCRYPTED PRIVATE KEY-----\nbroken\n-----END ENCRYPTED PRIVATE KEY-----\n' >live/privkey.pem
bad_reload "broken key" 'cannot read private key live/privkey.pem'
install_pair c
cp a/key.pem live/privkey.pem
bad_reload "mismatched key" 'private key live/privkey.pem does not match certificate live/fullchain.pem'
"${CURL[@]}" -o chain_kept.html "https://localhost:$P/chain.html" || fail "GET /chain.html"
grep -q "$(file_fp b/cert.pem)" chain_kept.html && ! grep -q "$(file_fp c/cert.pem)" chain_kept.html &&
	ok "a failed reload leaves /chain.html on leaf b" || fail "/chain.html changed on a failed reload"
install_pair c
: >live/fullchain.pem
bad_reload "empty certificate file" 'holds no PEM certificate'
new_leaf expired --not-before 2020-01-01 --not-after 2020-03-01
install_pair expired
bad_reload "expired certificate" 'expired on'
install_pair c
openssl pkey -in c/key.pem -passin "file:pass.txt" -out live/privkey.pem
chmod 600 live/privkey.pem
bad_reload "plain key without --unencrypted-key" 'is not encrypted, and --unencrypted-key was not given'
install_pair c
rm live/privkey.pem
bad_reload "missing key file" 'private key'

# --- the passphrase source is read again at each reload
install_pair c
printf 'not-the-passphrase\n' >pass.txt
bad_reload "wrong passphrase in the source" 'wrong passphrase'
cp "$TEST_PKI_DIR/pass.txt" pass.txt
hup "reloaded certificate and key: serial $(serial_of c/cert.pem)" &&
	ok "passphrase source read again: reload with the right one works" || fail "reload c: $(cat last_reload.txt)"
[ "$(fingerprint)" = "$(file_fp c/cert.pem)" ] && ok "serves leaf c" || fail "not leaf c"

# --- a reload to another key type leaves nothing of the old one
new_leaf rsa --key-type rsa2048
install_pair rsa
hup "reloaded certificate and key: serial $(serial_of rsa/cert.pem)" && ok "reload EC -> RSA" ||
	fail "reload rsa: $(cat last_reload.txt)"
[ "$(fingerprint)" = "$(file_fp rsa/cert.pem)" ] && ok "serves the RSA leaf" || fail "not the RSA leaf"
openssl s_client -connect "127.0.0.1:$P" -servername localhost -sigalgs 'ECDSA+SHA256:ECDSA+SHA384' \
	</dev/null >ec_only.out 2>&1
if grep -q 'BEGIN CERTIFICATE' ec_only.out; then
	fail "a client that takes only ECDSA still got a certificate: the old EC key is still in use"
else
	ok "a client that takes only ECDSA gets no certificate: the old EC key is gone"
fi
install_pair c
hup "reloaded certificate and key: serial $(serial_of c/cert.pem)" && ok "reload RSA -> EC" ||
	fail "reload back to c: $(cat last_reload.txt)"

# --- requests in flight during reloads all complete
head -c 60000 /dev/urandom | base64 -w0 | head -c 60000 >body.txt
start_bg slow "${CURL[@]}" --limit-rate 20k -o slow.out -w '%{http_code}' --data-binary @body.txt \
	"https://localhost:$P/echo"
SLOW=$BG_PID
loops=()
for w in 1 2 3; do
	# New connections (new handshakes) until the reloads are over: at most 300 each.
	start_bg "loop$w" bash -c "for i in \$(seq 300); do [ -e stop_load ] && break; curl -sS --max-time 20 --cacert '$CA' -o /dev/null -w '%{http_code}\n' https://localhost:$P/ || echo fail; done"
	loops+=("$BG_PID")
done
for i in 1 2 3 4 5 6; do
	if [ $((i % 2)) -eq 1 ]; then install_pair a; else install_pair c; fi
	# One at a time: signals sent while a reload runs would merge into one.
	hup 'reloaded certificate and key' || fail "reload $i during the load: $(cat last_reload.txt)"
	sleep 0.2
done
touch stop_load
for pid in "$SLOW" "${loops[@]}"; do wait "$pid"; done
[ "$(cat slow.log)" = 200 ] && ok "a slow upload spanning 6 reloads: 200" || fail "slow upload: $(cat slow.log)"
grep -q 'the server received 60000 bytes' slow.out && grep -qF "$(tail -c 100 body.txt)" slow.out &&
	ok "slow upload echoed intact" || fail "slow upload: echo differs"
n200=$(cat loop1.log loop2.log loop3.log | grep -c '^200$')
nall=$(cat loop1.log loop2.log loop3.log | wc -l)
[ "$n200" -eq "$nall" ] && [ "$nall" -ge 30 ] && ok "$nall requests during 6 reloads: all 200" ||
	fail "requests during reloads: $n200 of $nall got 200: $(sort loop*.log | uniq -c | tr '\n' ' ')"
[ "$(grep -c 'reloaded certificate and key' srv.log)" -eq 10 ] && ok "every reload logged" ||
	fail "reload lines: $(grep -c 'reloaded certificate and key' srv.log)"
stop_pid "$SERVER_PID"

# --- plain (certbot-style) keys at start: only with --unencrypted-key, only mode 0600
openssl pkey -in a/key.pem -passin "file:pass.txt" -out plain.pem
chmod 600 plain.pem
expect_rc plain_no_flag 24 timeout 10 "$HTTPS_SERVER" --port "$P" --cert a/cert.pem --key plain.pem
expect_grep plain_no_flag.err 'is not encrypted, and --unencrypted-key was not given' "plain key without the flag: refused"
expect_grep plain_no_flag.err '^fix: add --unencrypted-key' "plain key without the flag: the fix"
chmod 640 plain.pem
expect_rc plain_group 24 timeout 10 "$HTTPS_SERVER" --port "$P" --cert a/cert.pem --key plain.pem --unencrypted-key
expect_grep plain_group.err 'not a file of this user only \(mode 640' "plain key readable by the group: refused"
expect_grep plain_group.err '^fix: chmod 600 plain.pem' "plain key mode: the fix"
chmod 600 plain.pem
start_server plain_ok --port "$P" --cert a/cert.pem --key plain.pem --unencrypted-key --access-log off ||
	fail "plain key 0600 with the flag did not start"
run plain_get "${CURL[@]}" "https://localhost:$P/"
expect_grep plain_get.out '<html' "plain key 0600 with --unencrypted-key serves"
stop_pid "$SERVER_PID"
finish
