#!/usr/bin/env bash
# The certificate policy (docs/verification.md) in real handshakes, served by
# an independent server (openssl s_server): real-world chains pass (P-384
# root, RSA-2048 intermediate and leaf, a name-constrained root, the layout
# certbot writes, an IPv6 URL, a CA file that holds only the intermediate,
# which -v then names as the anchor), and https_client and https_pki verify
# reach the same verdict with the same rule on the failing chains.
# ctest-labels: client pki
# ctest-timeout: 180
source "$TEST_LIB"

P=$TEST_PKI_DIR
CA=$P/ca_certificates_for_client/ca_public_key.pem
C=$HTTPS_CLIENT

serve() { # serve NAME ADDR PORT CERT KEY: openssl s_server sending CERT's leaf and the rest
	local name=$1 addr=$2 p=$3 cert=$4 key=$5 i
	awk '/BEGIN CERT/ {n++} n == 1' "$cert" >"$name.leaf.pem"
	awk '/BEGIN CERT/ {n++} n > 1' "$cert" >"$name.chain.pem"
	local chain=()
	[ -s "$name.chain.pem" ] && chain=(-cert_chain "$name.chain.pem")
	start_bg "$name" openssl s_server -accept "$addr:$p" -www -quiet -naccept 10 \
		-cert "$name.leaf.pem" "${chain[@]}" -key "$key" -pass "$TEST_PASS"
	for i in $(seq 50); do
		grep -q 'ACCEPT' "$name.log" 2>/dev/null && return 0
		(exec 3<>"/dev/tcp/${addr//[\[\]]/}/$p") 2>/dev/null && return 0
		sleep 0.1
	done
	fail "$name did not start: $(head -3 "$name.log")"
}

# A second hierarchy: P-384 root with the demo's constraints (so wolfSSL's
# name-constraint quirk is met), RSA-2048 intermediate and leaves.
cat >h.yaml <<'EOF'
root:
  subject: "CN=Policy Test Root CA,O=HTTPS Demo"
  key: p384
  name_constraints: [ "DNS:localhost", "IP:127.0.0.1/32", "IP:::1/128" ]
intermediate:
  subject: "CN=Policy Test Intermediate CA,O=HTTPS Demo"
  key: rsa2048
leaves:
  rsa:
    profile: server
    key: rsa2048
    subject: "CN=localhost,O=HTTPS Demo"
    sans: [ "DNS:localhost", "IP:127.0.0.1", "IP:::1" ]
  p384:
    profile: server
    key: p384
    subject: "CN=localhost,O=HTTPS Demo"
    sans: [ "DNS:localhost", "IP:::1" ]
EOF
expect_rc init 0 "$HTTPS_PKI" init --config h.yaml --dir h --pass "$TEST_PASS"
HCA=h/ca_certificates_for_client/ca_public_key.pem

i=0
for leaf in rsa p384; do
	p=$(port $i)
	i=$((i + 1))
	serve "srv_$leaf" 127.0.0.1 "$p" "h/certificates/${leaf}_public_key.pem" \
		"h/certificates/${leaf}_private_key.pem"
	expect_rc "client_$leaf" 0 "$C" -v --cacert "$HCA" --max-time 20 "https://localhost:$p/"
	expect_grep "client_$leaf.err" "check trust +ok +: chain anchored at trusted CA '.*Policy Test Root CA" \
		"$leaf: the root is the anchor"
	expect_rc "verify_$leaf" 0 "$HTTPS_PKI" verify "h/certificates/${leaf}_public_key.pem" --ca "$HCA" \
		--host localhost
done

# IPv6: the address is compared as an address, not as text.
p=$(port $i)
i=$((i + 1))
serve srv_v6 '[::1]' "$p" h/certificates/p384_public_key.pem h/certificates/p384_private_key.pem
expect_rc client_v6 0 "$C" -v --cacert "$HCA" --max-time 20 "https://[::1]:$p/"
expect_grep client_v6.err "check name +ok +: IP:::1 matches '::1'" "https://[::1]/ matches IP:::1"
expect_rc verify_v6 0 "$HTTPS_PKI" verify h/certificates/p384_public_key.pem --ca "$HCA" --host ::1
# The demo leaf has no IP:::1: refused with the name check, by both verifiers.
p=$(port $i)
i=$((i + 1))
serve srv_v6demo '[::1]' "$p" "$P/certificates/site_public_key.pem" "$P/certificates/site_private_key.pem"
expect_rc client_v6demo 17 "$C" --cacert "$CA" --max-time 20 "https://[::1]:$p/"
expect_grep client_v6demo.err 'rule name.mismatch' "no IP:::1: name mismatch"
expect_rc verify_v6demo 17 "$HTTPS_PKI" verify "$P/certificates/site_public_key.pem" --ca "$CA" --host ::1

# A CA file holding only the intermediate: that intermediate is the anchor -v names.
awk '/BEGIN CERT/ {n++} n == 2' "$P/certificates/site_public_key.pem" >inter_only.pem
p=$(port $i)
i=$((i + 1))
serve srv_demo 127.0.0.1 "$p" "$P/certificates/site_public_key.pem" "$P/certificates/site_private_key.pem"
expect_rc client_inter_anchor 0 "$C" -v --cacert inter_only.pem --max-time 20 "https://localhost:$p/"
expect_grep client_inter_anchor.err "chain anchored at trusted CA '.*CN=HTTPS Demo Intermediate CA'" \
	"-v names the intermediate as the anchor"
expect_no_grep client_inter_anchor.err "anchored at trusted CA '.*Root CA'" "-v does not claim the root"
expect_rc verify_inter_anchor 0 "$HTTPS_PKI" verify "$P/certificates/site_public_key.pem" \
	--ca inter_only.pem --host localhost

# The layout certbot writes: live/NAME/{cert,chain,fullchain,privkey}.pem; servers use fullchain.
mkdir -p live/localhost
awk '/BEGIN CERT/ {n++} n == 1' "$P/certificates/site_public_key.pem" >live/localhost/cert.pem
awk '/BEGIN CERT/ {n++} n > 1' "$P/certificates/site_public_key.pem" >live/localhost/chain.pem
cat live/localhost/cert.pem live/localhost/chain.pem >live/localhost/fullchain.pem
cp "$P/certificates/site_private_key.pem" live/localhost/privkey.pem
p=$(port $i)
i=$((i + 1))
serve srv_certbot 127.0.0.1 "$p" live/localhost/fullchain.pem live/localhost/privkey.pem
expect_rc client_certbot 0 "$C" --cacert "$CA" --max-time 20 "https://localhost:$p/"
expect_rc verify_certbot 0 "$HTTPS_PKI" verify live/localhost/cert.pem --chain live/localhost/chain.pem \
	--ca "$CA" --host localhost

# wolfSSL's -198 on the demo intermediate is left to the policy, which trusts the chain at
# the root, quietly; the intermediate wolfSSL is handed to go on lasts one handshake. A
# second connection that leaves the intermediate out is refused: nothing from the first
# handshake vouches for it.
awk '/BEGIN CERT/ {n++} n == 1' "$P/certificates/site_public_key.pem" >leaf_only.pem
p=$(port $i)
i=$((i + 1))
start_bg turns /usr/bin/python3 "$(dirname "$TEST_LIB")/chain_httpd.py" "$p" \
	"$P/certificates/site_private_key.pem" "$P/pass.txt" "$P/certificates/site_public_key.pem" \
	leaf_only.pem
if wait_for_log turns '^ready'; then
	expect_rc scope 12 "$C" -v --cacert "$CA" --max-time 20 --reconnect 1 "https://localhost:$p/"
	expect_grep scope.err "^\* check trust    ok    : chain anchored at trusted CA .*Root CA" \
		"the first handshake is anchored at the constrained root"
	expect_no_grep scope.err "quirk|-198" "without a word about wolfSSL's quirk"
	expect_grep scope.err "reconnect 1 of 1" "a second connection was made"
	expect_grep scope.err "^https_client: issuer check failed: untrusted issuer: .*Intermediate CA" \
		"the second, without its intermediate, is refused"
	expect_grep turns.log "connection 1: serving leaf_only.pem" "the server sent the leaf alone the second time"
	stop_pid "$BG_PID"
else
	fail "chain_httpd.py did not start"
fi

# Same verdict, same rule, same exit code: the client over TLS and https_pki verify on the file.
# case  file  exit  rule
while read -r name file rc rule; do
	p=$(port $i)
	i=$((i + 1))
	serve "srv_$name" 127.0.0.1 "$p" "$P/$file" "$P/${file%/*}/key.pem"
	expect_rc "client_$name" "$rc" "$C" --cacert "$CA" --max-time 20 "https://localhost:$p/"
	expect_grep "client_$name.err" "\\[rule $rule; certificate at depth" "client: $name is rule $rule"
	expect_grep "client_$name.err" '^fix: ' "client: $name has a fix line"
	expect_rc "verify_$name" "$rc" "$HTTPS_PKI" verify "$P/$file" --ca "$CA" --host localhost
	expect_grep "verify_$name.err" "\\[rule $rule; certificate at depth" "verify: $name is rule $rule"
	# The same sentence from both verifiers.
	msg_c=$(sed -n 's/^https_client: //p' "client_$name.err")
	msg_v=$(sed -n 's/^https_pki: [^:]*: //p' "verify_$name.err")
	[ -n "$msg_c" ] && [ "$msg_c" = "$msg_v" ] && ok "$name: the same explanation from both" ||
		fail "$name: client says '$msg_c', verify says '$msg_v'"
done <<'EOF'
expired expired/cert.pem 15 validity.expired
future future/cert.pem 16 validity.not-yet-valid
wrongname wrongname/cert.pem 17 name.mismatch
EOF

finish
