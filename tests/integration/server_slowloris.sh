#!/usr/bin/env bash
# https_server under slow clients: 100 loopback connections trickle their headers
# (Debian's slowhttptest, slowloris mode, one header line per second, 30 s at
# most) while normal requests must still complete within 2 s each; the server's
# head deadline (--head-timeout, 10 s by default) then closes the slow ones.
# ctest-timeout: 90
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

CA=$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem
P=$(port 0)
start_server server --port "$P" --cert "$TEST_PKI_DIR/certificates/site_public_key.pem" \
	--key "$TEST_PKI_DIR/certificates/site_private_key.pem" --pass "$TEST_PASS" \
	--access-log off || { fail "server did not start"; finish; }

start_bg slow timeout 50 slowhttptest -H -c 100 -r 100 -i 1 -x 10 -l 30 -p 2 -g -o slowstats \
	-u "https://127.0.0.1:$P/"
SLOW=$BG_PID
sleep 4 # all 100 connections open and trickling
worst=0
for i in $(seq 5); do
	read -r code secs < <(curl -s --max-time 5 --cacert "$CA" -o /dev/null \
		-w '%{http_code} %{time_total}\n' "https://localhost:$P/?probe=$i")
	ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
	[ "$ms" -gt "$worst" ] && worst=$ms
	if [ "$code" = 200 ] && [ "$ms" -lt 2000 ]; then
		ok "request $i during the attack: 200 in $ms ms"
	else
		fail "request $i during the attack: $code in $ms ms"
	fi
	sleep 1
done
log "slowest normal request while 100 connections trickled: $worst ms"
wait "$SLOW"
sed 's/\x1b\[[0-9;]*m//g' slow.log >slow.txt
expect_grep slow.txt 'connected: +([5-9][0-9]|100)$' "the attack held 50+ connections open at once"
expect_grep slow.txt 'service available: +YES' "slowhttptest's own probe found the service up"
# The server, not slowhttptest's 30 s limit, ended the slow connections (slowhttptest
# itself may take several seconds to open all 100 on a loaded machine).
expect_grep slow.txt 'Test ended on (1[0-9]|2[0-9])th second' "server closed the slow connections in time"
kill -0 "$SERVER_PID" && ok "server survived" || fail "server died"
finish
