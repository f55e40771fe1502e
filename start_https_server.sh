#!/usr/bin/env bash
# Sets up and runs the HTTPS demo server on https://localhost:8080/.
#
#   ./start_https_server.sh [https_server options...]
#
# On a fresh Debian machine it installs the missing packages (apt-get, with
# sudo when not root), configures and builds with CMake (only what changed),
# then runs the server in the foreground with the bundled certificate and its
# passphrase-encrypted key. Ctrl-C stops it. Extra options go to https_server
# (see ./build/server/https_server --help). HTTPS_DEMO_BUILD_DIR names another
# build tree (default: build).
set -eu
cd "$(dirname "$0")"
top=$PWD
build=${HTTPS_DEMO_BUILD_DIR:-build}

CERT=certificates/site_public_key.pem
KEY=certificates/site_private_key.pem
CA=ca_certificates_for_client/ca_public_key.pem
PASS=secret/reminder.txt

say() { printf '%s\n' "$*" >&2; }

scripts/install_deps.sh
say "start_https_server: building (only what changed) ..."
scripts/build.sh "$build"

for f in "$CERT" "$KEY" "$CA" "$PASS"; do
	if [ ! -f "$f" ]; then
		say "start_https_server: $f is missing"
		say "fix: make a new chain: $build/pki/https_pki init --dir . --force --pass file:$PASS"
		exit 1
	fi
done
# git does not keep file modes other than 0644/0755: keep secrets private.
chmod 600 "$KEY" "$PASS" certificates/*_private_key.pem 2>/dev/null || true

if ! openssl x509 -in "$CERT" -noout -checkend 0 >/dev/null 2>&1; then
	say "start_https_server: the bundled certificate $CERT has expired ($(openssl x509 -in "$CERT" -noout -enddate))."
	renew=("$build/pki/https_pki" init --dir . --force --pass "file:$PASS")
	say "A new chain (new root CA, new site certificate, same passphrase) is made by:"
	say "    ${renew[*]}"
	say "Afterwards, import the new $CA into your browser again."
	if [ -t 0 ]; then
		read -r -p "Regenerate now? [y/N] " answer
		case "$answer" in
		[yY]*) "${renew[@]}" ;;
		*) exit 1 ;;
		esac
	else
		exit 1
	fi
fi

# The banner shows what the server will really use: read the options it gets
# the way it reads them (--port N, --port=N, -p N, -pN; the last one wins).
port=8080 bind=127.0.0.1 http_port="" client_ca=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	a=${args[i]} next=${args[i + 1]:-}
	case "$a" in
	--port | -p) port=$next ;;
	--port=*) port=${a#--port=} ;;
	-p?*) port=${a#-p} ;;
	--bind | -b) bind=$next ;;
	--bind=*) bind=${a#--bind=} ;;
	-b?*) bind=${a#-b} ;;
	--http-port) http_port=$next ;;
	--http-port=*) http_port=${a#--http-port=} ;;
	--client-ca) client_ca=$next ;;
	--client-ca=*) client_ca=${a#--client-ca=} ;;
	--) break ;;
	esac
done
host=localhost
[ "$bind" = 127.0.0.1 ] || host=$bind
url="https://$host:$port/"
fetch="$build/client/https_client"
[ -z "$client_ca" ] || fetch="$fetch --cert certificates/client_public_key.pem --key certificates/client_private_key.pem --pass file:$PASS"

cat >&2 <<MSG

  HTTPS demo server
  -----------------
  URL:            $url
  CA to import:   $top/$CA
                  (how: README.md, "Trusting the demo CA in a browser";
                   or: $build/pki/https_pki trust)
  Fetch it:       $fetch $url
                  $fetch -v $url   (handshake and checks)
MSG
[ -z "$http_port" ] || say "  Plain HTTP:     http://$host:$http_port/ (ACME challenges and redirects only)"
[ -z "$client_ca" ] || say "  Mutual TLS:     clients need a certificate issued by $client_ca"
say "  Stop:           Ctrl-C"
say ""
exec "$build/server/https_server" --cert "$CERT" --key "$KEY" --pass "file:$PASS" "$@"
