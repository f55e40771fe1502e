#!/usr/bin/env bash
# The local badssl.com, three verifiers side by side. `https_pki badssl` makes
# the set; `https_server --badssl` serves every case on one port, chosen by SNI
# (the IP-URL cases by the loopback address; the IPv6 one, which this civetweb
# build cannot listen on, by `openssl s_server` on [::1]). For every case of
# manifest.tsv:
#   - https_client exits with the manifest's code (0 for the controls) and, when
#     it accepts, shows the page of the case the server chose;
#   - `https_pki verify` on the same chain reaches the same verdict and exit code;
#   - headless Chromium (every root of the set trusted in a throwaway NSS
#     database) fails with the manifest's net::ERR_... or loads the page, and
#     its verdict is the manifest's, without exception: where the policy is
#     stricter than Chromium (the manifest gives the reason), the rule is a
#     warning, and with --strict both our verifiers refuse with the rule's code.
# One Chromium process per case (about a second each): a shared process would
# carry intermediates and sessions from one case to the next.
# ctest-labels: slow browser
# ctest-timeout: 900
source "$(dirname "$0")/lib.sh" # first: $TEST_LIB changes directory
# shellcheck source=../integration/lib.sh
source "$TEST_LIB"
require_browser_tools

set_dir=$TEST_WORK_DIR/set
if timeout 300 "$HTTPS_PKI" badssl "$set_dir" --pass "$TEST_PASS" >badssl.out 2>&1 &&
	[ -f "$set_dir/manifest.tsv" ]; then
	ok "https_pki badssl made the set"
else
	fail "https_pki badssl failed; its output:"
	sed 's/^/    /' badssl.out >&2
	finish
fi
M=$set_dir/manifest.tsv
n_cases=$(grep -vc '^#' "$M")
[ "$n_cases" -ge 40 ] && ok "the set has $n_cases cases (at least 40)" ||
	fail "the set has only $n_cases cases"

P=$(port 0)
P6=$(port 1)
if start_bg sni "$HTTPS_SERVER" --badssl "$set_dir" --pass "$TEST_PASS" --port "$P" &&
	wait_for_log sni 'listening on https://' 240; then
	SNI_PID=$BG_PID
	ok "https_server --badssl listens on port $P"
else
	fail "https_server --badssl did not start; its log:"
	sed 's/^/    /' sni.log >&2
	finish
fi
expect_grep sni.log 'badssl mode listens on loopback only' "the banner says loopback only"

# The IPv6 control(s): openssl s_server on [::1] with the case's own files.
serve_v6() {
	local dir=$1 chain=$2 key=$3
	awk 'n==0{print} /END CERTIFICATE/{n=1}' "$dir/$chain" >v6.leaf.pem
	awk 'n==1{print} /END CERTIFICATE/{n=1}' "$dir/$chain" >v6.chain.pem
	start_bg v6 openssl s_server -accept "[::1]:$P6" -www -cert v6.leaf.pem \
		-cert_chain v6.chain.pem -key "$dir/$key" -pass "$TEST_PASS"
	wait_for_log v6 '^ACCEPT'
}

# Every root a case trusts goes into one throwaway NSS database, with certutil
# itself: https_pki trust rightly refuses the v1 root and the root without
# basicConstraints, whose handling by Chromium is what those cases measure.
home=$(new_home badssl)
mkdir -p "$home/.pki/nssdb"
certutil -N -d "sql:$home/.pki/nssdb" --empty-password >certutil.log 2>&1
n_roots=0
while read -r _ f; do
	n_roots=$((n_roots + 1))
	certutil -A -d "sql:$home/.pki/nssdb" -t 'C,,' -n "badssl-root-$n_roots" -i "$f" \
		>>certutil.log 2>&1 || fail "certutil could not import $f"
done < <(sha256sum "$set_dir"/*/ca.pem | sort -u -k1,1)
[ "$n_roots" -ge 3 ] && ok "$n_roots distinct roots trusted in $home/.pki/nssdb" ||
	fail "only $n_roots roots"

# Chromium reaches names outside .localhost only through these rules (loopback only).
map="MAP *.localhost 127.0.0.1"
while IFS=$'\t' read -r _ host _; do
	case $host in
	*.localhost | *:* | [0-9]*) ;;
	*) map="$map, MAP $host 127.0.0.1" ;;
	esac
done < <(grep -v '^#' "$M")
BROWSER_RULES="$BROWSER_RULES, EXCLUDE 127.0.0.2, EXCLUDE ::1"

verdict() { [ "$1" -eq 0 ] && echo accept || echo reject; }

summary=summary.tsv
printf 'case\texpect\tclient\tpki_verify\tchromium\n' >"$summary"
while IFS=$'\t' read -r name host expect rule code chromium lenient chain key note; do
	dir=$set_dir/$name
	port=$P
	case $host in
	*:*)
		port=$P6
		url="https://[$host]:$port/"
		serve_v6 "$dir" "$chain" "$key" || fail "$name: s_server on [::1] did not start"
		;;
	*) url="https://$host:$port/" ;;
	esac
	resolve=()
	case $host in
	*:* | [0-9]*) ;;
	*) resolve=(--resolve "$host:$port:127.0.0.1") ;;
	esac

	# 1. our client: the exit code of the manifest.
	run "client_$name" "$HTTPS_CLIENT" --cacert "$dir/ca.pem" "${resolve[@]}" \
		--connect-timeout 10 -m 20 "$url"
	c_rc=$RC
	c_want=$code
	# wolfSSL refuses this one while reading the leaf (tests/integration/lib.sh).
	[ "$name" = "$BADSSL_WOLFSSL_REFUSES" ] && c_want=10
	if [ "$c_rc" -eq "$c_want" ]; then
		ok "$name: https_client exit $c_rc"
	else
		fail "$name: https_client exit $c_rc, want $c_want ($rule); its stderr:"
		head -n 3 "client_$name.err" | sed 's/^/    /' >&2
	fi
	if [ "$c_rc" -eq 0 ] && [ "${host#*:}" = "$host" ]; then
		expect_grep "client_$name.out" "id=\"badssl-case\">$name<" "$name: the server chose this case"
	fi

	# 1b. --strict: the rules stricter than Chromium fail, with their code.
	strict=$code
	[ "$lenient" != - ] && strict=$(sed -E 's/^--strict exits ([0-9]+):.*/\1/' <<<"$lenient")
	run "client_strict_$name" "$HTTPS_CLIENT" --strict --cacert "$dir/ca.pem" "${resolve[@]}" \
		--connect-timeout 10 -m 20 "$url"
	[ "$RC" -eq "$strict" ] && ok "$name: https_client --strict exit $RC" ||
		fail "$name: https_client --strict exit $RC, want $strict ($rule)"
	run "verify_strict_$name" "$HTTPS_PKI" verify "$dir/$chain" --ca "$dir/ca.pem" --host "$host" --strict
	[ "$RC" -eq "$strict" ] && ok "$name: https_pki verify --strict exit $RC" ||
		fail "$name: https_pki verify --strict exit $RC, want $strict ($rule)"

	# 2. https_pki verify: the same verdict and exit code on the same chain (one table).
	run "verify_$name" "$HTTPS_PKI" verify "$dir/$chain" --ca "$dir/ca.pem" --host "$host"
	v_rc=$RC
	if [ "$(verdict "$v_rc")" = "$expect" ] && [ "$v_rc" -eq "$code" ]; then
		ok "$name: https_pki verify says $expect (exit $v_rc)"
	else
		fail "$name: https_pki verify exit $v_rc, want $expect with exit $code ($rule); its stderr:"
		head -n 3 "verify_$name.err" | sed 's/^/    /' >&2
	fi

	# 3. Chromium: its measured net error, or the page.
	BROWSER_MAP=$map browser "chromium_$name" "$home" "$url" --dump-dom
	got=${NET_ERR:-OK}
	if [ "$got" = "$chromium" ]; then
		ok "$name: Chromium says $got"
	else
		fail "$name: Chromium says $got, the manifest $chromium"
		grep -v -e dbus -e 'unexpected operator' "chromium_$name.err" | tail -n 3 | sed 's/^/    /' >&2
	fi
	if [ "$got" = OK ] && [ "${host#*:}" = "$host" ]; then
		expect_grep "chromium_$name.dom" "id=\"badssl-case\">$name<" "$name: Chromium shows this case's page"
	fi
	b_verdict=reject
	[ "$got" = OK ] && b_verdict=accept
	if [ "$b_verdict" = "$expect" ]; then
		ok "$name: Chromium agrees ($expect)"
	else
		fail "$name: Chromium says $b_verdict, the manifest $expect"
	fi
	[ "$lenient" = - ] || [ "$got" = OK ] ||
		fail "$name: listed as stricter than Chromium, but Chromium refuses; drop the reason"
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$expect" "$c_rc" "$v_rc" "$got" >>"$summary"
	case $host in *:*) stop_pid "$BG_PID" ;; esac
done < <(grep -v '^#' "$M")

# The index page lists every case.
run index "$HTTPS_CLIENT" --cacert "$set_dir/ca.pem" --resolve "badssl.localhost:$P:127.0.0.1" \
	"https://badssl.localhost:$P/"
[ "$(grep -c '<tr id="case-' index.out)" -eq "$n_cases" ] &&
	ok "the index at badssl.localhost lists all $n_cases cases" || fail "the index misses cases"
# Loopback only: --badssl refuses any other address.
expect_rc refuse_bind 2 "$HTTPS_SERVER" --badssl "$set_dir" --pass "$TEST_PASS" --bind 0.0.0.0 \
	--port "$(port 2)"
expect_grep refuse_bind.err 'loopback only' "--badssl with --bind 0.0.0.0 is refused"
stop_pid "$SNI_PID"
column -t -s $'\t' "$summary" >&2
finish
