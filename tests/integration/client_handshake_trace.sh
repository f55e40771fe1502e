#!/usr/bin/env bash
# https_client -v lists the handshake messages of the real connection in order
# and direction, one line each: TLS 1.3 (full, with a client certificate asked
# for, resumed, after a HelloRetryRequest) and TLS 1.2 (full and resumed). The
# record sizes it prints are the ones tshark sees on the wire (when we can capture).
# Negative cases: a refused handshake shows the server's alert; without -v nothing.
# ctest-labels: client
# ctest-timeout: 120
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

D=$TEST_PKI_DIR
CA=$D/ca_certificates_for_client/ca_public_key.pem
SRV=(--cert "$D/certificates/site_public_key.pem" --key "$D/certificates/site_private_key.pem"
	--pass "$TEST_PASS" --access-log off)
P=$(port 0)
M=$(port 1)
H=$(port 2)
start_server plain --port "$P" "${SRV[@]}" || { fail "server did not start"; finish; }
start_server mtls --port "$M" "${SRV[@]}" --client-ca "$CA" --client-cert optional ||
	{ fail "mTLS server did not start"; finish; }
start_server hrr --port "$H" "${SRV[@]}" --groups P-384 || { fail "HRR server did not start"; finish; }

# trace NAME ARGS...: the handshake lines of https_client -v, as "dir name" pairs.
trace() {
	local name=$1
	shift
	run "$name" "$HTTPS_CLIENT" -v -o /dev/null --cacert "$CA" "$@"
	[ "$RC" -eq 0 ] || fail "$name: exit $RC: $(tail -n 2 "$name.err")"
	sed -n '/the handshake on the wire/,/server chose/p' "$name.err" |
		awk '$2 == ">" || $2 == "<" { print $2, $3 }' | tr '\n' ' ' | sed 's/ $//' >"$name.seq"
}

# expect_seq NAME SEQUENCE: the messages, in order and direction.
expect_seq() {
	if [ "$(cat "$1.seq")" = "$2" ]; then
		ok "$1: $2"
	else
		fail "$1: got '$(cat "$1.seq")', want '$2'"
		sed 's/^/    /' "$1.err" | head -40 >&2
	fi
}

trace t13 "https://localhost:$P/"
expect_seq t13 "> ClientHello < ServerHello < ChangeCipherSpec < EncryptedExtensions < Certificate < CertificateVerify < Finished > Finished"
expect_grep t13.err 'Certificate +[0-9]+  the server.s chain, 2 certificates, leaf first, encrypted' "1.3: the certificate is said to be encrypted"
expect_grep t13.err 'CertificateVerify .*proves the server holds it' "1.3: what CertificateVerify proves"
expect_grep t13.err 'wolfSSL 5.5.4 does not report the TLS 1.3 messages it decrypts' "1.3: says which names are derived"
expect_grep t13.err 'ClientHello .*SNI localhost, ALPN http/1.1' "1.3: what the ClientHello carries"

trace t12 --tls-max 1.2 "https://localhost:$P/"
expect_seq t12 "> ClientHello < ServerHello < Certificate < ServerKeyExchange < ServerHelloDone > ClientKeyExchange > ChangeCipherSpec > Finished < ChangeCipherSpec < Finished"
expect_grep t12.err 'Certificate .*IN CLEAR' "1.2: the certificate is in clear"
expect_grep t12.err 'ServerHello .*picks TLS 1.2 and ECDHE-ECDSA-AES128-GCM-SHA256' "1.2: the ServerHello's choice is read off the wire"
expect_no_grep t12.err 'derived from this connection' "1.2: every name is read off the wire"

trace mtls_none "https://localhost:$M/"
expect_seq mtls_none "> ClientHello < ServerHello < ChangeCipherSpec < EncryptedExtensions < CertificateRequest < Certificate < CertificateVerify < Finished > Certificate > Finished"
expect_grep mtls_none.err '> Certificate .*empty: we have no client certificate' "mTLS: our empty Certificate"
openssl pkey -in "$D/certificates/client_private_key.pem" -passin "$TEST_PASS" -out client.key 2>/dev/null
trace mtls_cert --cert "$D/certificates/client_public_key.pem" --key client.key "https://localhost:$M/"
expect_seq mtls_cert "> ClientHello < ServerHello < ChangeCipherSpec < EncryptedExtensions < CertificateRequest < Certificate < CertificateVerify < Finished > Certificate > CertificateVerify > Finished"

trace resumed --reconnect 1 "https://localhost:$P/"
sed -n '/the handshake on the wire/,/server chose/p' resumed.err | awk '$2 == ">" || $2 == "<" { print $2, $3 }' |
	tail -n 6 | tr '\n' ' ' | sed 's/ $//' >resumed2.seq
[ "$(cat resumed2.seq)" = "> ClientHello < ServerHello < ChangeCipherSpec < EncryptedExtensions < Finished > Finished" ] &&
	ok "1.3 resumed: no certificate" || fail "1.3 resumed: '$(cat resumed2.seq)'"
expect_grep resumed.err 'derived from this connection \(resumed' "1.3 resumed: says so"
trace resumed12 --tls-max 1.2 --reconnect 1 "https://localhost:$P/"
sed -n '/the handshake on the wire/,/server chose/p' resumed12.err | awk '$2 == ">" || $2 == "<" { print $2, $3 }' |
	tail -n 6 | tr '\n' ' ' | sed 's/ $//' >resumed12b.seq
[ "$(cat resumed12b.seq)" = "> ClientHello < ServerHello < ChangeCipherSpec < Finished > ChangeCipherSpec > Finished" ] &&
	ok "1.2 resumed: abbreviated handshake" || fail "1.2 resumed: '$(cat resumed12b.seq)'"

trace hrr --curves X25519:P-384 "https://localhost:$H/"
expect_seq hrr "> ClientHello < HelloRetryRequest > ClientHello < ChangeCipherSpec < ServerHello < EncryptedExtensions < Certificate < CertificateVerify < Finished > Finished"

# Negative: a refused handshake shows the alert; without -v there is no trace.
run refused "$HTTPS_CLIENT" -v -o /dev/null --cacert "$CA" --curves X25519 "https://localhost:$H/"
[ "$RC" -eq 10 ] && ok "refused: exit 10" || fail "refused: exit $RC"
expect_grep refused.err '< Alert +2  a fatal alert in clear: handshake_failure' "refused: the server's alert is shown"
run quiet "$HTTPS_CLIENT" -o /dev/null --cacert "$CA" "https://localhost:$P/"
expect_no_grep quiet.err 'handshake on the wire' "without -v: no trace"

# The sizes are the wire's: compare with tshark when we may capture.
if command -v dumpcap >/dev/null && timeout 10 dumpcap -q -i lo -a duration:1 -w probe.pcapng >/dev/null 2>&1; then
	start_bg cap dumpcap -q -i lo -f "tcp port $P" -w wire.pcapng
	wait_for_log cap '^File:' 10 || fail "dumpcap did not start"
	sleep 0.3
	trace wire "https://localhost:$P/"
	sleep 0.3
	stop_pid "$BG_PID"
	want=$(tshark -d "tcp.port==$P,tls" -r wire.pcapng -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.length 2>/dev/null | head -n 1)
	got=$(awk '$2 == ">" && $3 == "ClientHello" { print $4; exit }' wire.err)
	[ -n "$want" ] && [ "$want" = "$got" ] && ok "ClientHello size $got as tshark sees it" ||
		fail "ClientHello size: -v says '$got', tshark '$want'"
	want=$(tshark -d "tcp.port==$P,tls" -r wire.pcapng -Y "tcp.srcport == $P && tls.record.opaque_type" -T fields -E occurrence=a -E aggregator=' ' \
		-e tls.record.opaque_type -e tls.record.length 2>/dev/null | head -n 1 | awk '{ print $NF }')
	got=$(awk '$2 == "<" && $3 == "Finished" { print $4; exit }' wire.err)
	[ -n "$want" ] && [ "$want" = "$got" ] && ok "server Finished record size $got as tshark sees it" ||
		fail "server Finished size: -v says '$got', tshark '$want'"
fi
finish
