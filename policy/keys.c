/*
 * Keys and signatures, as browsers accept them (CA/B Forum BR 6.1.5 and
 * 7.1.3; Chromium rejects SHA-1 and MD5 signatures and DSA keys): RSA of at
 * least 2048 bits in whole bytes, EC only on P-256, P-384 and P-521,
 * signatures with SHA-256, SHA-384 or SHA-512; no explicit curve parameters.
 * Chromium takes RSA keys of 1024 bits or more below a locally added root,
 * so a smaller modulus that is at least 1024 bits is a warning. The anchor
 * is trusted by configuration: its key is not judged.
 */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "findings.h"

static const char FIX_KEY[] = "reissue the certificate with an EC P-256 or RSA 2048+ key "
                              "(https_pki issue)";

static void
keys_key(X509 *x, int d, struct policy_result *r)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	char group[64] = "";
	size_t glen = 0;
	int bits, explicit = 0;

	if (pk == NULL) {
		policy_add(r, POLICY_FORMAT, "key.type", d, x, FIX_KEY,
		           "the public key cannot be decoded");
		return;
	}
	bits = EVP_PKEY_get_bits(pk);
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		if (bits < 1024)
			policy_add(r, POLICY_FORMAT, "key.rsa-size", d, x, FIX_KEY,
			           "the RSA key has %d bits; at least 2048, in whole bytes, are "
			           "needed",
			           bits);
		else if (bits < 2048 || bits % 8 != 0)
			policy_warn(r, POLICY_FORMAT, "key.rsa-size", d, x, FIX_KEY,
			            "the RSA key has %d bits; at least 2048, in whole bytes, are "
			            "needed",
			            bits);
		return;
	case EVP_PKEY_DSA:
		policy_add(r, POLICY_FORMAT, "key.dsa", d, x, FIX_KEY,
		           "the key is DSA, which browsers no longer accept");
		return;
	case EVP_PKEY_EC:
		/* OpenSSL names the curve of explicit parameters that match one: ask how it was encoded. */
		if (EVP_PKEY_get_int_param(pk, OSSL_PKEY_PARAM_EC_DECODED_FROM_EXPLICIT_PARAMS,
		                           &explicit) == 1 &&
		    explicit) {
			policy_add(r, POLICY_FORMAT, "key.ec-explicit", d, x, FIX_KEY,
			           "the EC key spells out its curve parameters instead of naming "
			           "the curve");
			return;
		}
		if (EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen) != 1 ||
		    (strcmp(group, "prime256v1") != 0 && strcmp(group, "secp384r1") != 0 &&
		     strcmp(group, "secp521r1") != 0))
			policy_add(r, POLICY_FORMAT, "key.ec-curve", d, x, FIX_KEY,
			           "the EC key is on the curve '%s'; only P-256, P-384 and P-521 "
			           "are accepted",
			           group[0] ? group : "(explicit parameters)");
		return;
	default:
		policy_add(r, POLICY_FORMAT, "key.type", d, x, FIX_KEY,
		           "the key type %s is not accepted (only RSA and EC)",
		           OBJ_nid2sn(EVP_PKEY_get_base_id(pk)));
	}
}

static void
keys_signature(X509 *x, int d, struct policy_result *r)
{
	const X509_ALGOR *outer = NULL;
	int md = NID_undef, pk = NID_undef;

	X509_get0_signature(NULL, &outer, x);
	if (outer == NULL || X509_ALGOR_cmp(outer, X509_get0_tbs_sigalg(x)) != 0)
		policy_add(r, POLICY_FORMAT, "format.signature-algorithm", d, x,
		           "reissue the certificate",
		           "the signature algorithm differs from the one inside the signed part");
	if (!X509_get_signature_info(x, &md, &pk, NULL, NULL))
		md = NID_undef;
	if (md == NID_sha1 || md == NID_md5 || md == NID_md4 || md == NID_md2 || md == NID_md5_sha1)
		policy_add(r, POLICY_FORMAT, "sig.weak-hash", d, x,
		           "reissue the certificate with a SHA-256 signature (https_pki issue)",
		           "the certificate is signed with %s, which can be forged",
		           OBJ_nid2sn(md));
	else if (md != NID_sha256 && md != NID_sha384 && md != NID_sha512)
		policy_add(
		        r, POLICY_FORMAT, "sig.algorithm", d, x,
		        "reissue the certificate with ECDSA or RSA and SHA-256 (https_pki issue)",
		        "the signature algorithm %s is not accepted",
		        OBJ_nid2sn(X509_get_signature_nid(x)));
}

void
policy_check_keys(STACK_OF(X509) * path, struct policy_result *r)
{
	int d, n = sk_X509_num(path);

	for (d = 0; d < n; d++) {
		X509 *x = sk_X509_value(path, d);
		if (policy_is_anchor(r, path, d))
			continue;
		keys_key(x, d, r);
		/* A root's signature on itself proves nothing, so its hash does not matter. */
		if (!(d == n - 1 && d > 0 && policy_self_signed(x)))
			keys_signature(x, d, r);
	}
}
