#!/usr/bin/env bash
# The revocation walkthrough of docs/revocation.md in one script: a new demo
# CA under DIR, its server leaf revoked (a stolen key), the CRLs signed, and
# both verifiers and openssl refusing the leaf. Offline: no server needed.
#   scripts/revocation_demo.sh DIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pki=${HTTPS_PKI:-$top/build/pki/https_pki}
dir=${1:?usage: scripts/revocation_demo.sh DIR}
mkdir -p "$dir"
cd "$dir"
umask 077
[ -f pass.txt ] || printf 'revocation-demo-%s\n' "$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" >pass.txt
P=file:pass.txt
ROOT=ca_certificates_for_client/ca_public_key.pem
LEAF=certificates/site_public_key.pem

step() { printf '\n== %s\n' "$*"; }
step "a demo CA and its leaves (each names its CRL distribution point)"
"$pki" init --dir . --pass "$P" --force >/dev/null
openssl x509 -in "$LEAF" -noout -ext crlDistributionPoints
step "the CRLs before anything is revoked: the leaf passes"
"$pki" crl --ca-dir private_ca --ca-pass "$P" --out-dir crl
"$pki" verify "$LEAF" --ca "$ROOT" --host localhost --crl crl/all.crl.pem | grep revocation
step "the key leaked: revoke the leaf, sign new CRLs"
"$pki" revoke --ca-dir private_ca --cert "$LEAF" --reason keyCompromise
"$pki" crl --ca-dir private_ca --ca-pass "$P" --out-dir crl
"$pki" inspect crl/intermediate.crl
step "https_pki verify --crl refuses it (exit 26)"
rc=0
"$pki" verify "$LEAF" --ca "$ROOT" --host localhost --crl crl/all.crl.pem >/dev/null || rc=$?
echo "https_pki verify exit code: $rc"
step "openssl verify -crl_check_all agrees"
openssl verify -crl_check_all -CAfile "$ROOT" -untrusted private_ca/intermediate_ca_public_key.pem \
	-CRLfile crl/all.crl.pem "$LEAF" || true
[ "$rc" = 26 ]
