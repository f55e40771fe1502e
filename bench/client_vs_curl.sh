#!/usr/bin/env bash
# https_client versus curl: a full fetch of a small page, process start to
# exit, against the same https_server on loopback (a fresh chain minted by
# https_pki). Each run is a new process with a full TLS 1.3 handshake (no
# session cache on either side). Reports the median wall time of RUNS runs
# each (hyperfine) and the median peak RSS (/usr/bin/time -v).
#
# usage: bench/client_vs_curl.sh [BUILD_DIR] [RUNS]   (defaults: build, 50)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
RUNS=${2:-50}
PORT=${BENCH_PORT:-28443}
CLIENT=$BUILD/client/https_client
for tool in hyperfine curl /usr/bin/time jq; do
	command -v "$tool" >/dev/null || { echo "client_vs_curl: needs $tool" >&2; exit 2; }
done

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
umask 077
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/pass.txt"
"$BUILD/pki/https_pki" init --dir "$WORK/pki" --pass "file:$WORK/pass.txt" >/dev/null
mkdir -p "$WORK/www"
head -c 1024 /dev/zero | tr '\0' 'x' >"$WORK/www/index.html" # a 1 KiB page

"$BUILD/server/https_server" --port "$PORT" --docroot "$WORK/www" --access-log off \
	--cert "$WORK/pki/certificates/site_public_key.pem" \
	--key "$WORK/pki/certificates/site_private_key.pem" --pass "file:$WORK/pass.txt" \
	2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
	grep -q 'listening on https://' "$WORK/server.log" && break
	sleep 0.1
done
CA=$WORK/pki/ca_certificates_for_client/ca_public_key.pem
URL=https://localhost:$PORT/index.html
OURS="$CLIENT --cacert $CA -s -o /dev/null $URL"
CURL="curl --cacert $CA -s -o /dev/null --tlsv1.3 $URL"
$OURS && $CURL || { echo "client_vs_curl: a fetch failed" >&2; exit 1; }

hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/h.json" \
	-n https_client "$OURS" -n curl "$CURL" >"$WORK/hyperfine.txt"

peak_kb() { # median of 11 runs of the max RSS, in KiB
	local i
	for i in $(seq 11); do
		/usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}'
	done | sort -n | sed -n 6p
}
echo "command: hyperfine -N --warmup 5 --runs $RUNS '<client>' '<curl>' (1 KiB page, TLS 1.3, loopback)"
jq -r '.results[] | "\(.command): median \(.median * 1000 | . * 100 | round / 100) ms, mean \(.mean * 1000 | . * 100 | round / 100) ms ± \(.stddev * 1000 | . * 100 | round / 100) ms (\(.times | length) runs), CPU user+sys \((.user + .system) * 1000 | . * 10 | round / 10) ms"' "$WORK/h.json"
echo "peak RSS, median of 11: https_client $(peak_kb $OURS) KiB, curl $(peak_kb $CURL) KiB"
echo "versions: $($CLIENT --version); $(curl --version | head -1)"
