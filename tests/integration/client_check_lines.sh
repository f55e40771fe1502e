#!/usr/bin/env bash
# Every check line is true: each case of `https_pki badssl` (served by
# `https_server --badssl`), fetched by https_client with and without -k, gets
# the same failed checks, each printed once, in the same words; -k warns once
# about each and about nothing else; %{ssl_verify_result} and the --report
# JSON agree with the lines; the pin, not asked for, is "not checked"
# (tests/integration/check_lines.py holds the assertions). And the demo-like
# chain, whose root carries name constraints, verifies in -v without a word
# about wolfSSL's name-constraint quirk.
# ctest-labels: client
# ctest-timeout: 300
source "$TEST_LIB"

LINES=$(dirname "$TEST_LIB")/check_lines.py
expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "$TEST_PASS"
P=$(port 0)
if start_bg sni "$HTTPS_SERVER" --badssl set --pass "$TEST_PASS" --port "$P" &&
	wait_for_log sni 'listening on https://' 240; then
	ok "https_server --badssl listens on port $P"
else
	fail "https_server --badssl did not start; its log:"
	sed 's/^/    /' sni.log >&2
	finish
fi

/usr/bin/python3 "$LINES" "$HTTPS_CLIENT" set "$P" >lines.txt 2>lines.py.err
echo "exit $?" >>lines.txt
while read -r verdict what; do
	case $verdict in
	ok) ok "$what" ;;
	FAIL) fail "$what" ;;
	exit) [ "$what" = 0 ] || fail "check_lines.py exited $what" ;;
	esac
done <lines.txt
[ -s lines.py.err ] && sed 's/^/    /' lines.py.err >&2
n=$(grep -c '^ok ' lines.txt)
[ "$n" -gt 1000 ] && ok "$n assertions over the set" || fail "only $n assertions: the set was not read"

# The demo-like chain (a name-constrained root, an intermediate whose CN is no host name):
# trusted at the root itself, without a word about wolfSSL's quirk.
run quiet "$HTTPS_CLIENT" -v -o /dev/null --cacert set/good/ca.pem \
	--resolve "good.badssl.localhost:$P:127.0.0.1" "https://good.badssl.localhost:$P/"
[ "$RC" -eq 0 ] && ok "good: exit 0" || fail "good: exit $RC"
expect_no_grep quiet.err 'quirk|-198|wolfSSL refused' "good: no line about a library quirk"
expect_grep quiet.err '^\* check trust    ok    : chain anchored at trusted CA .*badssl Root CA' \
	"good: anchored at the constrained root"

# The assertions can fail: a client whose JSON says "ok" for a failed check, and which
# warns twice, is caught.
cat >liar.sh <<LIAR
#!/usr/bin/env bash
"$HTTPS_CLIENT" "\$@"
rc=\$?
while [ \$# -gt 0 ]; do [ "\$1" = --report ] && sed -i 's/"failed"/"ok"/' "\$2"; shift; done
echo "WARNING: --insecure: check FAILED and was ignored: name check failed: twice" >&2
exit \$rc
LIAR
chmod +x liar.sh
mkdir -p liar
(cd liar && /usr/bin/python3 "$LINES" ../liar.sh ../set "$P" wrong-host >lines.txt)
rc=$?
[ "$rc" -eq 1 ] && ok "check_lines.py fails a lying client" ||
	fail "check_lines.py exited $rc on a lying client"
expect_grep liar/lines.txt '^FAIL wrong-host(_k)?: JSON name is .ok.' "it catches the JSON that says ok"
expect_grep liar/lines.txt '^FAIL wrong-host: -k warns once' "it catches a warning given twice"

finish
