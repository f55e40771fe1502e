#!/usr/bin/env bash
# Every case of `https_pki badssl` is refused by our https_client with the exit
# code of docs/architecture.md. Each case is served by an independent server,
# `openssl s_server`, so this checks the certificates and the client, not our
# server. A good chain (the fixture's) is fetched first, as a control.
# ctest-labels: pki client
# ctest-timeout: 300
source "$TEST_LIB"

printf 'badssl-client-%s\n' "$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" >pass.txt
chmod 600 pass.txt
expect_rc badssl 0 "$HTTPS_PKI" badssl set --pass "file:$TEST_WORK_DIR/pass.txt"

# serve NAME DIR PASSFILE PORT: openssl s_server with DIR's leaf, chain and key.
# SECLEVEL=0 lets it load the weak cases (RSA-1024, SHA-1): the client must refuse them.
serve() {
	local name=$1 dir=$2 passfile=$3 p=$4
	awk 'n==0{print} /END CERTIFICATE/{n=1}' "$dir/cert.pem" >"$name.leaf.pem"
	awk 'n==1{print} /END CERTIFICATE/{n=1}' "$dir/cert.pem" | sed '/^$/d' >"$name.chain.pem"
	local chain=()
	[ -s "$name.chain.pem" ] && chain=(-cert_chain "$name.chain.pem")
	start_bg "$name" openssl s_server -accept "127.0.0.1:$p" -naccept 1 -www \
		-cert "$name.leaf.pem" "${chain[@]}" -key "$dir/key.pem" -pass "file:$passfile" \
		-cipher 'DEFAULT:@SECLEVEL=0'
	wait_for_log "$name" '^ACCEPT'
}

i=0
# Control: the fixture's good chain is accepted, so failures below are the cases'.
mkdir -p good_dir
cp "$TEST_PKI_DIR/certificates/site_public_key.pem" good_dir/cert.pem
cp "$TEST_PKI_DIR/certificates/site_private_key.pem" good_dir/key.pem
p=$(port $((++i)))
if serve good "good_dir" "$TEST_PKI_DIR/pass.txt" "$p"; then
	expect_rc client_good 0 "$HTTPS_CLIENT" --cacert "$TEST_PKI_DIR/ca_certificates_for_client/ca_public_key.pem" \
		--connect-timeout 10 -m 20 "https://localhost:$p/"
	stop_pid "$BG_PID"
fi

# case  expected exit codes (space-separated; "nonzero" for any refusal)
cases=(
	"expired 15"
	"not-yet-valid 16"
	"wrong-host 17"
	"self-signed 13"
	"untrusted-root 12"
	"missing-intermediate 14"
	"client-eku 18"
	"intermediate-not-ca 12"
	"outside-constraints 17"
	"rsa1024 10 12"
	"sha1 nonzero"
)
for c in "${cases[@]}"; do
	read -r name want <<<"$c"
	if [ ! -d "set/$name" ]; then
		# Only sha1 may be left out, and only with the reason in README.txt.
		if [ "$name" = sha1 ] && grep -Eq '^sha1 +left out' set/README.txt; then
			ok "$name: left out of this set (README.txt says why)"
		else
			fail "$name: missing from the set"
		fi
		continue
	fi
	p=$(port $((++i)))
	serve "$name" "set/$name" pass.txt "$p" || { fail "$name: s_server did not start"; continue; }
	run "client_$name" "$HTTPS_CLIENT" --cacert set/ca.pem --connect-timeout 10 -m 20 "https://localhost:$p/"
	if [ "$want" = nonzero ] && [ "$RC" -ne 0 ]; then
		ok "$name: refused (exit $RC)"
	elif [[ " $want " == *" $RC "* ]]; then
		ok "$name: exit $RC"
	else
		fail "$name: exit $RC, want $want; stderr:"
		sed 's/^/    /' "client_$name.err" >&2
	fi
	stop_pid "$BG_PID"
done

finish
