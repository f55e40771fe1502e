#!/usr/bin/env bash
# Certificates made by other tools, judged by five verifiers. Each case is a
# chain and key made here, at test time, in the shapes real private PKIs have:
# by the openssl CLI (`req -x509` roots with its defaults, leaves from `openssl
# ca` and `openssl x509 -req` with a friendly CN plus SAN, no EKU, no AKI, two
# intermediates, the plain `req -x509 ... -subj /CN=localhost` self-signed
# certificate as its own anchor, a leaf whose CN holds the address its SAN does
# not) and by Python's `cryptography`
# (make_interop_chains.py: the same shapes, plus no SAN at all, an expired leaf,
# a leaf for another host, an unknown root). RSA 2048 and ECDSA P-256;
# localhost, 127.0.0.1 and ::1.
#
# Every case is served by `openssl s_server` (all at once, one port each) and
# fetched by https_client (--cacert ROOT), checked by `https_pki verify`
# (LEAF+CHAIN --ca ROOT --host HOST), fetched by curl (--cacert), by Python's ssl
# (create_default_context(cafile=ROOT), a GET) and by headless Chromium (every
# anchor in one throwaway NSS database; one fresh Chromium per case).
#
# Chromium is the referee. Its verdict must be the one its known rules give
# (the CHROMIUM column below: a Chromium that refused everything fails), and
# every other verifier must reach Chromium's verdict. The one exception is a
# third-party tool listed in the LENIENT column, with the reason: there it must
# accept while Chromium refuses (so the list stays true). Our two verifiers
# have no exceptions, and where they refuse, their exit code must be the one
# for Chromium's error (17 for a name, 15/16 for dates, 12-14 for trust). The table of all verdicts is always printed; each
# disagreement is a failure and a row of its own.
# ctest-labels: slow browser
# ctest-timeout: 180
# ctest-fixture: none
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools
# Debian's Python (and its python3-cryptography), whatever python3 PATH finds first.
PY=/usr/bin/python3
for tool in openssl curl "$PY"; do
	command -v "$tool" >/dev/null || fail "$tool is not installed"
done
if ! "$PY" -c 'import cryptography' 2>/dev/null; then
	fail "Python's cryptography is not installed"
	log "fix: sudo apt-get install python3-cryptography (or scripts/install_deps.sh --test)"
fi
[ "$TEST_FAILED" -eq 0 ] || finish

C=$TEST_WORK_DIR/cases
mkdir -p "$C"

# The cases, tab-separated: NAME, HOST in the URL, CHROMIUM (its verdict by its
# known rules: OK = the page loads, else its net::ERR_...), LENIENT (the
# third-party tools knowingly more lenient than Chromium, then ": " and why;
# or -).
CN_FALLBACK="curl,python: both fall back to the subject CN when there is no SAN (RFC 6125 allows it; Chromium 58 dropped it)"
CASES=$(
	cat <<EOF
ossl_req_x509_self	localhost	OK	-
ossl_ca_rsa_cn_leaf	localhost	OK	-
ossl_ca_rsa_ipv6	::1	OK	-
ossl_x509req_ec_noeku	localhost	OK	-
ossl_x509req_ec_ipv4_noaki	127.0.0.1	OK	-
ossl_2int_rsa	localhost	OK	-
ossl_ip_mismatch	127.0.0.1	net::ERR_CERT_COMMON_NAME_INVALID	-
py_rsa_1int_noeku_noaki	localhost	OK	-
py_ec_ipv4	127.0.0.1	OK	-
py_ec_ipv6_noaki	::1	OK	-
py_ec_2int	localhost	OK	-
py_minimal_exts	localhost	OK	-
py_no_san_cn_only	localhost	net::ERR_CERT_COMMON_NAME_INVALID	$CN_FALLBACK
py_expired	localhost	net::ERR_CERT_DATE_INVALID	-
py_wrong_host	localhost	net::ERR_CERT_COMMON_NAME_INVALID	-
py_unknown_root	localhost	net::ERR_CERT_AUTHORITY_INVALID	-
EOF
)

# --- The openssl CLI cases --------------------------------------------------
# ossl ARGS...: one openssl command, its output appended to openssl.log.
ossl() {
	if ! openssl "$@" >>openssl.log 2>&1; then
		fail "openssl $* failed; the end of openssl.log:"
		tail -n 5 openssl.log | sed 's/^/    /' >&2
		finish
	fi
}
# newkey ALG: the -newkey arguments of req for rsa or ec (P-256).
newkey() {
	case $1 in
	rsa) echo -newkey rsa:2048 ;;
	ec) echo -newkey ec -pkeyopt ec_paramgen_curve:P-256 ;;
	esac
}
# ossl_root DIR ALG CN: a root by `openssl req -x509` with its defaults
# (openssl.cnf's v3_ca: SKI, AKI, critical CA:TRUE, no key usage).
ossl_root() {
	mkdir -p "$1"
	# shellcheck disable=SC2046 # newkey's words are separate arguments
	ossl req -x509 $(newkey "$2") -nodes -keyout "$1/root.key" -out "$1/root.pem" \
		-subj "/O=Interop Test/CN=$3" -days 3650
}
# ossl_csr OUT ALG SUBJ: a key (OUT.key) and its request (OUT.csr).
ossl_csr() {
	# shellcheck disable=SC2046
	ossl req -new $(newkey "$2") -nodes -keyout "$1.key" -out "$1.csr" -subj "$3"
}
# ossl_sign OUT CA_PREFIX EXTFILE: `openssl x509 -req` signs OUT.csr with
# CA_PREFIX.pem/.key; OUT.pem gets EXTFILE's extensions (and, by openssl 3's
# default, SKI and AKI unless the file says none).
ossl_sign() {
	ossl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -days 90 -extfile "$3" \
		-out "$1.pem"
}
# ossl_case DIR LEAF_PREFIX ROOT [INTERMEDIATES...]: the case's files.
ossl_case() {
	local d=$1 leaf=$2 root=$3
	shift 3
	mkdir -p "$d"
	cp "$leaf.pem" "$d/leaf.pem"
	cp "$leaf.key" "$d/key.pem"
	cp "$root" "$d/root.pem"
	cat /dev/null "$@" >"$d/chain.pem"
	cat "$d/leaf.pem" "$d/chain.pem" >"$d/full.pem"
}

O=$TEST_WORK_DIR/ossl
mkdir -p "$O"

# The plain self-signed server certificate, its own anchor.
mkdir -p "$O/self"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$O/self/leaf.key" -out "$O/self/leaf.pem" \
	-subj /CN=localhost -addext subjectAltName=DNS:localhost -days 30
ossl_case "$C/ossl_req_x509_self" "$O/self/leaf" "$O/self/leaf.pem"

# An RSA root (req -x509 defaults) and `openssl ca`: subject /CN=leaf or /CN=v6,
# the host in the SAN, serverAuth, digitalSignature.
R=$O/rsa
ossl_root "$R" rsa "Ossl RSA Root"
mkdir -p "$R/newcerts"
: >"$R/index.txt"
cat >"$R/ca.cnf" <<EOF
[ca]
default_ca = demo_ca
[demo_ca]
database = $R/index.txt
new_certs_dir = $R/newcerts
serial = $R/serial
certificate = $R/root.pem
private_key = $R/root.key
default_md = sha256
default_days = 90
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[leaf_ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::LEAF_SAN
EOF
ossl_csr "$R/cn_leaf" rsa /CN=leaf
LEAF_SAN=DNS:localhost ossl ca -batch -config "$R/ca.cnf" -extensions leaf_ext -rand_serial \
	-notext -in "$R/cn_leaf.csr" -out "$R/cn_leaf.pem"
ossl_case "$C/ossl_ca_rsa_cn_leaf" "$R/cn_leaf" "$R/root.pem"
ossl_csr "$R/v6" rsa /CN=v6
LEAF_SAN=IP:::1 ossl ca -batch -config "$R/ca.cnf" -extensions leaf_ext -rand_serial \
	-notext -in "$R/v6.csr" -out "$R/v6.pem"
ossl_case "$C/ossl_ca_rsa_ipv6" "$R/v6" "$R/root.pem"

# An ECDSA root and `openssl x509 -req` leaves: SAN only (no EKU, no KU); an
# IPv4 leaf without AKI; a leaf whose CN holds the address the SAN does not.
E=$O/ec
ossl_root "$E" ec "Ossl ECDSA Root"
printf 'subjectAltName = DNS:localhost\n' >"$E/noeku.ext"
ossl_csr "$E/noeku" ec "/O=Interop Test/CN=Web Server"
ossl_sign "$E/noeku" "$E/root" "$E/noeku.ext"
ossl_case "$C/ossl_x509req_ec_noeku" "$E/noeku" "$E/root.pem"
printf 'subjectAltName = IP:127.0.0.1\nauthorityKeyIdentifier = none\n' >"$E/v4.ext"
ossl_csr "$E/v4" ec "/CN=NAS"
ossl_sign "$E/v4" "$E/root" "$E/v4.ext"
ossl_case "$C/ossl_x509req_ec_ipv4_noaki" "$E/v4" "$E/root.pem"
printf 'subjectAltName = IP:127.0.0.2\n' >"$E/ipmis.ext"
ossl_csr "$E/ipmis" ec "/CN=127.0.0.1"
ossl_sign "$E/ipmis" "$E/root" "$E/ipmis.ext"
ossl_case "$C/ossl_ip_mismatch" "$E/ipmis" "$E/root.pem"

# Two intermediates under an RSA root, the extensions of the common
# "intermediate CA" recipes (the lower one with pathlen:0).
T=$O/two
ossl_root "$T" rsa "Ossl Two-Level Root"
printf '%s\n' 'basicConstraints = critical, CA:true' \
	'keyUsage = critical, digitalSignature, cRLSign, keyCertSign' >"$T/int1.ext"
printf '%s\n' 'basicConstraints = critical, CA:true, pathlen:0' \
	'keyUsage = critical, digitalSignature, cRLSign, keyCertSign' >"$T/int2.ext"
printf '%s\n' 'basicConstraints = CA:FALSE' 'keyUsage = critical, digitalSignature, keyEncipherment' \
	'extendedKeyUsage = serverAuth' 'subjectAltName = DNS:localhost' >"$T/leaf.ext"
ossl_csr "$T/int1" rsa "/O=Interop Test/CN=Ossl Intermediate 1"
ossl_sign "$T/int1" "$T/root" "$T/int1.ext"
ossl_csr "$T/int2" rsa "/O=Interop Test/CN=Ossl Intermediate 2"
ossl_sign "$T/int2" "$T/int1" "$T/int2.ext"
ossl_csr "$T/leaf" rsa "/O=Interop Test/CN=Build server"
ossl_sign "$T/leaf" "$T/int2" "$T/leaf.ext"
ossl_case "$C/ossl_2int_rsa" "$T/leaf" "$T/root.pem" "$T/int2.pem" "$T/int1.pem"

# --- The Python cryptography cases --------------------------------------------
if timeout 120 "$PY" "$DEMO_SOURCE_DIR/tests/browser/make_interop_chains.py" "$C" \
	>make_chains.out 2>&1; then
	ok "make_interop_chains.py made its cases"
else
	fail "make_interop_chains.py failed; its output:"
	sed 's/^/    /' make_chains.out >&2
	finish
fi

# Every case of the list has its files.
n=0
while IFS=$'\t' read -r name _; do
	for f in root.pem leaf.pem chain.pem full.pem key.pem; do
		[ -f "$C/$name/$f" ] || fail "$name: $f was not made"
	done
	n=$((n + 1))
done <<<"$CASES"
[ "$n" -le 20 ] || fail "$n cases; only 20 ports"
if [ "$TEST_FAILED" -ne 0 ]; then
	finish
fi
ok "$n cases made"

# --- Serve them all -----------------------------------------------------------
# url HOST PORT: the https URL (an IPv6 address in brackets).
url() {
	case $1 in
	*:*) echo "https://[$1]:$2/" ;;
	*) echo "https://$1:$2/" ;;
	esac
}
i=0
while IFS=$'\t' read -r name host _; do
	d=$C/$name
	addr=127.0.0.1
	case $host in *:*) addr="[::1]" ;; esac
	chain=()
	[ -s "$d/chain.pem" ] && chain=(-cert_chain "$d/chain.pem")
	start_bg "serve_$name" openssl s_server -accept "$addr:$(port "$i")" -www \
		-cert "$d/leaf.pem" -key "$d/key.pem" "${chain[@]}"
	wait_for_log "serve_$name" '^ACCEPT' || fail "$name: openssl s_server did not start"
	i=$((i + 1))
done <<<"$CASES"
if [ "$TEST_FAILED" -ne 0 ]; then
	finish
fi
ok "openssl s_server serves all $n cases"

# --- Chromium's trust: every distinct anchor, imported with certutil itself --
# (not https_pki trust: which anchors our tool accepts is not what is measured).
home=$(new_home interop)
mkdir -p "$home/.pki/nssdb"
certutil -N -d "sql:$home/.pki/nssdb" --empty-password >certutil.log 2>&1
n_roots=0
while read -r _ f; do
	n_roots=$((n_roots + 1))
	certutil -A -d "sql:$home/.pki/nssdb" -t 'C,,' -n "interop-root-$n_roots" -i "$f" \
		>>certutil.log 2>&1 || fail "certutil could not import $f"
done < <(sha256sum "$C"/*/root.pem | sort -u -k1,1)
ok "$n_roots distinct anchors trusted in $home/.pki/nssdb"
BROWSER_RULES="$BROWSER_RULES, EXCLUDE ::1"

# --- The verifiers --------------------------------------------------------------
# python_get.py CAFILE HOST PORT: Python's ssl with its default context and a GET.
cat >python_get.py <<'EOF'
import http.client, ssl, sys
cafile, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=cafile)
conn = http.client.HTTPSConnection(host, port, context=ctx, timeout=20)
try:
    conn.request("GET", "/")
    print(conn.getresponse().status)
except OSError as e:  # ssl.SSLError and SSLCertVerificationError are OSErrors
    sys.exit(f"python ssl: {e}")
EOF
verdict() { [ "$1" -eq 0 ] && echo accept || echo reject; }
# reason_codes NET_ERR: our exit codes (common/exits.c) for Chromium's error.
reason_codes() {
	case $1 in
	net::ERR_CERT_AUTHORITY_INVALID) echo "exit 12, 13 or 14" ;;
	net::ERR_CERT_DATE_INVALID) echo "exit 15 or 16" ;;
	net::ERR_CERT_COMMON_NAME_INVALID) echo "exit 17" ;;
	*) echo "no exit code known" ;;
	esac
}
# reason_matches NET_ERR RC: whether our exit RC is for Chromium's error.
reason_matches() {
	case $1:$2 in
	net::ERR_CERT_AUTHORITY_INVALID:1[234] | net::ERR_CERT_DATE_INVALID:1[56]) return 0 ;;
	net::ERR_CERT_COMMON_NAME_INVALID:17) return 0 ;;
	esac
	return 1
}
# first_line FILE: the first line of FILE, for the evidence.
first_line() { head -n 1 "$1" | cut -c 1-240; }

table=matrix.tsv
printf 'case\thost\tchromium\thttps_client\tpki_verify\tcurl\tpython\n' >"$table"
disagree=disagreements.tsv
: >"$disagree"
evidence=evidence.txt
: >"$evidence"
i=0
while IFS=$'\t' read -r name host want lenient; do
	d=$C/$name
	p=$(port "$i")
	u=$(url "$host" "$p")
	i=$((i + 1))

	# Chromium: the referee.
	browser "chromium_$name" "$home" "$u" --dump-dom
	got=${NET_ERR:-OK}
	if [ "$got" = OK ] && ! grep -q 'Ciphers supported' "chromium_$name.dom"; then
		got="OK-but-no-page"
	fi
	if [ "$got" = "$want" ]; then
		ok "$name: Chromium says $got, as its rules say"
	else
		fail "$name: Chromium says $got; its known rules say $want"
		grep -v -e dbus -e 'unexpected operator' "chromium_$name.err" | tail -n 3 |
			sed 's/^/    /' >&2
	fi
	b=reject
	[ "$got" = OK ] && b=accept

	# Ours, and the other tools.
	run "client_$name" "$HTTPS_CLIENT" --cacert "$d/root.pem" --connect-timeout 10 -m 20 "$u"
	c_rc=$RC
	run "verify_$name" "$HTTPS_PKI" verify "$d/full.pem" --ca "$d/root.pem" --host "$host"
	v_rc=$RC
	run "curl_$name" curl -sS -g --cacert "$d/root.pem" --connect-timeout 10 -m 20 -o /dev/null "$u"
	u_rc=$RC
	run "python_$name" "$PY" python_get.py "$d/root.pem" "$host" "$p"
	y_rc=$RC

	row="$name	$host	$b"
	bad=""
	for t in https_client:$c_rc pki_verify:$v_rc curl:$u_rc python:$y_rc; do
		tool=${t%%:*}
		rc=${t#*:}
		v=$(verdict "$rc")
		cell=$v
		[ "$rc" -ne 0 ] && cell="$v($rc)"
		listed=no
		case ",${lenient%%:*}," in *",$tool,"*) listed=yes ;; esac
		if [ "$v" = "$b" ] && [ "$listed" = yes ]; then
			fail "$name: $tool agrees with Chromium ($v) but is listed as lenient; drop it"
			bad="$bad $tool"
		elif [ "$v" = "$b" ]; then
			ok "$name: $tool says $v, as Chromium"
		elif [ "$listed" = yes ] && [ "$v" = accept ]; then
			ok "$name: $tool accepts, knowingly more lenient than Chromium"
			cell="$cell*"
		else
			fail "$name: $tool says $v, Chromium $b"
			bad="$bad $tool"
		fi
		# Ours also refuse for Chromium's reason: the exit code of its error.
		case $tool in https_client | pki_verify)
			if [ "$v" = reject ] && [ "$b" = reject ] && ! reason_matches "$got" "$rc"; then
				fail "$name: $tool refuses with exit $rc, not for Chromium's $got ($(reason_codes "$got"))"
				bad="$bad $tool(reason)"
				cell="$cell!"
			fi
			;;
		esac
		row="$row	$cell"
	done
	printf '%s\n' "$row" >>"$table"
	if [ -n "$bad" ]; then
		printf '%s\n' "$row" >>"$disagree"
		{
			echo "$name ($host; Chromium: $got) disagree:$bad"
			[ "$c_rc" -ne 0 ] && echo "  https_client exit $c_rc: $(first_line "client_$name.err")"
			[ "$v_rc" -ne 0 ] && echo "  https_pki verify exit $v_rc, every rule that failed:" &&
				grep -E '^ *rule [^ ]+ failed' "verify_$name.out" | sed 's/^ */    /' | cut -c 1-240
			[ "$u_rc" -ne 0 ] && echo "  curl exit $u_rc: $(first_line "curl_$name.err")"
			[ "$y_rc" -ne 0 ] && echo "  python: $(tail -n 1 "python_$name.err" | cut -c 1-240)"
		} >>"$evidence"
	fi
done <<<"$CASES"
stop_all

{
	echo
	echo "Verdicts (exit code in brackets; * = knowingly more lenient than Chromium;"
	echo "! = ours refuse, but for another reason than Chromium's error):"
	column -t -s $'\t' "$table"
	while IFS=$'\t' read -r name _ _ lenient; do
		[ "$lenient" = - ] || echo "* $name: $lenient"
	done <<<"$CASES"
	if [ -s "$disagree" ]; then
		echo
		echo "Disagreements with Chromium ($(wc -l <"$disagree") cases):"
		(head -n 1 "$table" && cat "$disagree") | column -t -s $'\t'
		echo
		cat "$evidence"
	fi
} >&2
finish
