#!/usr/bin/env bash
# Server CPU cost per request, the fair figure on a small machine (docs/server.md,
# "Performance"): the server's own utime+stime from /proc/PID/stat, read before
# and after a bounded load, divided by the requests (or handshakes) served.
#
#   bench/server_bench.sh [BUILD_DIR]      (default: build-server, then build)
#   env: DURATION=10 (s per run)  CONNS=50  LOG=off|file  THREADS=128  PORT=18900
#
# 1. keep-alive: wrk -t1 -c$CONNS over a 1 KiB page (connections reused, so
#    almost no handshakes);
# 2. full handshakes: openssl s_time -new (TLS 1.3, a new session every time,
#    never resumed; one GET per connection).
# Loopback only; every run bounded by DURATION; everything started is stopped.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [ -z "$build" ]; then
	for d in "$top/build-server" "$top/build"; do
		[ -x "$d/server/https_server" ] && build=$d && break
	done
fi
[ -n "$build" ] && [ -x "$build/server/https_server" ] || { echo "server_bench: build https_server first" >&2; exit 2; }
for tool in wrk openssl; do
	command -v $tool >/dev/null || { echo "server_bench: needs $tool (scripts/install_deps.sh --bench)" >&2; exit 2; }
done
DURATION=${DURATION:-10}
CONNS=${CONNS:-50}
LOG=${LOG:-file}
THREADS=${THREADS:-128}
PORT=${PORT:-18900}
work=$(mktemp -d /tmp/server_bench.XXXXXX)
server_pid=""
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# A fresh demo chain (ECDSA P-256, as in docs/server.md's table) and a 1 KiB page.
umask 077
od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$work/pass.txt"
"$build/pki/https_pki" init --dir "$work/pki" --pass "file:$work/pass.txt" >/dev/null
mkdir -p "$work/www"
{
	printf '<!DOCTYPE html><html><head><title>bench</title></head><body><p>'
	head -c 1100 /dev/zero | tr '\0' x
	printf '</p></body></html>\n'
} | head -c 1024 >"$work/www/index.html"

case $LOG in
off) log_arg=off ;;
*) log_arg=$work/access.log ;;
esac
"$build/server/https_server" --port "$PORT" --cert "$work/pki/certificates/site_public_key.pem" \
	--key "$work/pki/certificates/site_private_key.pem" --pass "file:$work/pass.txt" \
	--docroot "$work/www" --threads "$THREADS" --access-log "$log_arg" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 50); do
	grep -q 'listening on' "$work/server.log" && break
	sleep 0.1
done
grep -q 'listening on' "$work/server.log" || { cat "$work/server.log" >&2; exit 1; }

tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

# keep-alive
before=$(cpu_ticks)
wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "https://127.0.0.1:$PORT/" >"$work/wrk.txt"
after=$(cpu_ticks)
reqs=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk.txt")
errors=$(grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" || true)
ka_us=$(awk -v t=$((after - before)) -v n="$reqs" -v hz="$tick" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')

# full handshakes
before=$(cpu_ticks)
openssl s_time -connect "127.0.0.1:$PORT" -new -time "$DURATION" -www / >"$work/stime.txt" 2>&1 || true
after=$(cpu_ticks)
conns=$(awk '/connections in [0-9.]+s;/ { print $1; exit }' "$work/stime.txt")
hs_us=$(awk -v t=$((after - before)) -v n="$conns" -v hz="$tick" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')

echo "https_server $($build/server/https_server --version | head -1)"
echo "machine: $(nproc) cores, $(uname -r); access log: $LOG; threads: $THREADS"
echo "keep-alive (wrk -t1 -c$CONNS -d${DURATION}s, 1 KiB page): $reqs requests, $rps req/s, server CPU $ka_us us/request"
[ -n "$errors" ] && echo "  wrk: $errors"
echo "full TLS 1.3 handshakes (openssl s_time -new, ${DURATION}s): $conns connections, server CPU $hs_us us/handshake (incl. one GET)"
