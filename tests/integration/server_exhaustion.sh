#!/usr/bin/env bash
# https_server bounds slow and idle clients: 250 loopback connections of each
# kind (TCP without a ClientHello; TLS done then idle; a head trickled a byte a
# second; a body trickled a byte a second), 1,000 in all against a server
# allowed 300 workers, for 10 s. A normal request made every second during the
# attack must be answered 200 in under 1 s, and the server must have closed
# every attacking connection by its phase deadline or by shedding it for a
# newcomer. Bounded: 1,000 connections, about 15 s.
# ctest-timeout: 90
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log off --threads 300 --handshake-timeout 3000 --head-timeout 4000 \
	--body-timeout 5000 --idle-timeout 3000 || { fail "server did not start"; finish; }
threads_at_start=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")

start_bg attack timeout 60 python3 "$DEMO_SOURCE_DIR/tests/integration/attack.py" "$P" "$CA" 250 10 \
	curl -s --max-time 5 --cacert "$CA" -o /dev/null -w 'probe %{http_code} %{time_total}\n' \
	"https://localhost:$P/"
ATTACK=$BG_PID
sleep 8
threads_under_attack=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
wait "$ATTACK"
cat attack.log >&2

expect_grep attack.log '^attack: 1000 connections open' "1,000 attacking connections opened"
probes=$(grep -c '^probe ' attack.log)
[ "$probes" -ge 5 ] && ok "$probes normal requests during the attack" || fail "only $probes probes ran"
slow=$(awk '/^probe / && ($2 != 200 || $3 >= 1.0)' attack.log)
[ -z "$slow" ] && ok "every normal request: 200 in under 1 s" || fail "slow or failed probes: $slow"
for kind in raw idle head body; do
	expect_grep attack.log "^$kind opened=250 closed_by_server=250 " "all 250 '$kind' connections closed by the server"
done
# the worst case is the body: its 5 s deadline, counted from its head
worst=$(awk '/closed_after_s=/ { split($4, a, "="); if (a[2] > m) m = a[2] } END { print m + 0 }' attack.log)
awk -v w="$worst" 'BEGIN { exit !(w <= 8) }' && ok "every attacker closed within ${worst} s" ||
	fail "an attacker lasted ${worst} s"
log "threads: $threads_at_start at start, $threads_under_attack under attack (limit 300)"
# civetweb starts its 300 workers with the server; nothing starts more under attack.
[ "$threads_at_start" -ge 300 ] && [ "$threads_at_start" -le 310 ] &&
	ok "the 300 workers started with the server" || fail "$threads_at_start threads at start"
[ "$threads_under_attack" -le "$threads_at_start" ] && ok "no thread started under attack" ||
	fail "$threads_under_attack threads under attack, $threads_at_start at start"
kill -0 "$SERVER_PID" && ok "server survived" || fail "server died"
finish
