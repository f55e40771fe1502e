#!/usr/bin/env bash
# https_client where it overlaps curl: bundled short options (-sS, -vk,
# -sSo FILE), -S, -w/--write-out with curl's variables and %{json} (checked
# against curl's own -w on the same server), --tlsv1.2/--tlsv1.3 as minimum
# versions with --tls-max, --tls13-ciphers, an honest note when a TLS 1.2
# --ciphers list can go unused, --report and the deprecated --json (which must
# not take a URL as its file), "did you mean" on a typo, and usage errors
# exiting 2 (--pass hunter2 too).
# ctest-labels: client valgrind
# ctest-timeout: 300
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
SITE=$P/certificates/site_public_key.pem
KEY=$P/certificates/site_private_key.pem
C=$HTTPS_CLIENT
PORT=$(port 0)
URL=https://localhost:$PORT/

# A long handshake deadline: under valgrind (label valgrind) a client handshake takes seconds.
start_server server --port "$PORT" --cert "$SITE" --key "$KEY" --pass "$TEST_PASS" \
	--handshake-timeout 60000 --docroot "$DEMO_SOURCE_DIR/server/www" ||
	{ fail "https_server did not start"; finish; }

# Bundled short options and -S.
expect_rc bundle_sS 0 "$C" -sS --cacert "$CA" "$URL"
expect_grep bundle_sS.out '<html' "-sS fetches the page"
expect_rc bundle_so 0 "$C" -sSo page.html --cacert "$CA" "$URL"
expect_grep page.html '<html' "-sSo FILE writes the body to FILE"
expect_rc bundle_vk 0 "$C" -vk --cacert "$CA" "$URL"
expect_grep bundle_vk.err '^WARNING: --insecure' "-vk: -k warns"
expect_grep bundle_vk.err '^\* check trust +ok' "-vk: -v traces"
expect_rc silent_fail 4 "$C" -s --cacert "$CA" "https://localhost:$(port 1)/"
[ -s silent_fail.err ] && fail "-s printed: $(cat silent_fail.err)" || ok "-s alone prints no error"
expect_rc silent_show 4 "$C" -sS --cacert "$CA" "https://localhost:$(port 1)/"
expect_grep silent_show.err '^https_client: .*refused' "-sS still prints the error"
expect_rc bundle_bad 2 "$C" -sZ "$URL"
expect_grep bundle_bad.err "unknown option '-Z' in -sZ" "an unknown letter in a bundle is named"

# -w/--write-out: the variables curl has, compared with curl's own on the same server.
W='%{http_code} %{size_download} %{num_connects} %{remote_ip} %{remote_port} %{ssl_verify_result}\n'
expect_rc wo 0 "$C" -s -o /dev/null --cacert "$CA" -w "$W" "$URL"
curl -s -o /dev/null --cacert "$CA" -w "$W" "$URL" >wo_curl.out 2>wo_curl.err
cmp -s wo.out wo_curl.out && ok "-w prints what curl prints: $(cat wo.out)" ||
	fail "-w differs from curl: ours '$(cat wo.out)', curl '$(cat wo_curl.out)'"
expect_rc wo_times 0 "$C" -s -o /dev/null --cacert "$CA" --write-out \
	'%{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}' "$URL"
if awk '{ exit !($1 >= 0 && $1 <= $2 && $2 <= $3 && $3 <= $4 && $4 <= $5 && $5 > 0 && $5 < 20) }' wo_times.out; then
	ok "-w times are ordered as curl's: $(cat wo_times.out)"
else
	fail "-w times out of order: $(cat wo_times.out)"
fi
expect_rc wo_json 0 "$C" -s -o /dev/null --cacert "$CA" -w '%{json}' "$URL"
if python3 -c 'import json,sys; d=json.load(open("wo_json.out")); assert d["http_code"]==200 and d["ssl_verify_result"]==0 and d["size_download"]>0 and d["exitcode"]==0, d' 2>wo_json.py; then
	ok "%{json} is one JSON object with curl's names"
else
	fail "%{json}: $(cat wo_json.py wo_json.out)"
fi
printf '%s' 'code=%{http_code}\n%{stderr}to-stderr %%\n' >fmt.txt
expect_rc wo_file 0 "$C" -s -o /dev/null --cacert "$CA" -w @fmt.txt "$URL"
expect_grep wo_file.out '^code=200$' "-w @FILE reads the format; \\n is a newline"
expect_grep wo_file.err '^to-stderr %$' "%{stderr} switches; %% is a percent sign"
expect_rc wo_nofile 24 "$C" -s -o /dev/null --cacert "$CA" -w @missing.txt "$URL"
expect_rc wo_unknown 0 "$C" -s -o /dev/null --cacert "$CA" -w '%{http_cod}' "$URL"
expect_grep wo_unknown.err "unknown variable 'http_cod' \(did you mean http_code\?\)" "-w: a typo gets a suggestion"
# On a failure -w still prints, as curl does: code 000 and the failed check.
expect_rc wo_fail 12 "$C" -s -o /dev/null --cacert "$P/other/ca_certificates_for_client/ca_public_key.pem" \
	-w '%{http_code} %{ssl_verify_result} %{exitcode}' "$URL"
expect_grep wo_fail.out '^000 20 12$' "-w on an untrusted server: 000, X509 error 20, exit 12"

# Versions as curl spells them: a minimum, with --tls-max.
expect_rc v12min 0 "$C" -s -o /dev/null --cacert "$CA" --tlsv1.2 -w '%{json}' --report v12min.json "$URL"
expect_grep v12min.json '"tls_version": "TLSv1.3"' "--tlsv1.2 is a minimum: TLS 1.3 still wins"
expect_rc v12only 0 "$C" -s -o /dev/null --cacert "$CA" --tlsv1.2 --tls-max 1.2 --report v12only.json "$URL"
expect_grep v12only.json '"tls_version": "TLSv1.2"' "--tls-max 1.2 gives TLS 1.2"
expect_rc v13 0 "$C" -s -o /dev/null --cacert "$CA" --tlsv1.3 "$URL"
expect_rc v13max12 2 "$C" --cacert "$CA" --tlsv1.3 --tls-max 1.2 "$URL"

# --ciphers is TLS 1.2 only: say so when TLS 1.3 can still win; refuse when it cannot matter.
expect_rc ciphers_note 0 "$C" -o /dev/null --cacert "$CA" --tlsv1.2 \
	--ciphers ECDHE-ECDSA-AES256-GCM-SHA384 --report cn.json "$URL"
expect_grep ciphers_note.err 'note: --ciphers applies to TLS 1.2 only' "unused --ciphers is said"
expect_grep cn.json '"tls_version": "TLSv1.3"' "and TLS 1.3 did win"
expect_rc ciphers_only 0 "$C" -o /dev/null --cacert "$CA" --tlsv1.2 --tls-max 1.2 \
	--ciphers ECDHE-ECDSA-AES256-GCM-SHA384 --report co.json "$URL"
expect_no_grep ciphers_only.err 'note:' "no note when only TLS 1.2 is allowed"
expect_grep co.json '"cipher": "ECDHE-ECDSA-AES256-GCM-SHA384"' "--ciphers is used with --tls-max 1.2"
expect_rc ciphers_13 2 "$C" --cacert "$CA" --ciphers ECDHE-ECDSA-AES256-GCM-SHA384 "$URL"
expect_grep ciphers_13.err '^fix: add --tlsv1.2 --tls-max 1.2' "--ciphers with TLS 1.3 only: refused with a fix"

# --tls13-ciphers, in curl's (IANA) names and wolfSSL's.
expect_rc t13c 0 "$C" -s -o /dev/null --cacert "$CA" --tls13-ciphers TLS_AES_256_GCM_SHA384 --report t13.json "$URL"
expect_grep t13.json '"cipher": "TLS13-AES256-GCM-SHA384"' "--tls13-ciphers picks the suite"
expect_rc t13c_wolf 0 "$C" -s -o /dev/null --cacert "$CA" --tls13-ciphers TLS13-CHACHA20-POLY1305-SHA256 \
	--report t13w.json "$URL"
expect_grep t13w.json '"cipher": "TLS13-CHACHA20-POLY1305-SHA256"' "wolfSSL's names work too"
expect_rc t13c_bad 2 "$C" --cacert "$CA" --tls13-ciphers ECDHE-ECDSA-AES128-GCM-SHA256 "$URL"
expect_grep t13c_bad.err 'is not a TLS 1.3 suite' "a TLS 1.2 name in --tls13-ciphers is refused"
expect_rc t13c_max12 2 "$C" --cacert "$CA" --tls-max 1.2 --tls13-ciphers TLS_AES_128_GCM_SHA256 "$URL"

# --report, and the old --json: a warning, and never a URL taken as its file.
expect_rc report 0 "$C" -s -o /dev/null --cacert "$CA" --report r.json "$URL"
expect_grep r.json '"http_status": 200' "--report writes the JSON document"
expect_rc json_old 0 "$C" -o /dev/null --cacert "$CA" --json j.json "$URL"
expect_grep json_old.err 'warning: --json is deprecated' "--json warns"
expect_grep j.json '"http_status": 200' "--json still writes the report"
expect_rc json_url 2 "$C" --cacert "$CA" --json "$URL"
expect_grep json_url.err 'looks like a URL' "--json URL: the URL is not taken as a file"
[ -e "$URL" ] || [ -e "https:" ] && fail "--json URL created a file" || ok "--json URL wrote no file"

# Typos and usage errors: "did you mean", exit 2.
expect_rc typo 2 "$C" --cacret "$CA" "$URL"
expect_grep typo.err '^fix: did you mean --cacert\?' "did you mean --cacert"
expect_rc typo_wo 2 "$C" --write-ot x "$URL"
expect_grep typo_wo.err 'did you mean --write-out' "did you mean --write-out"
expect_rc pass_word 2 "$C" --cert "$P/certificates/client_public_key.pem" --pass hunter2 "$URL"
expect_grep pass_word.err 'not a passphrase source' "--pass hunter2 is a usage error"
expect_no_grep pass_word.err 'hunter2' "and the word is not echoed"
expect_rc help 0 "$C" --help
expect_grep help.out '%\{time_appconnect\}' "--help lists the -w variables"

finish
