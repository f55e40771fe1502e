#!/usr/bin/env bash
# Integrity, shown (docs/lab.md): scripts/mitm_lab.py tamper flips one bit of
# the client's request record between a client and a server on loopback, and
# the connection dies with the alert bad_record_mac (20), reported in words by
# both ends: https_client and demo_client.py name the alert the server sent;
# demo_server.py logs the record that failed its integrity check. The relay
# must hit the request record (not the handshake): the handshake and the three
# checks succeed first, in TLS 1.3 and in TLS 1.2, and the server never sees a
# request. Negative cases: without the relay the same fetch works; flipping the
# client's Finished instead (--record 1 in TLS 1.3) fails the server's handshake.
# https_server logs the failed record itself (its info callback, server/tls.c).
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

MITM=$DEMO_SOURCE_DIR/scripts/mitm_lab.py
PYS=$DEMO_SOURCE_DIR/examples/python/demo_server.py
PYC=$DEMO_SOURCE_DIR/examples/python/demo_client.py
K=$TEST_PKI_DIR
ROOT=$K/ca_certificates_for_client/ca_public_key.pem
CERT=$K/certificates/site_public_key.pem
KEY=$K/certificates/site_private_key.pem
HS=$(port 0) PY=$(port 1) T_HS=$(port 2) T_PY=$(port 3) T_FIN=$(port 4)

start_server hserver --port "$HS" --cert "$CERT" --key "$KEY" --pass "$TEST_PASS" \
	--docroot "$DEMO_SOURCE_DIR/server/www" || { fail "https_server did not start"; finish; }
start_bg pyserver "$PYS" --port "$PY" --cert "$CERT" --key "$KEY" --passfile "$K/pass.txt"
wait_for_log pyserver 'listening on' || { fail "demo_server.py did not start"; finish; }
start_bg tamper_hs "$MITM" tamper --listen "$T_HS" --to "$HS"
wait_for_log tamper_hs "listening on https://localhost:$T_HS/" || { fail "the relay did not start"; finish; }
start_bg tamper_py "$MITM" tamper --listen "$T_PY" --to "$PY"
wait_for_log tamper_py 'listening on' || { fail "the relay did not start"; finish; }

# Control: straight to the server, the fetch works.
expect_rc direct 0 "$HTTPS_CLIENT" --cacert "$ROOT" "https://localhost:$HS/"
expect_grep hserver.log '"GET / HTTP/1.1" 200' "direct: https_server logs the request"
: >hserver.log

# https_client -> relay -> https_server, TLS 1.3: the handshake and checks pass, the request dies.
expect_rc hc13 10 "$HTTPS_CLIENT" -v --cacert "$ROOT" "https://localhost:$T_HS/"
expect_grep hc13.err '^\* check trust +ok' "hc13: the handshake and the trust check passed first"
expect_grep hc13.err '^\* server chose TLSv1\.3' "hc13: TLS 1.3"
expect_grep hc13.err '^https_client: TLS failed while reading the response, after a good handshake: a record we sent failed the server.s integrity check \(it answered with the alert bad_record_mac, 20\): its AEAD tag did not match, so something on the path altered it' \
	"hc13: https_client reports the alert bad_record_mac (20) in words"
expect_grep hc13.err '^fix: fetch again; if it happens again, something between you and the server alters traffic' \
	"hc13: the fix fits a connection altered on the path (not 'see the handshake')"
sleep 0.5
expect_grep hserver.log '^https_server: 127\.0\.0\.1: a record from the client failed its integrity check \(its AEAD tag did not match\), so something on the path altered it; sent the alert bad_record_mac \(20\)' \
	"hc13: https_server logs the record that failed its integrity check"
expect_no_grep hc13.out 'marker' "hc13: no page"
expect_grep tamper_hs.log '^tamper: connection 1: client -> server record 2 \(ApplicationData, [0-9]+ bytes\): flipped' \
	"hc13: the relay flipped the client's 2nd encrypted record (after its Finished)"
# TLS 1.2: the client's Finished is a Handshake record, the request is its 1st ApplicationData.
expect_rc hc12 10 "$HTTPS_CLIENT" -v --tlsv1.2 --tls-max 1.2 --cacert "$ROOT" "https://localhost:$T_HS/"
expect_grep hc12.err '^\* server chose TLSv1\.2' "hc12: TLS 1.2"
expect_grep hc12.err 'the alert bad_record_mac, 20' "hc12: https_client reports bad_record_mac (20)"
expect_grep tamper_hs.log '^tamper: connection 2: client -> server record 1 \(ApplicationData' \
	"hc12: the relay flipped the client's 1st ApplicationData record"
# demo_client.py -> relay -> https_server.
expect_rc pc_hs 2 "$PYC" --cacert "$ROOT" localhost "$T_HS"
expect_grep pc_hs.err 'check name +ok' "pc_hs: demo_client.py's checks passed first"
expect_grep pc_hs.err 'TLS failed after the handshake: the server sent the alert bad_record_mac \(20\): a record we sent failed its integrity check' \
	"pc_hs: demo_client.py reports bad_record_mac (20) in words"
sleep 0.5
expect_no_grep hserver.log 'GET' "https_server never saw a request through the relay"

# https_client -> relay -> demo_server.py: the server's side, in its log.
expect_rc hc_py 10 "$HTTPS_CLIENT" --cacert "$ROOT" "https://localhost:$T_PY/"
expect_grep hc_py.err 'the alert bad_record_mac, 20' "hc_py: https_client reports bad_record_mac (20)"
sleep 0.5
expect_grep pyserver.log '^demo_server: 127\.0\.0\.1:[0-9]+: TLS failed after the handshake: a record from the client failed its integrity check \(bad_record_mac: its AEAD tag does not match, it was changed on the way\)' \
	"demo_server.py logs the record that failed its integrity check"
expect_no_grep pyserver.log 'GET /' "demo_server.py never saw a request"

# Negative: flipping the client's Finished (record 1 in TLS 1.3) breaks the handshake instead.
start_bg tamper_fin "$MITM" tamper --listen "$T_FIN" --to "$PY" --record 1
wait_for_log tamper_fin 'listening on' || fail "the relay (--record 1) did not start"
expect_rc fin 2 "$PYC" --cacert "$ROOT" localhost "$T_FIN"
# In TLS 1.3 the client is done with the handshake once it has sent its Finished: it learns of
# the failure from the server's alert; the server's log shows where it happened.
expect_grep fin.err 'the server sent the alert bad_record_mac \(20\)' "fin: demo_client.py reports the alert"
sleep 0.5
expect_grep pyserver.log 'TLS handshake failed: a record from the client failed its integrity check' \
	"fin: demo_server.py fails the handshake on the client's altered Finished"
expect_rc tamper_usage 2 "$MITM" tamper --listen "$T_FIN"
finish
