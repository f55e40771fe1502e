#!/usr/bin/env bash
# A chain made the usual way with the openssl command line, served by openssl
# s_server: a root with serial number 0 (as Starfield Root Certificate
# Authority - G2 in Debian's bundle), a leaf with subject CN=leaf and
# subjectAltName DNS:localhost (the CN is not among the SANs), and an IPv6
# leaf CN=v6 with IP:::1. Browsers, curl and Python accept both: so must
# https_client and https_pki verify, with the rules stricter than browsers
# shown as warnings (-v, --report, -w, verify's listing), and --strict making
# them fail with their code (25). Real failures stay failures.
# ctest-labels: client pki
# ctest-timeout: 120
# ctest-fixture: none
source "$TEST_LIB"

# The root: serial 0, openssl's v3_ca extensions.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key \
	-out root.pem -subj /CN=root -days 30 -set_serial 0 2>openssl.err || fail "root"
openssl x509 -in root.pem -noout -serial | grep -qx 'serial=00' && ok "the root's serial is 0" ||
	fail "the root's serial is not 0"
# leaf NAME CN SAN: a leaf signed by the root, as openssl x509 -req writes it.
leaf() {
	printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=digitalSignature" \
		"extendedKeyUsage=serverAuth" "subjectAltName=$3" "subjectKeyIdentifier=hash" \
		"authorityKeyIdentifier=keyid,issuer" >"$1.ext"
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" \
		-out "$1.csr" -subj "/CN=$2" 2>>openssl.err &&
		openssl x509 -req -in "$1.csr" -CA root.pem -CAkey root.key -CAcreateserial \
			-days 10 -extfile "$1.ext" -out "$1.pem" 2>>openssl.err || fail "leaf $1"
}
leaf leaf leaf DNS:localhost
leaf v6 v6 IP:::1
openssl verify -CAfile root.pem -verify_hostname localhost leaf.pem >/dev/null 2>&1 &&
	ok "openssl verify accepts the leaf for localhost" || fail "openssl verify refuses the leaf"

P=$(port 0)
P6=$(port 1)
start_bg s4 openssl s_server -accept "127.0.0.1:$P" -www -cert leaf.pem -key leaf.key
wait_for_log s4 '^ACCEPT' || fail "s_server on 127.0.0.1 did not start"
start_bg s6 openssl s_server -accept "[::1]:$P6" -www -cert v6.pem -key v6.key
wait_for_log s6 '^ACCEPT' || fail "s_server on [::1] did not start"

# https_pki verify: accepted, the warning listed with its reference and fix.
expect_rc verify 0 "$HTTPS_PKI" verify leaf.pem --ca root.pem --host localhost
expect_grep verify.out "warning: the subject common name 'leaf' is not one of the certificate's subjectAltNames \[rule name.cn-in-san; BR 7.1.4.3; certificate at depth 0" \
	"verify lists the warning with its rule and reference"
expect_grep verify.out '^    fix: make the common name one of the subjectAltNames' "verify gives the warning's fix"
expect_grep verify.out '^  policy +warning ' "verify's policy line says warning, not ok"
expect_grep verify.out '^  trusted issuer +ok ' "verify: the serial-0 anchor is trusted"
expect_no_grep verify.out 'format.serial' "no finding against the serial-0 anchor"
expect_rc verify_strict 25 "$HTTPS_PKI" verify leaf.pem --ca root.pem --host localhost --strict
expect_grep verify_strict.err "policy check failed: the subject common name 'leaf' .*\[rule name.cn-in-san" \
	"verify --strict fails on the CN rule"
# A check not made says so, never ok.
expect_rc verify_nohost 0 "$HTTPS_PKI" verify leaf.pem --ca root.pem
expect_grep verify_nohost.out '^  name +not checked \(no --host\)' "without --host: name not checked"
expect_no_grep verify_nohost.out '^  name +ok' "without --host the name check is not called ok"
expect_rc verify_v6 0 "$HTTPS_PKI" verify v6.pem --ca root.pem --host ::1
# Negative: real failures still fail, strict or not.
expect_rc verify_wrong 17 "$HTTPS_PKI" verify leaf.pem --ca root.pem --host other.localhost
expect_rc verify_untrusted 12 "$HTTPS_PKI" verify leaf.pem --ca v6.pem --host localhost

# https_client: the same verdicts in real handshakes.
expect_rc client 0 "$HTTPS_CLIENT" --cacert root.pem "https://localhost:$P/"
expect_rc client_v6 0 "$HTTPS_CLIENT" --cacert root.pem "https://[::1]:$P6/"
expect_rc client_v "0" "$HTTPS_CLIENT" -v -o /dev/null --cacert root.pem "https://localhost:$P/"
expect_grep client_v.err "^\* warning: the subject common name 'leaf' is not one of the certificate's subjectAltNames \[rule name.cn-in-san; BR 7.1.4.3; certificate at depth 0" \
	"-v shows the warning with its rule and reference"
expect_grep client_v.err '^\* fix: make the common name one of the subjectAltNames' "-v shows its fix"
expect_rc client_w 0 "$HTTPS_CLIENT" -sS -o /dev/null -w '%{num_warnings} %{warnings}\n' \
	--cacert root.pem "https://localhost:$P/"
expect_grep client_w.out '^1 name.cn-in-san$' "-w %{num_warnings} %{warnings}"
expect_rc client_json 0 "$HTTPS_CLIENT" -sS -o /dev/null --report report.json --cacert root.pem \
	"https://localhost:$P/"
python3 -c '
import json, sys
w = json.load(open("report.json"))["warnings"]
assert len(w) == 1 and w[0]["rule"] == "name.cn-in-san" and w[0]["reference"] == "BR 7.1.4.3", w
assert w[0]["depth"] == 0 and w[0]["fix"] and "leaf" in w[0]["detail"], w
' && ok "--report has the warnings array" || fail "--report warnings: $(cat report.json)"
expect_rc client_strict 25 "$HTTPS_CLIENT" --strict --cacert root.pem "https://localhost:$P/"
expect_grep client_strict.err "the subject common name 'leaf' is not one of the certificate's subjectAltNames \[rule name.cn-in-san" \
	"--strict fails on the CN rule"
expect_rc client_strict_v6 25 "$HTTPS_CLIENT" --strict --cacert root.pem "https://[::1]:$P6/"
expect_rc client_wrong 17 "$HTTPS_CLIENT" --cacert root.pem \
	--resolve "other.localhost:$P:127.0.0.1" "https://other.localhost:$P/"
expect_rc client_w6 0 "$HTTPS_CLIENT" -sS -o /dev/null -w '%{num_warnings}[%{warnings}]\n' \
	--cacert root.pem "https://[::1]:$P6/"
expect_grep client_w6.out '^1\[name.cn-in-san\]$' "the v6 leaf (CN=v6) has the same warning"
# A leaf whose CN is among its SANs has no warning at all.
leaf good localhost DNS:localhost
expect_rc verify_good 0 "$HTTPS_PKI" verify good.pem --ca root.pem --host localhost
expect_no_grep verify_good.out 'warning' "a conforming leaf has no warning"
expect_grep verify_good.out '^  policy +ok +format, keys and signatures conform' "its policy line is ok"
expect_rc verify_good_strict 0 "$HTTPS_PKI" verify good.pem --ca root.pem --host localhost --strict
finish
