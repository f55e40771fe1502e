#!/usr/bin/env bash
# Every case of `https_pki badssl` gets the exit code of its manifest line from
# our https_client (0 for the cases Chromium accepts, which must also show the
# case's page; where the policy is stricter than Chromium, --strict gives the
# rule's code),
# each served by `https_server --badssl` on one port and chosen by SNI (the
# IPv6 control, which this civetweb build cannot listen on, by openssl
# s_server on [::1]). The browser side of the same set is
# tests/browser/badssl_differential.sh.
# ctest-labels: pki client
# ctest-timeout: 300
source "$TEST_LIB"

expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "$TEST_PASS"
M=set/manifest.tsv
P=$(port 0)
P6=$(port 1)
if start_bg sni "$HTTPS_SERVER" --badssl set --pass "$TEST_PASS" --port "$P" &&
	wait_for_log sni 'listening on https://' 240; then
	ok "https_server --badssl listens on port $P"
else
	fail "https_server --badssl did not start; its log:"
	sed 's/^/    /' sni.log >&2
	finish
fi

while IFS=$'\t' read -r name host _ rule code _ lenient chain key _; do
	dir=set/$name
	args=(--cacert "$dir/ca.pem" --connect-timeout 10 -m 20)
	case $host in
	*:*)
		awk 'n==0{print} /END CERTIFICATE/{n=1}' "$dir/$chain" >v6.leaf.pem
		awk 'n==1{print} /END CERTIFICATE/{n=1}' "$dir/$chain" >v6.chain.pem
		start_bg "v6_$name" openssl s_server -accept "[::1]:$P6" -www -cert v6.leaf.pem \
			-cert_chain v6.chain.pem -key "$dir/$key" -pass "$TEST_PASS"
		wait_for_log "v6_$name" '^ACCEPT' || fail "$name: s_server on [::1] did not start"
		url="https://[$host]:$P6/"
		;;
	[0-9]*) url="https://$host:$P/" ;;
	*)
		url="https://$host:$P/"
		args+=(--resolve "$host:$P:127.0.0.1")
		;;
	esac
	run "client_$name" "$HTTPS_CLIENT" "${args[@]}" "$url"
	if [ "$name" = "$BADSSL_WOLFSSL_REFUSES" ]; then
		code=10
		expect_grep "client_$name.err" "limit of Debian's wolfSSL 5.5.4" \
			"$name: the client says wolfSSL, not the certificate, is at fault"
	fi
	if [ "$RC" -eq "$code" ]; then
		ok "$name: exit $RC"
	else
		fail "$name: exit $RC, want $code ($rule); stderr:"
		head -n 3 "client_$name.err" | sed 's/^/    /' >&2
	fi
	if [ "$code" -ne 0 ]; then
		expect_grep "client_$name.err" '^fix: ' "$name: the refusal has a fix line"
	elif [ "${host#*:}" = "$host" ] && [ "$name" != "$BADSSL_WOLFSSL_REFUSES" ]; then
		expect_grep "client_$name.out" "id=\"badssl-case\">$name<" "$name: the page of this case"
	fi
	# Where the policy is stricter than Chromium, --strict refuses with the rule's code.
	if [ "$lenient" != - ]; then
		strict=$(sed -E 's/^--strict exits ([0-9]+):.*/\1/' <<<"$lenient")
		run "strict_$name" "$HTTPS_CLIENT" --strict "${args[@]}" "$url"
		[ "$RC" -eq "$strict" ] && ok "$name: --strict exit $RC" ||
			fail "$name: --strict exit $RC, want $strict ($rule): $(head -n 1 "strict_$name.err")"
	fi
	case $host in *:*) stop_pid "$BG_PID" ;; esac
done < <(grep -v '^#' "$M")

finish
