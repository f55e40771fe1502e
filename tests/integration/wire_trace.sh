#!/usr/bin/env bash
# scripts/trace_https.sh, run for real (capture on lo; CI runs as root):
# (a) what anyone on the path sees names the SNI and the ports, and never the
#     page's marker text, in TLS 1.3 and 1.2; the certificate is readable in 1.2 only;
# (b) decrypted with the key log, the request and the marker appear;
# (c) the private key alone decrypts nothing of the ECDHE session and the whole
#     RSA-key-exchange contrast session.
# Negative cases: usage errors exit 2; without the right to capture it exits 3
# with a fix (run as nobody when we are root).
# ctest-labels: wire
# ctest-timeout: 180
# ctest-fixture: none
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

TRACE=$DEMO_SOURCE_DIR/scripts/trace_https.sh
P=$(port 0)
MARKER=$(grep -o 'id="marker">[^<]*' "$DEMO_SOURCE_DIR/server/www/index.html" | sed 's/.*>//')
[ -n "$MARKER" ] || fail "no marker line in server/www/index.html"

expect_rc usage_part 2 bash "$TRACE" --part x
expect_grep usage_part.err '^fix: ' "a usage error says how to fix it"
expect_rc usage_port 2 bash "$TRACE" --port 80x

# Without the right to capture: the probe fails, the script explains and exits 3.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	# A copy nobody can read, wherever the checkout lives (CI may clone under /root).
	pub=$(mktemp -d /tmp/wire_trace_pub.XXXXXX)
	mkdir -p "$pub/scripts"
	cp "$TRACE" "$pub/scripts/"
	chmod -R a+rX "$pub"
	expect_rc no_rights 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -u DEMO_BUILD_DIR -C / bash "$pub/scripts/trace_https.sh" --port "$P"
	rm -rf "$pub"
	expect_grep no_rights.err 'no right to capture' "without capture rights: says so"
	expect_grep no_rights.err '^fix: run it as root' "without capture rights: gives the fix"
fi
if [ "$(id -u)" -ne 0 ] && ! timeout 10 dumpcap -q -i lo -a duration:1 -w probe.pcapng >/dev/null 2>&1; then
	expect_rc no_rights_user 3 bash "$TRACE" --port "$P"
	expect_grep no_rights_user.err '^fix: ' "without capture rights: gives the fix"
	log "this user cannot capture: the trace itself is tested only with capture rights (CI runs as root)"
	finish
fi

before=$(ls -d /tmp/trace_https.* 2>/dev/null | sort)
run trace bash "$TRACE" --port "$P" --keep captures
after=$(ls -d /tmp/trace_https.* 2>/dev/null | sort)
if [ "$RC" -ne 0 ]; then
	fail "trace_https.sh exits $RC; stderr:"
	sed 's/^/    /' trace.err >&2
	finish
fi
ok "trace_https.sh exits 0"
# The parts, cut from the one output.
sed -n '/^=== (a)/,/^=== (b)/p' trace.out >part_a.txt
sed -n '/^--- (a) TLS 1.3/,/^--- (a) TLS 1.2/p' trace.out >part_a13.txt
sed -n '/^--- (a) TLS 1.2/,/^=== (b)/p' trace.out >part_a12.txt
sed -n '/^=== (b)/,/^=== (c)/p' trace.out >part_b.txt
sed -n '/^--- (c) 1/,/^--- (c) 2/p' trace.out >part_c1.txt
sed -n '/^--- (c) 2/,$p' trace.out >part_c2.txt

for v in 13 12; do
	expect_grep part_a$v.txt 'server name \(SNI\): +localhost$' "(a) $v: the SNI is seen"
	expect_grep part_a$v.txt 'protocol wanted \(ALPN\): +http/1.1' "(a) $v: the ALPN is seen"
	expect_grep part_a$v.txt "127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$P " "(a) $v: address and server port seen"
	expect_grep part_a$v.txt "127\.0\.0\.1:$P -> 127\.0\.0\.1:[0-9]+ " "(a) $v: the answer's ports seen"
	expect_grep part_a$v.txt 'client -> server: 1 record: Handshake [0-9]+' "(a) $v: record types and sizes"
	expect_grep part_a$v.txt 'found 0 times' "(a) $v: the page content is not in the payload"
done
expect_no_grep part_a.txt "$MARKER" "(a): the page's marker text appears nowhere"
expect_grep part_a13.txt 'versions offered: +TLS 1.3' "(a) 1.3: supported_versions seen"
expect_grep part_a13.txt 'No Certificate message is visible' "(a) 1.3: the certificate is encrypted"
expect_grep part_a12.txt '\[0\] subject=.*CN = localhost' "(a) 1.2: the leaf is read off the wire"
expect_grep part_a12.txt 'DNS:localhost, IP Address:127.0.0.1' "(a) 1.2: its SANs too"
expect_grep part_a12.txt 'Server Key Exchange' "(a) 1.2: the handshake messages are named"

expect_grep part_b.txt 'CLIENT_TRAFFIC_SECRET_0 ' "(b): the key log's TLS 1.3 labels"
expect_grep part_b.txt 'CLIENT_RANDOM ' "(b): the key log's TLS 1.2 label"
expect_no_grep part_b.txt '[0-9a-f]{64}' "(b): no secret is printed"
expect_grep part_b.txt "\| GET / HTTP/1.1" "(b): the request in clear"
expect_grep part_b.txt "\| HTTP/1.1 200 OK" "(b): the response in clear"
[ "$(grep -c -- "$MARKER" part_b.txt)" -eq 2 ] && ok "(b): the marker in both decrypted captures" ||
	fail "(b): the marker should appear twice (TLS 1.3 and 1.2); part (b) holds: $(head -c 1500 part_b.txt)"
expect_grep part_b.txt 'Encrypted Extensions, Certificate, Certificate Verify, Finished' \
	"(b): the hidden TLS 1.3 handshake is decrypted"
expect_grep part_b.txt 'never leave a lab' "(b): says why the key log is dangerous"

expect_grep part_c1.txt 'TLS 1.2: suite chosen: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' "(c): our server chose ECDHE in TLS 1.2"
expect_grep part_c1.txt 'TLS 1.3: suite chosen: TLS_AES_128_GCM_SHA256' "(c): and TLS 1.3"
n=$(grep -cE 'holds [1-9][0-9]{2,} bytes of encrypted application data' part_c1.txt)
[ "$n" -eq 2 ] && ok "(c): both ECDHE recordings have content" || fail "(c): $n ECDHE recordings with content, want 2"
n=$(grep -c 'recovers: 0 bytes of plaintext' part_c1.txt)
[ "$n" -eq 2 ] && ok "(c): the private key decrypts nothing of either ECDHE session" ||
	fail "(c): $n of 2 ECDHE sessions resisted the private key"
expect_no_grep part_c1.txt "$MARKER|GET /" "(c): no plaintext of the ECDHE sessions"
expect_grep part_c2.txt 'TLS_RSA_WITH_AES_128_GCM_SHA256' "(c): the contrast used RSA key exchange"
expect_grep part_c2.txt "\| GET /index.html" "(c): the contrast's request decrypted by the key alone"
expect_grep part_c2.txt "$MARKER" "(c): the contrast's page decrypted by the key alone"

# The captures themselves: tshark sees the same, independently of the script's wording.
for f in tls13 tls12 ecdhe ecdhe13 rsakx; do
	[ -s "captures/$f.pcapng" ] && ok "capture $f kept" || fail "capture $f missing"
done
# (-d: decode the test's port as TLS; tshark's port heuristics miss some ports, e.g. 24800.)
sni=$(tshark -r captures/tls13.pcapng -d "tcp.port==$P,tls" -Y 'tls.handshake.type == 1' -T fields \
	-e tls.handshake.extensions_server_name 2>/dev/null | head -n 1)
[ "$sni" = localhost ] && ok "tshark reads the SNI from the capture" || fail "SNI in capture: '$sni'"
# Nothing of the trace's secrets is left behind.
leftover=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))
[ -z "$leftover" ] && ok "the private temp folder is gone" || fail "left behind: $leftover"
finish
