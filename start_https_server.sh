#!/usr/bin/env bash
# Sets up and runs the HTTPS demo server on https://localhost:8080/.
#
#   ./start_https_server.sh [https_server options...]
#
# On a fresh Debian machine it installs the missing packages (apt-get, with
# sudo when not root), configures and builds with CMake (only what changed),
# then runs the server in the foreground with the bundled certificate and its
# passphrase-encrypted key. Ctrl-C stops it. Extra options go to https_server
# (see ./build/server/https_server --help).
set -eu
cd "$(dirname "$0")"
top=$PWD

CERT=certificates/site_public_key.pem
KEY=certificates/site_private_key.pem
CA=ca_certificates_for_client/ca_public_key.pem
PASS=secret/reminder.txt

say() { printf '%s\n' "$*" >&2; }

scripts/install_deps.sh
say "start_https_server: building (only what changed) ..."
scripts/build.sh build

for f in "$CERT" "$KEY" "$CA" "$PASS"; do
	if [ ! -f "$f" ]; then
		say "start_https_server: $f is missing"
		say "fix: make a new chain: build/pki/https_pki init --dir . --force"
		exit 1
	fi
done
# git does not keep file modes other than 0644/0755: keep secrets private.
chmod 600 "$KEY" "$PASS" certificates/*_private_key.pem 2>/dev/null || true

if ! openssl x509 -in "$CERT" -noout -checkend 0 >/dev/null 2>&1; then
	say "start_https_server: the bundled certificate $CERT has expired ($(openssl x509 -in "$CERT" -noout -enddate))."
	renew=(build/pki/https_pki init --dir . --force --pass "file:$PASS")
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

cat >&2 <<MSG

  HTTPS demo server
  -----------------
  URL:            https://localhost:8080/
  CA to import:   $top/$CA
                  (how: README.md, "Trusting the demo CA in a browser";
                   or: build/pki/https_pki trust)
  Fetch it:       build/client/https_client https://localhost:8080/
                  build/client/https_client -v https://localhost:8080/   (handshake and checks)
  Stop:           Ctrl-C

MSG
exec build/server/https_server --cert "$CERT" --key "$KEY" --pass "file:$PASS" "$@"
