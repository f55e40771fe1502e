#!/usr/bin/env bash
# https_server operations: the key log (--keylog and SSLKEYLOGFILE, mode 0600, a
# loud warning, lines tshark can use), certbot-style files (fullchain.pem with a
# plain privkey.pem: --unencrypted-key, refused when others may read it), the access log in a
# file, --threads with a quick 503 when every worker is busy, and a graceful
# shutdown that lets a request in flight finish.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
CERT=$D/certificates/site_public_key.pem
KEY=$D/certificates/site_private_key.pem
CURL=(curl -sS --max-time 10 --cacert "$CA")

# --- key log
P=$(port 0)
start_server keylog --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--keylog keys.log --access-log off || fail "keylog server did not start"
expect_grep keylog.log 'WARNING: .*TLS session secrets.*keys\.log' "--keylog: loud warning"
"${CURL[@]}" -o /dev/null "https://localhost:$P/" && "${CURL[@]}" --tlsv1.2 --tls-max 1.2 -o /dev/null "https://localhost:$P/"
[ "$(stat -c %a keys.log)" = 600 ] && ok "key log mode 0600" || fail "key log mode $(stat -c %a keys.log)"
expect_grep keys.log '^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} [0-9a-f]{64,96}$' "TLS 1.3 secrets in NSS format"
expect_grep keys.log '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "TLS 1.2 master secret in NSS format"
stop_pid "$SERVER_PID"
P=$(port 1)
SSLKEYLOGFILE=$TEST_WORK_DIR/env_keys.log start_server keylog_env --port "$P" --cert "$CERT" \
	--key "$KEY" --pass "$TEST_PASS" --access-log off || fail "SSLKEYLOGFILE server did not start"
"${CURL[@]}" -o /dev/null "https://localhost:$P/"
expect_grep keylog_env.log 'WARNING: .*env_keys\.log' "SSLKEYLOGFILE: loud warning"
expect_grep env_keys.log '^SERVER_TRAFFIC_SECRET_0 ' "SSLKEYLOGFILE: secrets written"
stop_pid "$SERVER_PID"
P=$(port 2)
start_server nokeylog --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" --access-log off
expect_no_grep nokeylog.log 'WARNING: .*secrets' "no key log, no warning"
stop_pid "$SERVER_PID"

# The key log is never followed through a symbolic link, nor written into a
# file that is not a plain file of ours; an existing one is appended to and
# made 0600.
P=$(port 10)
printf 'keep\n' >victim.txt
ln -sf victim.txt keys_link.log
run keylog_link timeout 10 "$HTTPS_SERVER" --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--keylog keys_link.log --access-log off
[ "$RC" -eq 24 ] && ok "--keylog through a symbolic link: refused (exit 24)" ||
	fail "--keylog through a symbolic link: exit $RC"
[ "$(cat victim.txt)" = keep ] && ok "symbolic link target untouched" || fail "symbolic link target written"
ln -f victim.txt keys_hard.log
run keylog_hard timeout 10 "$HTTPS_SERVER" --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--keylog keys_hard.log --access-log off
[ "$RC" -eq 24 ] && ok "--keylog with a second hard link: refused (exit 24)" ||
	fail "--keylog with a second hard link: exit $RC"
printf 'OLD LINE\n' >keys_old.log
chmod 644 keys_old.log
start_server keylog_old --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--keylog keys_old.log --access-log off || fail "keylog (existing file) server did not start"
"${CURL[@]}" -o /dev/null "https://localhost:$P/"
[ "$(stat -c %a keys_old.log)" = 600 ] && ok "existing key log made 0600" ||
	fail "existing key log mode $(stat -c %a keys_old.log)"
expect_grep keys_old.log '^OLD LINE$' "existing key log appended to, not truncated"
expect_grep keys_old.log '^SERVER_TRAFFIC_SECRET_0 ' "existing key log: secrets appended"
stop_pid "$SERVER_PID"

# --- certbot-style files: fullchain.pem and an unencrypted privkey.pem
# (accepted only with --unencrypted-key, from a file no one else may read)
mkdir -p live
cp "$CERT" live/fullchain.pem
openssl pkey -in "$KEY" -passin "$TEST_PASS" -out live/privkey.pem
chmod 644 live/privkey.pem
P=$(port 3)
expect_rc certbot_open 24 timeout 10 "$HTTPS_SERVER" --port "$P" --cert live/fullchain.pem \
	--key live/privkey.pem --unencrypted-key --access-log off
expect_grep certbot_open.err 'private key live/privkey.pem is not encrypted and is not a file of this user only' \
	"plain key readable by others: refused"
expect_grep certbot_open.err '^fix: chmod 600 live/privkey.pem' "plain key: the fix"
chmod 600 live/privkey.pem
start_server certbot_closed --port "$P" --cert live/fullchain.pem --key live/privkey.pem \
	--unencrypted-key --access-log off || fail "certbot-style (0600) server did not start"
run certbot_get "${CURL[@]}" "https://localhost:$P/"
expect_grep certbot_get.out 'marker' "certbot-style files serve the page"
stop_pid "$SERVER_PID"

# --- --threads 2, a busy worker, the quick 503, and the access log in a file
P=$(port 4)
start_server busy --port "$P" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" --threads 2 \
	--access-log access.log || fail "busy server did not start"
expect_grep busy.log '2 threads' "banner: 2 threads"
# A client in the middle of sending a request body holds one worker (an idle
# one would be shed for the newcomer: idle connections go first).
mkfifo hold.fifo
start_bg holder bash -c "exec openssl s_client -connect 127.0.0.1:$P -CAfile '$CA' -quiet -ign_eof <hold.fifo"
HOLDER=$BG_PID
exec 8>hold.fifo
printf 'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\n' >&8
sleep 0.5
start=$(date +%s%N)
code=$(curl -s --max-time 5 --cacert "$CA" -D busy_h.txt -o /dev/null -w '%{http_code}' "https://localhost:$P/")
ms=$(((($(date +%s%N) - start)) / 1000000))
[ "$code" = 503 ] && ok "all workers busy: 503" || fail "all workers busy: got $code"
[ "$ms" -lt 2000 ] && ok "503 came quickly (${ms} ms)" || fail "503 took ${ms} ms"
expect_grep busy_h.txt '^Retry-After: 1' "503 carries Retry-After"
expect_grep busy_h.txt '^Strict-Transport-Security' "503 carries HSTS"
exec 8>&-
stop_pid "$HOLDER"
sleep 0.5
code=$(curl -s --max-time 5 --cacert "$CA" -o /dev/null -w '%{http_code}' "https://localhost:$P/")
[ "$code" = 200 ] && ok "worker free again: 200" || fail "after the holder left: $code"
sleep 0.2
expect_grep access.log '"GET / HTTP/1.1" 503 ' "access log records the 503"
expect_grep access.log '"GET / HTTP/1.1" 200 ' "access log records the 200"

# --- graceful shutdown: a POST in flight when SIGTERM arrives still gets its answer
mkfifo req.fifo
start_bg inflight bash -c "exec openssl s_client -connect 127.0.0.1:$P -CAfile '$CA' -quiet -ign_eof <req.fifo"
exec 7>req.fifo
printf 'POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\n' >&7
sleep 0.5
kill -TERM "$SERVER_PID"
sleep 0.3
printf 'hello' >&7
exec 7>&-
start=$(date +%s)
wait "$SERVER_PID"
rc=$?
[ "$rc" -eq 0 ] && ok "SIGTERM with a request in flight: exit 0" || fail "exit $rc"
[ $(($(date +%s) - start)) -le 6 ] && ok "stopped within the 5 s grace" || fail "took too long to stop"
sleep 0.3
expect_grep inflight.log 'you said: hello' "the request in flight got its answer"
expect_grep busy.log 'SIGTERM received' "says why it stops"
finish
