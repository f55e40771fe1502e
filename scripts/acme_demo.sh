#!/usr/bin/env bash
# Getting a certificate the Let's Encrypt way, offline on one machine
# (docs/acme.md tells the story step by step).
#
#   scripts/acme_demo.sh         first run: start pebble (a test ACME CA) and
#                                https_server, get a certificate for localhost
#                                with certbot (HTTP-01), load it with SIGHUP.
#                                Later runs: renew it through certbot's renew
#                                path and load the new one, without a restart.
#   scripts/acme_demo.sh stop    stop pebble and https_server (by their PIDs)
#
# Everything listens on 127.0.0.1 only. Environment (all optional):
#   ACME_DEMO_DIR          state folder (default build/acme-demo)
#   ACME_DEMO_HTTPS_PORT   our https port (default 8443)
#   ACME_DEMO_HTTP_PORT    the port pebble's validator fetches challenges from,
#                          our plain-HTTP listener (default 5002)
#   ACME_DEMO_PEBBLE_PORT  pebble's ACME API (default 14000)
#   ACME_DEMO_PEBBLE_MGMT_PORT  pebble's management API, its roots (default 15000)
#   ACME_DEMO_SERVER_HTTP_PORT  our plain-HTTP port if it must differ (tests)
#   HTTPS_SERVER HTTPS_CLIENT HTTPS_PKI   the binaries (default build/...)
# Exit status: 0 done, 1 a step failed (the message names it), 2 usage.
set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
STATE=${ACME_DEMO_DIR:-$top/build/acme-demo}
HTTPS_PORT=${ACME_DEMO_HTTPS_PORT:-8443}
HTTP_PORT=${ACME_DEMO_HTTP_PORT:-5002}
SERVER_HTTP_PORT=${ACME_DEMO_SERVER_HTTP_PORT:-$HTTP_PORT}
PEBBLE_PORT=${ACME_DEMO_PEBBLE_PORT:-14000}
PEBBLE_MGMT_PORT=${ACME_DEMO_PEBBLE_MGMT_PORT:-$((PEBBLE_PORT + 1000))}
PEBBLE_TLS_PORT=5001 # where pebble would dial for tls-alpn-01: never used here
DOMAIN=localhost
STEP_LIMIT=60 # seconds any one step may take

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
die() { # die WHAT DETAIL FIX
	printf 'acme_demo: %s: %s\nfix: %s\n' "$1" "$2" "$3" >&2
	exit 1
}

# On any failure (die, an interrupt, an unexpected exit): stop what this run
# started. A renewal run started nothing: the pebble and server of the earlier
# run keep serving the certificate they had, and the message says so.
FRESH=0
DONE=0
on_exit() {
	local rc=$?
	stop_watchers
	[ "$DONE" = 1 ] || [ "$rc" = 0 ] && return
	if [ "$FRESH" = 1 ]; then
		stop_pidfile "$STATE/server.pid" https_server >&2
		stop_pidfile "$STATE/pebble.pid" pebble >&2
	elif alive "$STATE/pebble.pid" pebble || alive "$STATE/server.pid" https_server; then
		say "acme_demo: pebble and https_server of the earlier run keep running, with the certificate they had (scripts/acme_demo.sh stop stops them)" >&2
	fi
}
trap on_exit EXIT
trap 'exit 1' INT TERM

# free_port PORT: PORT, or the next port after it that nothing listens on and
# that this demo does not use for something else.
free_port() {
	local p=$1
	while [ "$p" -lt 65535 ]; do
		case " $HTTPS_PORT $HTTP_PORT $SERVER_HTTP_PORT $PEBBLE_PORT $PEBBLE_MGMT_PORT $PEBBLE_TLS_PORT " in
		*" $p "*) ;;
		*) ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || break ;;
		esac
		p=$((p + 1))
	done
	echo "$p"
}

# busy_fix PORT: the fix for a port in use: the environment variable that moves it.
busy_fix() {
	local var
	case "$1" in
	"$HTTPS_PORT") var=ACME_DEMO_HTTPS_PORT ;;
	"$SERVER_HTTP_PORT") var=ACME_DEMO_HTTP_PORT ;;
	"$PEBBLE_PORT") var=ACME_DEMO_PEBBLE_PORT ;;
	"$PEBBLE_MGMT_PORT") var=ACME_DEMO_PEBBLE_MGMT_PORT ;;
	*) var="" ;;
	esac
	if [ -n "$var" ]; then
		printf '%s=%s scripts/acme_demo.sh (a free port), or stop the program listening on %s (ss -ltnp '"'"'sport = :%s'"'"')' \
			"$var" "$(free_port $(($1 + 1)))" "$1" "$1"
	else
		printf "stop the program listening on %s (ss -ltnp 'sport = :%s')" "$1" "$1"
	fi
}

alive() { # alive PIDFILE NAME: the PID in PIDFILE runs a program called NAME
	local pid
	[ -f "$1" ] || return 1
	pid=$(cat "$1")
	[ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

stop_pidfile() { # stop_pidfile PIDFILE NAME
	local pid _
	alive "$1" "$2" || { rm -f "$1"; return 0; }
	pid=$(cat "$1")
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	rm -f "$1"
	say "acme_demo: stopped $2 (PID $pid)"
}

WATCH_PID=""
stop_watchers() {
	[ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
	WATCH_PID=""
}

wait_for() { # wait_for FILE PATTERN PIDFILE NAME: FILE matches PATTERN, or NAME died / time out
	local _
	for _ in $(seq $((STEP_LIMIT * 10))); do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		alive "$3" "$4" || return 1
		sleep 0.1
	done
	return 1
}

tools() {
	local b=$top/build
	SERVER=${HTTPS_SERVER:-$b/server/https_server}
	CLIENT=${HTTPS_CLIENT:-$b/client/https_client}
	PKI=${HTTPS_PKI:-$b/pki/https_pki}
	if [ ! -x "$SERVER" ] || [ ! -x "$CLIENT" ] || [ ! -x "$PKI" ]; then
		"$top/scripts/build.sh" "$b" || die "build" "the programs did not build" "run scripts/install_deps.sh, then scripts/build.sh build"
	fi
	"$top/scripts/install_deps.sh" --acme || die "setup" "could not install pebble and certbot" "scripts/install_deps.sh --acme (as root or with sudo)"
	for t in pebble certbot; do
		command -v "$t" >/dev/null ||
			die "setup" "$t is not installed" "scripts/install_deps.sh --acme (Debian package $t)"
	done
}

# --- a fresh start: pebble with an API certificate from our https_pki, and our server

mint_pebble_api_cert() {
	step "0. pebble's own HTTPS API certificate, minted by our https_pki"
	umask 077
	mkdir -p "$STATE/pebble-api"
	od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$STATE/pebble-api/pass.txt"
	local P=file:$STATE/pebble-api/pass.txt
	"$PKI" init --dir "$STATE/pebble-api" --pass "$P" >"$STATE/pki.log" 2>&1 &&
		"$PKI" issue --profile server --ca-dir "$STATE/pebble-api/private_ca" --ca-pass "$P" \
			--cn localhost --san DNS:localhost --san IP:127.0.0.1 --days 30 \
			--cert "$STATE/pebble-api/api.pem" --key "$STATE/pebble-api/api.key" \
			--no-passphrase >>"$STATE/pki.log" 2>&1 ||
		die "step 0 (pebble's API certificate)" "https_pki failed: $(tail -1 "$STATE/pki.log")" "see $STATE/pki.log"
	API_CA=$STATE/pebble-api/ca_certificates_for_client/ca_public_key.pem
	say "pebble's API (https://localhost:$PEBBLE_PORT/dir) is trusted through our root $API_CA"
	say "(Go cannot read encrypted PKCS#8 keys, so pebble's API key is plain, mode 0600.)"
}

start_pebble() {
	cat >"$STATE/pebble.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$PEBBLE_PORT",
    "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT_PORT",
    "certificate": "$STATE/pebble-api/api.pem",
    "privateKey": "$STATE/pebble-api/api.key",
    "httpPort": $HTTP_PORT,
    "tlsPort": $PEBBLE_TLS_PORT,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "certificateValidityPeriod": 7776000
  }
}
EOF
	step "1. the CA: pebble on 127.0.0.1:$PEBBLE_PORT (its validator fetches http://$DOMAIN:$HTTP_PORT/)"
	# No random sleeps in the validator, no deliberately rejected nonces, a fresh
	# challenge every time (no reuse of earlier authorizations).
	PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
		pebble -config "$STATE/pebble.json" >"$STATE/pebble.log" 2>&1 </dev/null &
	echo $! >"$STATE/pebble.pid"
	if ! wait_for "$STATE/pebble.log" 'Listening on' "$STATE/pebble.pid" pebble; then
		local busy
		busy=$(grep -oE '127\.0\.0\.1:[0-9]+: bind: address already in use' "$STATE/pebble.log" | head -1 | cut -d: -f2)
		die "step 1 (start pebble)" "pebble did not start: $(tail -1 "$STATE/pebble.log")" \
			"$(if [ -n "$busy" ]; then busy_fix "$busy"; else echo "see $STATE/pebble.log"; fi)"
	fi
	grep -E 'Generated (new root|new intermediate)' "$STATE/pebble.log" | sed 's/^Pebble [0-9/]* [0-9:]* /pebble: /'
	"$CLIENT" -s --cacert "$API_CA" -o "$STATE/pebble-root.pem" "https://localhost:$PEBBLE_MGMT_PORT/roots/0" ||
		die "step 1 (pebble's root)" "https_client could not fetch https://localhost:$PEBBLE_MGMT_PORT/roots/0" "see $STATE/pebble.log"
	say "pebble's root, fetched from its management API: $STATE/pebble-root.pem"
	say "  (new at every start of pebble: only this run's clients trust it)"
}

start_server() {
	step "2. our server: https on 127.0.0.1:$HTTPS_PORT, plain HTTP on 127.0.0.1:$SERVER_HTTP_PORT for challenges"
	mkdir -p "$STATE/bootstrap" "$STATE/tls" "$STATE/webroot"
	chmod 755 "$STATE/webroot"
	# Until certbot delivers, the server needs some certificate: a stand-in from
	# our own CA. tls/ holds links, later pointed at certbot's live/ files.
	"$PKI" issue --profile server --ca-dir "$STATE/pebble-api/private_ca" \
		--ca-pass "file:$STATE/pebble-api/pass.txt" --cn localhost --san DNS:localhost \
		--san IP:127.0.0.1 --days 30 --cert "$STATE/bootstrap/cert.pem" \
		--key "$STATE/bootstrap/key.pem" --no-passphrase >>"$STATE/pki.log" 2>&1 ||
		die "step 2 (stand-in certificate)" "https_pki issue failed" "see $STATE/pki.log"
	ln -sfn "$STATE/bootstrap/cert.pem" "$STATE/tls/fullchain.pem"
	ln -sfn "$STATE/bootstrap/key.pem" "$STATE/tls/privkey.pem"
	: >"$STATE/access.log"
	"$SERVER" --port "$HTTPS_PORT" --http-port "$SERVER_HTTP_PORT" --acme-webroot "$STATE/webroot" \
		--cert "$STATE/tls/fullchain.pem" --key "$STATE/tls/privkey.pem" --unencrypted-key \
		--docroot "$top/server/www" --access-log "$STATE/access.log" \
		>"$STATE/server.log" 2>&1 </dev/null &
	echo $! >"$STATE/server.pid"
	if ! wait_for "$STATE/server.log" 'listening on https://' "$STATE/server.pid" https_server; then
		# The server's own fix names its options; this script is steered by the environment.
		local busy fix
		busy=$(grep -oE '^https_server: port [0-9]+ on [0-9.]+ is already in use' "$STATE/server.log" | head -1 | cut -d' ' -f3)
		fix=$(grep -m1 '^fix: ' "$STATE/server.log" | cut -c6-)
		[ -n "$busy" ] && fix=$(busy_fix "$busy")
		die "step 2 (start https_server)" "$(grep '^https_server: ' "$STATE/server.log" | tail -1 | cut -c15-)" "$fix"
	fi
	grep -E '^https_server: (plain HTTP|listening)' "$STATE/server.log"
	say "serving a stand-in certificate for now: $(grep -m1 '0 leaf:' "$STATE/server.log" | sed 's/^ *//')"
}

fresh_start() {
	stop_pidfile "$STATE/server.pid" https_server
	stop_pidfile "$STATE/pebble.pid" pebble
	FRESH=1
	if [ -d "$STATE/certbot" ]; then
		say "acme_demo: pebble was not running: it keeps accounts only in memory, so the"
		say "acme_demo: earlier certbot account and certificate are gone with it; starting over."
	fi
	# Pebble says "Listening on" before it binds: look at every port first.
	local p
	for p in "$PEBBLE_PORT" "$PEBBLE_MGMT_PORT" "$HTTPS_PORT" "$SERVER_HTTP_PORT"; do
		if ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			die "start" "port $p on 127.0.0.1 is already in use" "$(busy_fix "$p")"
		fi
	done
	rm -rf "$STATE"
	mkdir -p "$STATE"
	mint_pebble_api_cert
	start_pebble
	start_server
}

# --- narrating certbot's steps from its debug log, pebble's log and our access log

start_watchers() {
	mkdir -p "$STATE/certbot/logs"
	touch "$STATE/certbot/logs/letsencrypt.log"
	tail -n0 -F "$STATE/certbot/logs/letsencrypt.log" "$STATE/pebble.log" "$STATE/access.log" 2>/dev/null \
		> >(awk -v cb="$STATE/certbot/logs/letsencrypt.log" -v acc="$STATE/access.log" '
		/^==> / { f = $2; next }
		f == cb && /Location: .*\/my-account\// { print "  [account]   the CA made our account: " $2; fflush(); next }
		f == cb && /Sending POST request to .*\/order-plz/ { print "  [order]     certbot asks the CA for a certificate for localhost (new order)"; fflush(); next }
		f == cb && /Location: .*\/my-order\// && !order++ { print "  [order]     the order: " $2; fflush(); next }
		f == cb && /Attempting to save validation to / {
			n = split($NF, p, "/"); print "  [challenge] the CA answered with token " p[n]; \
			print "  [challenge] certbot writes the key authorization to " $NF; fflush(); next }
		f == cb && /Sending POST request to .*\/chalZ\// { print "  [challenge] certbot tells the CA: ready, fetch it"; fflush(); next }
		f == cb && /Sending POST request to .*\/finalize-order\// { print "  [finalize]  certbot sends its CSR (the new public key; the private key never leaves)"; fflush(); next }
		f == cb && /"certificate": "/ { gsub(/[",]/, "", $2); print "  [cert]      the certificate is ready at " $2; fflush(); next }
		f != cb && f != acc && /Attempting to validate w\/ HTTP: / { print "  [CA]        validator fetches " $NF; fflush(); next }
		f != cb && f != acc && /set VALID by completed challenge/ { print "  [CA]        challenge passed: the requester controls localhost"; fflush(); next }
		f != cb && f != acc && /set INVALID|[Ee]rror.*validat/ { sub(/^Pebble [0-9\/]* [0-9:]* /, ""); print "  [CA]        " $0; fflush(); next }
		f != cb && f != acc && /Issued certificate serial / { print "  [CA]        issued certificate serial " $7; fflush(); next }
		f == acc && /acme-challenge/ { print "  [server]    our access log: " $0; fflush(); next }
		') &
	WATCH_PID=$!
}

# --- certbot: certonly the first time, renew after

certbot_common=()
certbot_setup() {
	certbot_common=(--non-interactive --config-dir "$STATE/certbot/config"
		--work-dir "$STATE/certbot/work" --logs-dir "$STATE/certbot/logs" -v)
	# certbot talks to pebble's API over https and must trust our API root.
	export REQUESTS_CA_BUNDLE=$API_CA
}

diagnose_failure() { # after certbot failed: name the step
	local log=$STATE/certbot/logs/letsencrypt.log out=$STATE/certbot.out
	if grep -Eq "Couldn't create root|Permission denied|Not a directory|Read-only file system|FileExistsError|Failed to save validation|Unable to create" "$log" "$out" 2>/dev/null; then
		die "step 3 (certbot writes the challenge file into the webroot)" \
			"$(grep -Ehm1 "Couldn't create root|Permission denied|Not a directory|Read-only|FileExistsError|Unable to create" "$out" "$log" | sed 's/^[0-9-]* [0-9:,]*:[A-Z]*:[a-z._]*://' | head -1 | cut -c1-200)" \
			"make $STATE/webroot a folder certbot can write (.well-known/acme-challenge inside it)"
	fi
	if grep -Eq "Connection refused|Timeout during connect|connection reset|Challenge failed|unauthorized|Some challenges have failed" "$log" "$out" 2>/dev/null; then
		die "step 4 (the CA fetches http://$DOMAIN:$HTTP_PORT/.well-known/acme-challenge/TOKEN)" \
			"$(grep -Ehm1 'Detail: .*|connection refused|Connection refused' "$out" "$log" | sed 's/^ *//' | head -1 | cut -c1-240)" \
			"$(if [ "$SERVER_HTTP_PORT" != "$HTTP_PORT" ]; then
				echo "our plain-HTTP listener must serve the webroot on port $HTTP_PORT, where the CA fetches: unset ACME_DEMO_SERVER_HTTP_PORT (now $SERVER_HTTP_PORT)"
			else
				echo "our plain-HTTP listener must serve the webroot on port $HTTP_PORT: see $STATE/server.log and $STATE/access.log"
			fi)"
	fi
	if grep -Eq "sign-me-up|accountDoesNotExist" "$log" && ! grep -q 'my-account/' "$log"; then
		die "step 1 (account)" "$(tail -3 "$out" | tr '\n' ' ')" "see $log"
	fi
	die "certbot" "$(grep -Ev '^\s*$' "$out" | tail -2 | tr '\n' ' ')" "see $log"
}

run_certbot() { # run_certbot ARGS...: certbot with its output indented; fails through diagnose_failure
	start_watchers
	timeout "$STEP_LIMIT" certbot "$@" "${certbot_common[@]}" 2>&1 | tee "$STATE/certbot.out" | grep --line-buffered -Ev 'Donating|If you like Certbot|scheduled task|^- - -|^\s*$' | sed -u 's/^/  certbot: /'
	local rc=$?
	sleep 0.3 # the watchers print what the logs got last
	stop_watchers
	[ "$rc" -eq 0 ] || diagnose_failure
}

show_cert() { # show_cert FILE LABEL
	local serial
	serial=$(openssl x509 -in "$1" -noout -serial | cut -d= -f2)
	say "$2: serial $serial"
	openssl x509 -in "$1" -noout -subject -issuer -enddate -ext subjectAltName 2>/dev/null | sed 's/^/  /'
}

issue_or_renew() {
	local live=$STATE/certbot/config/live/$DOMAIN
	certbot_setup
	if [ ! -e "$live/fullchain.pem" ]; then
		step "3. certbot: account, order, HTTP-01 challenge, certificate (certbot certonly --webroot)"
		run_certbot certonly --agree-tos --register-unsafely-without-email \
			--server "https://localhost:$PEBBLE_PORT/dir" \
			--webroot -w "$STATE/webroot" -d "$DOMAIN"
		OLD_SERIAL=""
	else
		OLD_SERIAL=$(openssl x509 -in "$live/cert.pem" -noout -serial | cut -d= -f2)
		step "3. renewal through certbot's renew path (certbot renew --force-renewal)"
		say "  (the account made at the first run is reused: certbot keeps its key in accounts/)"
		say "  (certbot renew alone renews only within 30 days of expiry; --force-renewal does it now;"
		say "   run from a timer it waits a random while first, to spread the load on the CA:"
		say "   --no-random-sleep-on-renew skips that here)"
		run_certbot renew --force-renewal --no-random-sleep-on-renew
	fi
	step "4. what certbot wrote (the certbot names)"
	for f in cert chain fullchain privkey; do
		say "  $f.pem -> $(readlink "$live/$f.pem")"
	done
	show_cert "$live/cert.pem" "the new certificate"
	[ "$(stat -c %a "$(readlink -f "$live/privkey.pem")")" = 600 ] ||
		die "step 4 (privkey.pem)" "certbot's privkey.pem is not mode 0600" "chmod 600 $(readlink -f "$live/privkey.pem")"
}

reload_server() {
	local live=$STATE/certbot/config/live/$DOMAIN before
	step "5. loading fullchain.pem and privkey.pem into the running server: kill -HUP $(cat "$STATE/server.pid")"
	ln -sfn "$live/fullchain.pem" "$STATE/tls/fullchain.pem"
	ln -sfn "$live/privkey.pem" "$STATE/tls/privkey.pem"
	before=$(grep -c 'reload' "$STATE/server.log")
	kill -HUP "$(cat "$STATE/server.pid")"
	for _ in $(seq 50); do
		[ "$(grep -c 'reload' "$STATE/server.log")" -ge $((before + 2)) ] && break
		sleep 0.1
	done
	grep -E 'reload' "$STATE/server.log" | tail -n +$((before + 1)) | sed 's/, sha256 [0-9A-F:]*//'
	tail -1 "$STATE/server.log" | grep -q 'reloaded certificate' ||
		die "step 5 (SIGHUP reload)" "the server kept its old certificate" "read the reload line above"
}

fetch_page() {
	local new_serial
	step "6. fetching the page with https_client, trusting only pebble's root"
	if ! "$CLIENT" -v --strict --cacert "$STATE/pebble-root.pem" -o "$STATE/page.html" \
		"https://localhost:$HTTPS_PORT/" 2>"$STATE/client.log"; then
		# Pebble's test root carries an extendedKeyUsage, which the Baseline
		# Requirements forbid in a root; browsers accept it, so our client's policy
		# warns (rule role.root-eku), and with --strict refuses it. Say so, then
		# anchor at the intermediate that signed the leaf.
		grep -q 'rule role.root-eku' "$STATE/client.log" ||
			die "step 6 (https_client)" "$(grep -m1 '^https_client: ' "$STATE/client.log")" "see $STATE/client.log"
		say "https_client --strict refuses pebble's root: $(grep -m1 '^https_client: ' "$STATE/client.log" | cut -d' ' -f2-)"
		say "  a root must not carry an extendedKeyUsage (CA/Browser Forum BR 7.1.2.1); Let's Encrypt's"
		say "  real roots carry none, pebble's test root does. So the client trusts pebble's intermediate,"
		say "  the CA that signed our certificate, fetched from https://localhost:$PEBBLE_MGMT_PORT/intermediates/0"
		"$CLIENT" -s --cacert "$API_CA" -o "$STATE/pebble-intermediate.pem" \
			"https://localhost:$PEBBLE_MGMT_PORT/intermediates/0" ||
			die "step 6 (pebble's intermediate)" "https_client could not fetch /intermediates/0" "see $STATE/pebble.log"
		"$CLIENT" -v --cacert "$STATE/pebble-intermediate.pem" -o "$STATE/page.html" \
			"https://localhost:$HTTPS_PORT/" 2>"$STATE/client.log" ||
			die "step 6 (https_client)" "$(grep -m1 '^https_client: ' "$STATE/client.log")" "see $STATE/client.log"
	fi
	grep -iE 'chain|^ *[0-9]+ |subject|issuer|serial|verif|trusted' "$STATE/client.log" | head -20
	say "page: $(grep -o '<title>[^<]*' "$STATE/page.html" | cut -c8-) ($(wc -c <"$STATE/page.html") bytes)"
	new_serial=$(openssl x509 -in "$STATE/certbot/config/live/$DOMAIN/cert.pem" -noout -serial | cut -d= -f2)
	if [ -n "$OLD_SERIAL" ]; then
		step "renewed: serial $OLD_SERIAL -> $new_serial"
		[ "$OLD_SERIAL" != "$new_serial" ] ||
			die "renewal" "the serial did not change" "see $STATE/certbot/logs/letsencrypt.log"
	fi
	say ""
	say "pebble (PID $(cat "$STATE/pebble.pid")) and https_server (PID $(cat "$STATE/server.pid")) keep running:"
	say "  run scripts/acme_demo.sh again to renew; scripts/acme_demo.sh stop to stop them."
}

case "${1:-run}" in
run)
	tools
	mkdir -p "$STATE"
	API_CA=$STATE/pebble-api/ca_certificates_for_client/ca_public_key.pem
	if alive "$STATE/pebble.pid" pebble && alive "$STATE/server.pid" https_server; then
		say "acme_demo: pebble (PID $(cat "$STATE/pebble.pid")) and https_server (PID $(cat "$STATE/server.pid")) are running: renewing"
	else
		fresh_start
	fi
	issue_or_renew
	reload_server
	fetch_page
	DONE=1
	;;
stop)
	stop_pidfile "$STATE/server.pid" https_server
	stop_pidfile "$STATE/pebble.pid" pebble
	;;
-h | --help)
	sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
	;;
*)
	printf 'acme_demo: unknown command %s\nfix: scripts/acme_demo.sh [run|stop]\n' "$1" >&2
	exit 2
	;;
esac
