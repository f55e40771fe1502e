#!/usr/bin/env bash
# Watch HTTPS on the wire: captures fetches on loopback with tshark's dumpcap and
# explains, step by step, what an eavesdropper sees, what a key log reveals, and
# what forward secrecy buys. docs/wire.md walks through its output.
#
#   scripts/trace_https.sh [--port N] [--part a|b|c|all] [--keep DIR]
#
#   --port N     our server listens on N, the contrast server (openssl s_server) on N+1
#                (default 8443)
#   --part P     only part a (what anyone on the path sees), b (decrypted with the key
#                log) or c (forward secrecy); default all
#   --keep DIR   keep the captures (.pcapng) in DIR, to open in Wireshark
#
# Everything it makes (a throwaway demo chain, the key log, an unencrypted copy of a
# demo-only RSA key) lives in a private temporary folder that is wiped at exit.
# Capturing needs root or dumpcap's capabilities; without them it says how to get them.
#
# Exit status: 0 done, 1 a step failed, 2 usage, 3 no right to capture.
set -eu
set -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

PORT=8443
PART=all
KEEP=""
BUILD=${DEMO_BUILD_DIR:-$top/build}
# The page fetched, and the line on it that proves whether the content was seen.
PAGE_FILE=$top/server/www/index.html
MARKER_ID='id="marker"'

say() { printf '%s\n' "$*"; }
die() {
	printf 'trace_https: %s\n' "$1" >&2
	[ -n "${2:-}" ] && printf 'fix: %s\n' "$2" >&2
	exit "${3:-1}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--port) PORT=${2:?--port needs a number}; shift 2 ;;
	--part) PART=${2:?--part needs a, b, c or all}; shift 2 ;;
	--keep) KEEP=${2:?--keep needs a folder}; shift 2 ;;
	-h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1'" "try scripts/trace_https.sh --help" 2 ;;
	esac
done
case "$PORT" in '' | *[!0-9]*) die "--port: '$PORT' is not a number" "give a port from 1024 to 65534" 2 ;; esac
[ "$PORT" -ge 1024 ] && [ "$PORT" -le 65534 ] || die "--port: $PORT is out of range" "give a port from 1024 to 65534" 2
case "$PART" in a | b | c | all) ;; *) die "--part: '$PART' is not a, b, c or all" "try scripts/trace_https.sh --help" 2 ;; esac
PORT2=$((PORT + 1))

# --- tools and the right to capture -------------------------------------------

if ! command -v tshark >/dev/null || ! command -v dumpcap >/dev/null; then
	say "trace_https: tshark is missing; installing it (Debian package tshark) ..."
	"$top/scripts/install_deps.sh" --wire || die "could not install tshark" "apt-get install tshark (prefix with sudo when not root)"
fi

T=$(mktemp -d /tmp/trace_https.XXXXXX) # mode 0700: ours alone
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
	done
	# Sanitizer builds: what our programs reported must not vanish with the folder.
	grep -h -A20 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' \
		"$T"/*.out "$T"/*.err 2>/dev/null | head -n 80 >&2 || true
	# The key log and the unencrypted key copy are the dangerous files: overwrite, then delete.
	find "$T" -type f \( -name '*.log' -o -name '*key*' -o -name 'pass' \) -exec shred -u {} + 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A one-second trial capture is the only reliable test (root, setcap, group membership).
if ! timeout 10 dumpcap -q -i lo -a duration:1 -w "$T/probe.pcapng" >"$T/probe.out" 2>&1; then
	{
		say "trace_https: no right to capture on the loopback interface (lo):"
		sed -n '1,3p' "$T/probe.out" | sed 's/^/    /'
		if [ "$(id -u)" = 0 ]; then
			say "fix: this root shell lacks the capability to capture (CAP_NET_RAW): run it where"
			say "     root has it (outside a container, or one started with --cap-add NET_RAW)"
		else
			say "fix: run it as root (sudo $0), or let your user capture with dumpcap:"
			say "     sudo dpkg-reconfigure wireshark-common   (answer Yes: non-superusers may capture)"
			say "     sudo usermod -aG wireshark \"\$USER\"       (then log in again)"
		fi
	} >&2
	exit 3
fi
rm -f "$T/probe.pcapng"

# tshark warns on every run as root; nothing in that line is about the capture.
# The ports are decoded as TLS whatever tshark's port heuristics guess (an ephemeral
# client port can collide with another protocol's well-known port).
tsh() { tshark -d "tcp.port==$PORT,tls" -d "tcp.port==$PORT2,tls" "$@" 2>/dev/null; }

# As start_https_server.sh: build what changed (the tests give their own build tree).
if [ -z "${DEMO_BUILD_DIR:-}" ]; then
	say "trace_https: building (only what changed) ..."
	"$top/scripts/install_deps.sh" >/dev/null
	"$top/scripts/build.sh" "$BUILD" || die "the build failed" "run scripts/build.sh build and read its errors"
fi
SERVER=$BUILD/server/https_server
CLIENT=$BUILD/client/https_client
PKI=$BUILD/pki/https_pki

# --- a throwaway chain, minted by our https_pki --------------------------------

umask 077
od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$T/pass"
"$PKI" init --dir "$T/pki" --pass "file:$T/pass" >"$T/pki.out" 2>&1 ||
	die "https_pki init failed: $(tail -n 2 "$T/pki.out")"
CA=$T/pki/ca_certificates_for_client/ca_public_key.pem
EC_CERT=$T/pki/certificates/site_public_key.pem
EC_KEY=$T/pki/certificates/site_private_key.pem
MARKER_TEXT=$(grep -o "$MARKER_ID>[^<]*" "$PAGE_FILE" | head -n 1 | sed 's/.*>//')
[ -n "$MARKER_TEXT" ] || die "$PAGE_FILE has no $MARKER_ID line"

# start_server NAME ARGS...: our server, until it listens.
start_server() {
	local name=$1
	shift
	"$SERVER" --access-log off "$@" >"$T/$name.out" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 100); do
		grep -q 'listening on https://' "$T/$name.out" && return 0
		kill -0 "${PIDS[-1]}" 2>/dev/null || break
		sleep 0.1
	done
	die "https_server did not start: $(tail -n 3 "$T/$name.out")"
}

stop_last() {
	local pid=${PIDS[-1]}
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset 'PIDS[-1]'
}

# capture NAME PORT CMD...: records on lo, port PORT, while CMD runs. A recording
# that missed the ClientHello (dumpcap attached late on a busy machine) is made again.
capture() {
	local name=$1 port=$2 try
	shift 2
	for try in 1 2 3; do
		capture_once "$name" "$port" "$@"
		[ "$(tsh -r "$T/$name.pcapng" -Y 'tls.handshake.type == 1' | wc -l)" -gt 0 ] && break
		say "trace_https: the recording $name missed the start of the connection; again ($try)" >&2
	done
	[ -n "$KEEP" ] && mkdir -p "$KEEP" && cp "$T/$name.pcapng" "$KEEP/"
	return 0
}

capture_once() {
	local name=$1 port=$2
	shift 2
	dumpcap -q -i lo -f "tcp port $port" -w "$T/$name.pcapng" >"$T/$name.dumpcap" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 100); do
		grep -q '^File:' "$T/$name.dumpcap" 2>/dev/null && break
		sleep 0.05
	done
	sleep 0.3 # the capture filter is compiled and attached after "File:"
	"$@" >"$T/$name.fetch" 2>"$T/$name.fetch.err" || die "the fetch failed: $(tail -n 2 "$T/$name.fetch.err")"
	sleep 0.3
	kill -INT "${PIDS[-1]}" 2>/dev/null || true
	wait "${PIDS[-1]}" 2>/dev/null || true
	unset 'PIDS[-1]'
}

fetch() { # fetch PORT ARGS...: our client, the page the marker is on
	local port=$1
	shift
	"$CLIENT" -s --cacert "$CA" "$@" "https://localhost:$port/"
}

# hex of a string, for searching raw payload bytes
tohex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# --- part a: what anyone on the path sees ----------------------------------------

show_packets() { # the TCP/IP header of every packet, in clear
	local f=$1
	say "  Every packet carries an IP header (addresses) and a TCP header (ports, flags),"
	say "  in clear: routers need them to deliver it. Here are the first ten of $(tsh -r "$f" | wc -l):"
	tsh -r "$f" -c 10 -T fields -E separator=' ' \
		-e frame.number -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e tcp.flags.str -e tcp.len |
		awk '{ f = ""; n = split("S:SYN A:ACK P:PSH F:FIN R:RST", m, " ")
			for (i = 1; i <= n; i++) { split(m[i], kv, ":"); if (index($6, kv[1])) f = f (f ? "," : "") kv[2] }
			printf "    #%-3s %s:%s -> %s:%s  %-8s %5s bytes of TLS\n", $1, $2, $3, $4, $5, f, $7 }'
	say "  So anyone on the path learns who talks to whom, on which port (the service),"
	say "  when, and how many bytes flow each way. TLS hides none of that."
}

# names of TLS code points tshark prints as numbers
version_names() { sed 's/0x0304/TLS 1.3/g; s/0x0303/TLS 1.2/g; s/0x0302/TLS 1.1/g; s/0x0301/TLS 1.0/g; s/,/, /g'; }
group_names() { sed 's/\b29\b/X25519/g; s/\b23\b/P-256/g; s/\b24\b/P-384/g; s/\b25\b/P-521/g; s/\b30\b/X448/g; s/,/, /g'; }

hello_field() { tsh -r "$1" -Y 'tls.handshake.type == 1' -T fields -E occurrence=a -E aggregator=, -e "$2" | head -n 1; }

show_hello() {
	local f=$1 sni alpn vers suites shares
	sni=$(hello_field "$f" tls.handshake.extensions_server_name)
	alpn=$(hello_field "$f" tls.handshake.extensions_alpn_str)
	vers=$(hello_field "$f" tls.handshake.extensions.supported_version | version_names)
	suites=$(hello_field "$f" tls.handshake.ciphersuite | tr ',' '\n' | grep -c .)
	shares=$(hello_field "$f" tls.handshake.extensions_key_share_group | group_names)
	say "  The ClientHello is sent before any key exists, so all of it is readable:"
	say "    server name (SNI):        ${sni:-(none)}"
	say "    protocol wanted (ALPN):   ${alpn:-(none)}"
	say "    versions offered:         ${vers:-(no supported_versions extension: TLS 1.2 at most)}"
	say "    cipher suites offered:    $suites"
	say "    key share for group(s):   ${shares:-(none: in TLS 1.2 the key comes later)}"
}

show_records() { # each flight: who sends it, its record types and sizes
	local f=$1 port=$2
	say "  The record layer: TLS cuts everything into records of <type, version, length>."
	say "  Types and lengths are in clear; after the handshake the content is not."
	# TLS 1.3 records after the ServerHello carry their outer type in opaque_type.
	tsh -r "$f" -Y tls -T fields -E separator='|' -E occurrence=a -E aggregator=',' \
		-e tcp.srcport -e tls.record.content_type -e tls.record.opaque_type -e tls.record.length -e _ws.col.Info |
		awk -F'|' -v port="$port" '
		BEGIN { name[20] = "ChangeCipherSpec"; name[21] = "Alert"; name[22] = "Handshake"
		        name[23] = "ApplicationData" }
		function flush() { if (dir != "") printf "    %s: %d record%s: %s\n        tshark reads: %s\n", dir, nrec, (nrec > 1 ? "s" : ""), recs, info }
		{ d = ($1 == port) ? "server -> client" : "client -> server"
		  types = $2 ($2 != "" && $3 != "" ? "," : "") $3
		  n = split(types, t, ","); split($4, l, ",")
		  if (d != dir) { flush(); dir = d; recs = ""; info = ""; nrec = 0 }
		  for (i = 1; i <= n; i++) { recs = recs sprintf("%s%s %s", nrec ? ", " : "", name[t[i]], l[i]); nrec++ }
		  info = info (info != "" ? ", " : "") $5 }
		END { flush() }'
}

show_certificate() {
	local f=$1 hex n=0
	hex=$(tsh -r "$f" -Y 'tls.handshake.type == 11' -T fields -E occurrence=a -E aggregator=, \
		-e tls.handshake.certificate | head -n 1)
	if [ -n "$hex" ]; then
		say "  The server's Certificate message is in clear: an onlooker copies the chain."
		say "  Decoded with openssl from the captured bytes:"
		for c in ${hex//,/ }; do
			printf '%s' "$c" | tr -d ':' | perl -pe 's/([0-9a-f]{2})/chr hex $1/gie' >"$T/cert$n.der"
			openssl x509 -inform der -in "$T/cert$n.der" -noout -subject -issuer -ext subjectAltName 2>/dev/null |
				grep -v 'X509v3 Subject Alternative Name' | sed "s/^ */    [$n] /"
			n=$((n + 1))
		done
	else
		say "  No Certificate message is visible: in TLS 1.3 it travels inside the encrypted"
		say "  records after the ServerHello (the \"Application Data\" above), so an onlooker"
		say "  does not learn which certificate the server presented. The SNI still names the site."
	fi
}

show_no_content() {
	local f=$1 hex hits bytes
	hex=$(tohex "$MARKER_TEXT")
	bytes=$(tsh -r "$f" -T fields -e tcp.payload | tr -d '\n:' | wc -c)
	hits=$(tsh -r "$f" -T fields -e tcp.payload | tr -d '\n:' | grep -o "$hex" | wc -l || true)
	say "  The page itself: searched all $((bytes / 2)) bytes of TCP payload for the line the"
	say "  page shows in its green box: found $hits times. The content travels encrypted."
}

part_a_one() { # part_a_one VERSION CAPTURE
	local v=$1 f=$T/$2.pcapng
	say ""
	say "--- (a) TLS $v: what anyone on the path sees ---"
	say ""
	say "Step 1: the TCP/IP header, in clear"
	show_packets "$f"
	say ""
	say "Step 2: the ClientHello, in clear"
	show_hello "$f"
	say ""
	say "Step 3: the records, flight by flight"
	show_records "$f" "$PORT"
	if [ "$v" = 1.3 ]; then
		say "  In TLS 1.3 every record after the ServerHello says ApplicationData on the"
		say "  outside; its real type is encrypted with the content. The ChangeCipherSpec"
		say "  is a dummy kept for old middleboxes (RFC 8446, appendix D.4)."
	else
		say "  In TLS 1.2 the handshake is in clear until ChangeCipherSpec; the Finished"
		say "  message after it is the first encrypted record."
	fi
	say ""
	say "Step 4: the server's certificate"
	show_certificate "$f"
	say ""
	say "Step 5: the content"
	show_no_content "$f"
}

capture_ours() {
	start_server ours --port "$PORT" --cert "$EC_CERT" --key "$EC_KEY" --pass "file:$T/pass" \
		--keylog "$T/keys.log"
	capture tls13 "$PORT" fetch "$PORT"
	capture tls12 "$PORT" fetch "$PORT" --tls-max 1.2
	stop_last
}

# --- part b: the same captures, decrypted with the key log -----------------------

show_keylog() {
	say "  The key log (NSS format) the server wrote, one line per secret; secrets hidden here:"
	awk '{printf "    %-32s client random %.12s...  secret: %d hex digits (hidden)\n", $1, $2, length($3)}' \
		"$T/keys.log" | head -n 12
}

# follow_tls CAPTURE TSHARK-OPTIONS...: the decrypted bytes of the first TLS stream.
follow_tls() {
	local f=$T/$1.pcapng
	shift
	tsh -r "$f" "$@" -q -z follow,tls,ascii,0 | sed -n '/^Node 1:/,/^=====/p' |
		grep -E -v -e '^(Node 1:|=====)' -e '^[[:space:]]*[0-9]*[[:space:]]*$' || true
}

# show_plain: prints the plaintext on stdin up to the page's marker line, then a count.
show_plain() {
	awk -v id="$MARKER_ID" '{ if (!done) print "    | " $0; else rest += length($0) + 1
		if (index($0, id)) done = 1 }
		END { if (rest) printf "    | ... and %d more bytes of the page\n", rest }'
}

show_decrypted() { # show_decrypted CAPTURE
	say "  With the key log tshark reads the whole conversation, handshake included:"
	tsh -r "$T/$1.pcapng" -o "tls.keylog_file:$T/keys.log" -Y tls -T fields -e tcp.srcport -e _ws.col.Info |
		awk -v port="$PORT" '{ d = ($1 == port) ? "server -> client" : "client -> server"; $1 = ""
			printf "    %s:%s\n", d, $0 }'
	say "  tshark -o tls.keylog_file:KEYLOG -z follow,tls,ascii,0 (the request, then the response):"
	follow_tls "$1" -o "tls.keylog_file:$T/keys.log" | show_plain
}

part_b() {
	say ""
	say "=== (b) The same captures, decrypted with the server's key log ==="
	say ""
	say "The server was started with --keylog: for every connection it wrote the secrets"
	say "both ends derived, so a recorder holding that file can decrypt the recording."
	show_keylog
	for v in 1.3 1.2; do
		say ""
		say "--- (b) TLS $v, decrypted ---"
		show_decrypted "tls${v/./}"
	done
	say ""
	say "Why a key log must never leave a lab: it is the session keys themselves. Anyone who"
	say "gets it, now or in ten years, decrypts every recorded session it covers (passwords,"
	say "cookies, pages), and no later key change helps. Real servers never write one; this"
	say "one does only with --keylog, and warns. This run's key log is shredded at exit."
}

# --- part c: forward secrecy --------------------------------------------------------

# decrypt_with_key CAPTURE: what tshark recovers with the RSA private key alone.
decrypt_with_key() {
	follow_tls "$1" -o "uat:rsa_keys:\"$T/priv/rsa_plain_key.pem\",\"\""
}

app_bytes() { # bytes in the records after the handshake (TLS 1.3: every encrypted record)
	tsh -r "$T/$1.pcapng" -Y 'tls.record.content_type == 23 || tls.record.opaque_type == 23' -T fields \
		-E occurrence=a -E aggregator=' ' -e tls.record.length | tr ' ' '\n' | awk '{ n += $1 } END { print n + 0 }'
}

server_suite() { # the suite in the ServerHello of CAPTURE, as tshark names it
	tsh -r "$T/$1.pcapng" -Y 'tls.handshake.type == 2' -V | grep -m1 'Cipher Suite:' | sed 's/^ *Cipher Suite: //'
}

part_c() {
	local plain
	say ""
	say "=== (c) Forward secrecy: what the server's private key alone decrypts ==="
	say ""
	say "A demo-only RSA key and certificate, minted by https_pki from this run's throwaway CA;"
	say "an unencrypted copy of the key sits in a private folder (mode 0700) and is shredded at exit."
	mkdir -p "$T/rsa" "$T/priv"
	"$PKI" issue --profile server --key-type rsa2048 --ca-dir "$T/pki/private_ca" \
		--ca-pass "file:$T/pass" --cn localhost --san DNS:localhost --san IP:127.0.0.1 --days 1 \
		--cert "$T/rsa/cert.pem" --key "$T/rsa/key.pem" --pass "file:$T/pass" >"$T/issue.out" 2>&1 ||
		die "https_pki issue failed: $(tail -n 2 "$T/issue.out")"
	openssl pkey -in "$T/rsa/key.pem" -passin "file:$T/pass" -out "$T/priv/rsa_plain_key.pem" 2>/dev/null ||
		die "cannot copy the RSA key"

	say ""
	say "--- (c) 1: our server with this RSA key, ECDHE key exchange (TLS 1.2, then TLS 1.3) ---"
	start_server rsa_ours --port "$PORT" --cert "$T/rsa/cert.pem" --key "$T/rsa/key.pem" --pass "file:$T/pass"
	capture ecdhe "$PORT" fetch "$PORT" --tls-max 1.2
	capture ecdhe13 "$PORT" fetch "$PORT"
	stop_last
	for cap in ecdhe ecdhe13; do
		say "  $([ "$cap" = ecdhe ] && echo "TLS 1.2" || echo "TLS 1.3"): suite chosen: $(server_suite "$cap")"
		say "    the recording holds $(app_bytes "$cap") bytes of encrypted application data"
		plain=$(decrypt_with_key "$cap")
		say "    tshark with the server's private key (uat:rsa_keys) recovers: $(printf '%s' "$plain" | wc -c) bytes of plaintext."
	done
	say "  The session keys came from an ephemeral ECDHE exchange: both sides threw their"
	say "  halves away after the handshake, and the RSA key only signed. Nothing left can"
	say "  decrypt these recordings: that is forward secrecy. TLS 1.3 always works this way."

	say ""
	say "--- (c) 2: contrast, openssl s_server, TLS 1.2, RSA key exchange (AES128-GCM-SHA256) ---"
	say "  (never our server: it refuses suites without forward secrecy, and https_client"
	say "  refuses to offer them, so openssl s_client plays the client here)"
	mkdir -p "$T/www"
	cp "$PAGE_FILE" "$T/www/index.html"
	(cd "$T/www" && exec openssl s_server -accept "127.0.0.1:$PORT2" -cert "$T/rsa/cert.pem" \
		-key "$T/priv/rsa_plain_key.pem" -tls1_2 -cipher AES128-GCM-SHA256 -WWW -quiet -no_ticket) \
		>"$T/s_server.out" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$PORT2") 2>/dev/null && break
		sleep 0.1
	done
	capture rsakx "$PORT2" sh -c "printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' |
		timeout 10 openssl s_client -connect 127.0.0.1:$PORT2 -servername localhost -tls1_2 \
		-cipher AES128-GCM-SHA256 -CAfile '$CA' -quiet -ign_eof"
	stop_last
	say "  suite chosen: $(server_suite rsakx)"
	plain=$(decrypt_with_key rsakx)
	say "  tshark with the same private key recovers $(printf '%s' "$plain" | wc -c) bytes of plaintext:"
	printf '%s\n' "$plain" | show_plain
	say "  With RSA key exchange the client encrypts the session's secret to the server's"
	say "  RSA key and sends it: whoever later steals that key decrypts every recording."
	say "  That is what ECDHE (and TLS 1.3) rule out."
}

# --- the run ------------------------------------------------------------------------

say "trace_https: capturing on lo (our server on 127.0.0.1:$PORT, the contrast server on $PORT2)"
if [ "$PART" = a ] || [ "$PART" = b ] || [ "$PART" = all ]; then
	capture_ours
fi
if [ "$PART" = a ] || [ "$PART" = all ]; then
	say ""
	say "=== (a) What anyone on the path sees (no keys) ==="
	part_a_one 1.3 tls13
	part_a_one 1.2 tls12
fi
if [ "$PART" = b ] || [ "$PART" = all ]; then
	part_b
fi
if [ "$PART" = c ] || [ "$PART" = all ]; then
	part_c
fi
say ""
say "trace_https: done${KEEP:+; captures kept in $KEEP (open them in Wireshark)}"
