#!/usr/bin/env bash
# Installs, from Debian's packages, what the demo needs and is missing.
#   scripts/install_deps.sh          build and run (server, client, pki)
#   scripts/install_deps.sh --test   also every test's peers and tools
#   scripts/install_deps.sh --bench  also the benchmarks' load tools (bench/)
#   scripts/install_deps.sh --acme   also what scripts/acme_demo.sh runs (pebble, certbot)
#   scripts/install_deps.sh --wire   also tshark, for scripts/trace_https.sh
# Uses sudo when not root. Installs nothing that is already there.
set -eu

BUILD_PKGS="cmake gcc make pkg-config libc6-dev libcivetweb-dev civetweb libssl-dev openssl libwolfssl-dev libyaml-dev libpsl-dev publicsuffix"
ACME_PKGS="pebble certbot"
# clang and its runtime libraries (libFuzzer): the clang and fuzz builds of scripts/test.sh.
TEST_PKGS="python3 python3-cryptography curl libnss3-tools chromium testssl.sh sslscan slowhttptest clang-format tshark clang libclang-rt-14-dev valgrind man-db groff-base $ACME_PKGS"
BENCH_PKGS="curl wrk hyperfine jq time nginx-light slowhttptest"
WIRE_PKGS="tshark"

pkgs=$BUILD_PKGS
case "${1:-}" in
--test) pkgs="$pkgs $TEST_PKGS" ;;
--bench) pkgs="$pkgs $BENCH_PKGS" ;;
--acme) pkgs="$pkgs $ACME_PKGS" ;;
--wire) pkgs="$pkgs $WIRE_PKGS" ;;
"") ;;
*) echo "usage: $0 [--test | --bench | --acme | --wire]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "install_deps: need root or sudo to install:$missing" >&2; exit 1; }
	SUDO=sudo
fi
echo "install_deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark's wireshark-common asks whether non-root users may capture: answer "no"
# without asking (root and members of group wireshark can; trace_https.sh says how).
case " $missing " in
*" tshark "*) echo "wireshark-common wireshark-common/install-setuid boolean false" |
	$SUDO debconf-set-selections ;;
esac
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
