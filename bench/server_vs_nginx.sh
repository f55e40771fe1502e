#!/usr/bin/env bash
# https_server side by side with nginx (Debian's nginx-light, 2 workers), in one
# run, on loopback, with the same fresh ECDSA P-256 chain and the same 1 KiB page:
#
#   1. server CPU per keep-alive request: wrk -t1 -c50
#   2. server CPU per full handshake, TLS 1.3 and TLS 1.2: openssl s_time -new
#      (a new session every connection, so nothing is resumed; one GET each)
#   3. req/s and errors at c200, c500, c1000 keep-alive (wrk -t1), and the
#      servers' memory (RSS and PSS, summed over nginx's processes) in the
#      middle of the c1000 run; our thread count at start and under load
#   4. normal requests while 1,000 connections trickle their request heads
#      (slowhttptest, slowloris mode, one header line a second): the median and
#      the slowest of 20 fresh-connection GETs (curl), and how many failed
#
# CPU is each server's own utime+stime from /proc (the load tool takes a core
# of its own). Ratios are ours/nginx: below 1 is better for CPU and memory,
# above 1 for req/s. Every run is bounded by DURATION; everything started is
# stopped on exit. Run it under the shared lock on a quiet machine:
#
#   flock /tmp/https_demo_heavy.lock bench/server_vs_nginx.sh [BUILD_DIR]
#   env: DURATION=5 (s per run)  PORT=18910 (and PORT+1 for nginx)
#        PARTS="1 2 3 4" (the parts above to run)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ -x "$build/server/https_server" ] || { echo "server_vs_nginx: build https_server first" >&2; exit 2; }
for tool in wrk openssl nginx curl slowhttptest; do
	command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] ||
		{ echo "server_vs_nginx: needs $tool (scripts/install_deps.sh --bench)" >&2; exit 2; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
DURATION=${DURATION:-5}
PARTS=${PARTS:-1 2 3 4}
part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
PORT=${PORT:-18910}
NPORT=$((PORT + 1))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge 4096 ] || { echo "server_vs_nginx: needs ulimit -n >= 4096" >&2; exit 2; }
work=$(mktemp -d /tmp/server_vs_nginx.XXXXXX)
ours=""
nginx_pid=""
cleanup() {
	[ -n "$ours" ] && kill "$ours" 2>/dev/null && wait "$ours" 2>/dev/null
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

umask 077
od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$work/pass.txt"
"$build/pki/https_pki" init --dir "$work/pki" --pass "file:$work/pass.txt" >/dev/null
cert=$work/pki/certificates/site_public_key.pem
key=$work/pki/certificates/site_private_key.pem
# nginx reads only plain keys (its own ssl_password_file aside): a 0600 copy in the work dir.
openssl pkey -in "$key" -passin "file:$work/pass.txt" -out "$work/plain_key.pem"
mkdir -p "$work/www" "$work/nginx"
{
	printf '<!DOCTYPE html><html><head><title>bench</title></head><body><p>'
	head -c 1100 /dev/zero | tr '\0' x
	printf '</p></body></html>\n'
} | head -c 1024 >"$work/www/index.html"

# nginx's workers drop root for "nobody" when started as root: let them read the page.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/index.html"

# nginx: 2 workers, the same TLS profile and security headers as ours, no access log.
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 20000;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NPORT ssl;
		ssl_certificate $cert;
		ssl_certificate_key $work/plain_key.pem;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305;
		ssl_ecdh_curve X25519:prime256v1:secp384r1;
		ssl_session_cache shared:SSL:10m;
		root $work/www;
		add_header Strict-Transport-Security "max-age=63072000" always;
		add_header X-Content-Type-Options nosniff always;
		add_header Content-Security-Policy "default-src 'self'" always;
		add_header Referrer-Policy no-referrer always;
		add_header X-Frame-Options DENY always;
	}
}
EOF
"$NGINX" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
"$build/server/https_server" --port "$PORT" --cert "$cert" --key "$key" --pass "file:$work/pass.txt" \
	--docroot "$work/www" --access-log off 2>"$work/server.log" &
ours=$!
for _ in $(seq 50); do
	grep -q 'listening on' "$work/server.log" && [ -s "$work/nginx/nginx.pid" ] && break
	sleep 0.1
done
grep -q 'listening on' "$work/server.log" || { cat "$work/server.log" >&2; exit 1; }
sleep 0.5

tick=$(getconf CLK_TCK)
# pids NAME: the processes of one server (nginx: master and workers).
pids() {
	if [ "$1" = ours ]; then echo "$ours"; else echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"; fi
}
cpu_ticks() {
	local p t=0
	for p in $(pids "$1"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
	echo "$t"
}
mem_kib() { # mem NAME FIELD: Rss or Pss summed, KiB
	local p t=0
	for p in $(pids "$1"); do t=$((t + $(awk -v f="$2:" '$1 == f { print $2 }' "/proc/$p/smaps_rollup"))); done
	echo "$t"
}
threads() { awk '/^Threads:/ { print $2 }' "/proc/$ours/status"; }
port_of() { if [ "$1" = ours ]; then echo "$PORT"; else echo "$NPORT"; fi; }

# wrk_run NAME CONNS: sets REQS RPS ERRS US (server CPU us/request); samples memory mid-run.
wrk_run() {
	local before after out=$work/wrk_$1_$2.txt
	before=$(cpu_ticks "$1")
	wrk -t1 -c"$2" -d"${DURATION}s" "https://127.0.0.1:$(port_of "$1")/" >"$out" 2>&1 &
	local w=$!
	sleep "$(awk -v d="$DURATION" 'BEGIN { print d * 0.6 }')"
	RSS=$(mem_kib "$1" Rss)
	PSS=$(mem_kib "$1" Pss)
	[ "$1" = ours ] && THR=$(threads)
	wait "$w"
	after=$(cpu_ticks "$1")
	REQS=$(awk '/requests in/ { print $1 }' "$out")
	RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
	ERRS=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $NF } END { print n + 0 }' "$out")
	US=$(awk -v t=$((after - before)) -v n="${REQS:-0}" -v hz="$tick" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan" }')
}

# hs_run NAME VERSION: sets HS (handshakes) and HSUS (server CPU us/handshake incl. one GET).
hs_run() {
	local before after out=$work/stime_$1_$2.txt
	before=$(cpu_ticks "$1")
	openssl s_time -connect "127.0.0.1:$(port_of "$1")" -new "-$2" -time "$DURATION" -www / >"$out" 2>&1 || true
	after=$(cpu_ticks "$1")
	HS=$(awk '/connections in [0-9.]+s;/ { print $1; exit }' "$out")
	HSUS=$(awk -v t=$((after - before)) -v n="${HS:-0}" -v hz="$tick" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "nan" }')
}

# trickle_run NAME: sets TMED TMAX (ms) and TFAIL: 20 GETs, each on a new connection,
# 3 s after 1,000 connections began to trickle their heads (before the 10 s head
# deadlines of either server end them).
trickle_run() {
	local p i out=$work/trickle_$1.txt
	p=$(port_of "$1")
	slowhttptest -H -c 1000 -r 500 -i 1 -x 10 -l 20 -p 3 -u "https://127.0.0.1:$p/" \
		>"$work/slowhttptest_$1.log" 2>&1 &
	local s=$!
	sleep 3
	: >"$out"
	TFAIL=0
	for i in $(seq 20); do
		curl -s --max-time 15 --cacert "$work/pki/ca_certificates_for_client/ca_public_key.pem" \
			-o /dev/null -w '%{http_code} %{time_total}\n' "https://localhost:$p/?probe=$i" >>"$out" ||
			TFAIL=$((TFAIL + 1))
		sleep 0.2
	done
	kill "$s" 2>/dev/null || true
	wait "$s" 2>/dev/null || true
	TFAIL=$((TFAIL + $(awk '$1 != 200' "$out" | wc -l)))
	TMED=$(awk '$1 == 200 { print $2 * 1000 }' "$out" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f", v[int((NR + 1) / 2)]; else print "nan" }')
	TMAX=$(awk '$1 == 200 { print $2 * 1000 }' "$out" | sort -n | tail -1 | awk '{ printf "%.0f", $1 }')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

start_threads=$(threads)
start_rss=$(mem_kib ours Rss)
echo "https_server $("$build/server/https_server" --version | head -1) vs $("$NGINX" -v 2>&1 | sed 's/.*: //') (2 workers)"
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); ${DURATION}s per run"
echo "ours at start: $start_threads threads, RSS $((start_rss / 1024)) MiB; nginx at start: RSS $(($(mem_kib nginx Rss) / 1024)) MiB"
echo
printf '%-34s %12s %12s %8s\n' "measure" "ours" "nginx" "ratio"

if part 1; then
wrk_run ours 50
o_us=$US o_rps=$RPS o_err=$ERRS
wrk_run nginx 50
printf '%-34s %12s %12s %8s\n' "CPU us/request, keep-alive c50" "$o_us" "$US" "$(ratio "$o_us" "$US")"
printf '%-34s %12s %12s %8s\n' "  req/s (errors) c50" "$o_rps ($o_err)" "$RPS ($ERRS)" "$(ratio "$o_rps" "$RPS")"
fi

part 2 && for v in tls1_3 tls1_2; do
	hs_run ours $v
	o_hs=$HSUS o_n=$HS
	hs_run nginx $v
	printf '%-34s %12s %12s %8s\n' "CPU us/full handshake, ${v/tls1_/TLS 1.}" "$o_hs" "$HSUS" "$(ratio "$o_hs" "$HSUS")"
	printf '%-34s %12s %12s\n' "  handshakes in ${DURATION}s" "$o_n" "$HS"
done

part 3 && for c in 200 500 1000; do
	wrk_run ours $c
	o_rps=$RPS o_err=$ERRS o_us=$US o_rss=$RSS o_pss=$PSS o_thr=$THR
	wrk_run nginx $c
	printf '%-34s %12s %12s %8s\n' "req/s (errors) keep-alive c$c" "$o_rps ($o_err)" "$RPS ($ERRS)" "$(ratio "$o_rps" "$RPS")"
	printf '%-34s %12s %12s %8s\n' "  CPU us/request c$c" "$o_us" "$US" "$(ratio "$o_us" "$US")"
	printf '%-34s %12s %12s %8s\n' "  RSS MiB during c$c" "$((o_rss / 1024))" "$((RSS / 1024))" "$(ratio "$o_rss" "$RSS")"
	printf '%-34s %12s %12s %8s\n' "  PSS MiB during c$c" "$((o_pss / 1024))" "$((PSS / 1024))" "$(ratio "$o_pss" "$PSS")"
	printf '%-34s %12s\n' "  our threads during c$c" "$o_thr"
done

if part 4; then
	trickle_run ours
	o_med=$TMED o_max=$TMAX o_fail=$TFAIL
	trickle_run nginx
	printf '%-34s %12s %12s %8s\n' "GET ms under 1000 trickling, median" "$o_med" "$TMED" "$(ratio "$o_med" "$TMED")"
	printf '%-34s %12s %12s %8s\n' "  slowest of 20" "$o_max" "$TMAX" "$(ratio "$o_max" "$TMAX")"
	printf '%-34s %12s %12s\n' "  failed of 20" "$o_fail" "$TFAIL"
fi
