#!/usr/bin/env bash
# Every JSON output stays JSON for hostile names: a certificate whose subject
# holds quotes, a backslash, control characters, markup and bytes beyond
# ASCII (minted with the openssl CLI), served by https_server and presented
# as a client certificate, read by https_client --report and -w '%{json}',
# https_server's /whoami (with hostile request headers) and https_pki
# inspect --json. Each output must parse (python3 json) and hold the name.
# shellcheck source=tests/integration/lib.sh
source "$TEST_LIB"

P=$(port 0)
CN=$(printf 'Eve "q" \\\\ \001\037\177 \303\251 <x> & \\"')
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
	-days 30 -subj '/CN=Hostile Test CA' -addext 'basicConstraints=critical,CA:TRUE' \
	-addext 'keyUsage=critical,keyCertSign,cRLSign' >mint.log 2>&1
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key \
	-subj "/CN=$CN" -out leaf.csr >>mint.log 2>&1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -days 30 -out leaf.pem \
	-extfile leaf.ext >>mint.log 2>&1
openssl pkcs8 -topk8 -v2 aes-256-cbc -in leaf.key -passout "$TEST_PASS" -out leaf.enc.key \
	>>mint.log 2>&1
if [ ! -s leaf.enc.key ]; then
	fail "could not mint the hostile certificate: $(cat mint.log)"
	finish
fi
subject=$(openssl x509 -in leaf.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
case $subject in
*'"'*'\\'*'<x'*) ok "hostile subject minted: $subject" ;;
*) fail "the minted subject lost its hostile bytes: $subject" ;;
esac

# parses NAME WHAT [PYTHON-CHECK]: NAME.out is one JSON document (and CHECK holds on d).
parses() {
	if SUBJ=$subject python3 -c 'import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1.out" "${3:-True}" 2>"$1.py"; then
		ok "$2: valid JSON"
	else
		fail "$2: not JSON or check failed: $(head -c 300 "$1.py") $(head -c 600 "$1.out")"
	fi
}

# https_pki inspect --json
run inspect "$HTTPS_PKI" inspect --json leaf.pem ca.pem
[ "$RC" -eq 0 ] || fail "inspect exit $RC: $(cat inspect.err)"
head -n 1 inspect.out >inspect1.out
parses inspect1 "inspect --json" 'd["certificates"][0]["subject"].startswith("CN=Eve")'
python3 -m json.tool inspect1.out >/dev/null && ok "inspect --json: json.tool reads it" ||
	fail "inspect --json: json.tool refuses it"

start_server srv --port "$P" --cert leaf.pem --key leaf.enc.key --pass "$TEST_PASS" \
	--client-ca ca.pem --client-cert optional --access-log off ||
	{ fail "server did not start"; finish; }

# https_client --report and -w '%{json}' (the chain holds the hostile subject)
run client "$HTTPS_CLIENT" -s -o /dev/null --cacert ca.pem --report report.out \
	-w '%{json}' "https://localhost:$P/"
cp client.out wo.out
parses report "https_client --report" '"Eve" in d["chain"][0]["subject"] and "<x>" in d["chain"][0]["subject"]'
parses wo "https_client -w %{json}" 'd["remote_port"] == '"$P"
python3 -m json.tool report.out >/dev/null && ok "--report: json.tool reads it" ||
	fail "--report: json.tool refuses it"

# A failure with the hostile name in the error message: the wrong CA.
run client_bad "$HTTPS_CLIENT" -s -o /dev/null --cacert "$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem" \
	--report report_bad.out -w '%{json}' "https://localhost:$P/"
[ "$RC" -ne 0 ] && ok "wrong CA refused (exit $RC)" || fail "wrong CA accepted"
cp client_bad.out wo_bad.out
parses report_bad "--report of a refused chain" 'd["exit_code"] != 0 and d["error"] != ""'
parses wo_bad "-w %{json} of a refused chain" 'd["exitcode"] != 0'

# /whoami as JSON: the hostile certificate as the client's, hostile request headers.
run whoami curl -sS --max-time 10 --cacert ca.pem --cert leaf.pem --key leaf.key \
	-H 'Accept: text/html;q=0.1, application/json, "\x"' \
	-H "User-Agent: $(printf 'ua "\\ \303\251 \377')" -H 'X-Evil: {"a":' \
	"https://localhost:$P/whoami"
parses whoami "/whoami JSON" 'd["client_certificate"]["subject"] == os.environ["SUBJ"]'
python3 -m json.tool whoami.out >/dev/null && ok "/whoami: json.tool reads it" ||
	fail "/whoami: json.tool refuses it"
# Negative: the validator refuses what is not JSON (the check can fail).
printf '{"a": "b\001"}' >notjson.out
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' notjson.out 2>/dev/null; then
	fail "the JSON check accepts a raw control character"
else
	ok "the JSON check refuses a raw control character"
fi
finish
