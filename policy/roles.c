/*
 * Roles: each certificate does the job its place on the path needs
 * (RFC 5280 sections 4.2.1.3, 4.2.1.9, 4.2.1.12 and 6.1.4; CA/B Forum BR
 * 7.1.2). The leaf is not a CA and carries the EKU of its purpose; every CA
 * is a v3 CA with critical basicConstraints CA:TRUE and keyCertSign, within
 * its path length; a root carries no EKU. Chromium enforces CA:TRUE,
 * keyCertSign where keyUsage is present, the path length and the EKU a
 * leaf names (errors); it takes a leaf without EKU or with anyEKU, a CA as
 * the leaf, a CA without keyUsage and an anchor without basicConstraints or
 * in version 1 (warnings, or nothing for what an anchor may be).
 */
#include "roles.h"

#include <stdio.h>

#include <openssl/x509v3.h>

#include "findings.h"

static const char FIX_LEAF[] = "issue the server a leaf certificate: https_pki issue --profile "
                               "server (CA:FALSE, digitalSignature, serverAuth)";
static const char FIX_CA[] = "reissue the CA with critical basicConstraints CA:TRUE and keyUsage "
                             "keyCertSign (https_pki init makes one)";

/* The leaf's basicConstraints, keyUsage and EKU for purpose. */
static void
roles_leaf(X509 *x, enum policy_purpose purpose, struct policy_result *r)
{
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	uint32_t ku = X509_get_key_usage(x), xku = X509_get_extended_key_usage(x);
	uint32_t want = purpose == POLICY_PURPOSE_CLIENT ? XKU_SSL_CLIENT : XKU_SSL_SERVER;

	if (bc != NULL && bc->ca)
		policy_warn(r, POLICY_USAGE, "role.leaf-is-ca", 0, x, FIX_LEAF,
		            "the certificate is a CA (basicConstraints CA:TRUE), not a %s "
		            "certificate",
		            purpose == POLICY_PURPOSE_CLIENT ? "client" : "server");
	BASIC_CONSTRAINTS_free(bc);
	if (ku != UINT32_MAX && (ku & KU_KEY_CERT_SIGN))
		policy_warn(r, POLICY_USAGE, "role.leaf-keycertsign", 0, x, FIX_LEAF,
		            "the certificate may sign certificates (keyUsage keyCertSign), which "
		            "only a CA may");
	if (ku != UINT32_MAX && purpose != POLICY_PURPOSE_ANY && !(ku & KU_DIGITAL_SIGNATURE))
		/* Every suite we offer (TLS 1.3, ECDHE in 1.2) proves the key by a signature. */
		policy_add(r, POLICY_USAGE, "role.leaf-key-usage", 0, x, FIX_LEAF,
		           "its keyUsage lacks digitalSignature, so it may not sign a TLS "
		           "handshake (every suite with forward secrecy needs that signature)");
	if (purpose == POLICY_PURPOSE_ANY)
		return;
	/* Chromium reads no EKU, or anyExtendedKeyUsage, as good for any purpose. */
	if (xku == UINT32_MAX || (!(xku & want) && (xku & XKU_ANYEKU)))
		policy_warn(r, POLICY_USAGE, "role.eku", 0, x, FIX_LEAF,
		            "the certificate is not for TLS %s authentication: %s",
		            purpose == POLICY_PURPOSE_CLIENT ? "client" : "server",
		            xku == UINT32_MAX ? "it has no extendedKeyUsage"
		                              : "anyExtendedKeyUsage does not count");
	else if (!(xku & want))
		policy_add(r, POLICY_USAGE, "role.eku", 0, x, FIX_LEAF,
		           "the certificate is not for TLS %s authentication: its "
		           "extendedKeyUsage lacks it",
		           purpose == POLICY_PURPOSE_CLIENT ? "client" : "server");
}

/* Non-self-issued CA certificates strictly between the leaf and depth d. */
static long
roles_cas_below(STACK_OF(X509) * path, int d)
{
	long n = 0;
	int i;

	for (i = 1; i < d; i++) {
		X509 *x = sk_X509_value(path, i);
		if (X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) != 0)
			n++;
	}
	return n;
}

/* A root carries no EKU; an intermediate's EKU, if any, allows the leaf's purpose. */
static void
roles_ca_eku(X509 *x, int d, int root, enum policy_purpose purpose, struct policy_result *r)
{
	uint32_t xku = X509_get_extended_key_usage(x);
	uint32_t want = purpose == POLICY_PURPOSE_CLIENT ? XKU_SSL_CLIENT : XKU_SSL_SERVER;

	if (xku == UINT32_MAX)
		return;
	if (root && (purpose == POLICY_PURPOSE_ANY || (xku & (XKU_ANYEKU | want))))
		policy_warn(r, POLICY_USAGE, "role.root-eku", d, x,
		            "reissue the root without extendedKeyUsage",
		            "the root carries an extendedKeyUsage; a root must not");
	else if (root)
		policy_add(r, POLICY_USAGE, "role.root-eku", d, x,
		           "reissue the root without extendedKeyUsage",
		           "the root carries an extendedKeyUsage that does not allow TLS %s "
		           "certificates below it; a root carries none",
		           purpose == POLICY_PURPOSE_CLIENT ? "client" : "server");
	else if (purpose != POLICY_PURPOSE_ANY && !(xku & (XKU_ANYEKU | want)))
		policy_add(r, POLICY_USAGE, "role.ca-eku", d, x,
		           "reissue the intermediate with the EKU of the certificates it issues",
		           "the CA's extendedKeyUsage does not allow TLS %s certificates below it",
		           purpose == POLICY_PURPOSE_CLIENT ? "client" : "server");
}

/*
 * A CA at depth d: v3, critical CA:TRUE, keyCertSign, path length, EKU. The
 * anchor is trusted by configuration: a v1 anchor or one without
 * basicConstraints (warnings), or without keyUsage, is taken, as Chromium
 * takes a locally added root; its encoding (criticality) is not judged.
 */
static void
roles_ca(STACK_OF(X509) * path, int d, enum policy_purpose purpose, struct policy_result *r)
{
	X509 *x = sk_X509_value(path, d);
	int crit = -1, root = d == sk_X509_num(path) - 1 && policy_self_signed(x);
	int anchor = policy_is_anchor(r, path, d);
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
	uint32_t ku = X509_get_key_usage(x);
	long below = roles_cas_below(path, d);

	if (anchor && X509_get_version(x) != X509_VERSION_3) {
		policy_warn(r, POLICY_FORMAT, "format.ca-v3", d, x, FIX_CA,
		            "the trusted root is a version %ld certificate; a CA must be v3",
		            X509_get_version(x) + 1);
		BASIC_CONSTRAINTS_free(bc);
		return;
	}
	if (X509_get_version(x) != X509_VERSION_3) {
		/* Without extensions nothing else can be judged: this one rule says it. */
		policy_add(r, POLICY_FORMAT, "format.ca-v3", d, x, FIX_CA,
		           "the CA is a version %ld certificate; a CA must be v3",
		           X509_get_version(x) + 1);
		BASIC_CONSTRAINTS_free(bc);
		return;
	}
	if (bc == NULL && anchor)
		policy_warn(r, POLICY_UNTRUSTED, "role.ca-basic-constraints", d, x, FIX_CA,
		            "the trusted root issued another but has no basicConstraints");
	else if (bc == NULL || !bc->ca)
		policy_add(r, POLICY_UNTRUSTED, "role.ca-basic-constraints", d, x, FIX_CA,
		           "the certificate issued another but %s",
		           bc == NULL ? "has no basicConstraints"
		                      : "is not a CA (basicConstraints CA:FALSE)");
	else if (crit != 1 && !anchor)
		/* RFC 5280 4.2.1.9: a CA's basicConstraints MUST be critical. */
		policy_warn(r, POLICY_FORMAT, "format.criticality", d, x, FIX_CA,
		            "the CA's basicConstraints is not critical");
	if (ku == UINT32_MAX && !anchor)
		/* RFC 5280 4.2.1.3 asks CAs to include it; a verifier reads its absence as "any". */
		policy_warn(r, POLICY_UNTRUSTED, "role.ca-keycertsign", d, x, FIX_CA,
		            "the CA has no keyUsage");
	else if (ku != UINT32_MAX && !(ku & KU_KEY_CERT_SIGN))
		policy_add(r, POLICY_UNTRUSTED, "role.ca-keycertsign", d, x, FIX_CA,
		           "the CA lacks keyUsage keyCertSign");
	if (bc != NULL && bc->ca && bc->pathlen != NULL &&
	    (ASN1_INTEGER_get(bc->pathlen) < 0 || below > ASN1_INTEGER_get(bc->pathlen)))
		policy_add(r, POLICY_UNTRUSTED, "role.path-length", d, x,
		           "issue the leaf from a CA higher up, or reissue the CA with a larger "
		           "pathlen",
		           "the CA allows %ld CA certificates below it (pathlen) but the path has "
		           "%ld",
		           ASN1_INTEGER_get(bc->pathlen), below);
	BASIC_CONSTRAINTS_free(bc);
	roles_ca_eku(x, d, root, purpose, r);
}

void
policy_check_roles(STACK_OF(X509) * path, enum policy_purpose purpose, struct policy_result *r)
{
	int d;

	/* A certificate whose extensions cannot be read has no role to judge (format.c). */
	if (sk_X509_num(path) < 1)
		return;
	if (!(X509_get_extension_flags(sk_X509_value(path, 0)) & EXFLAG_INVALID))
		roles_leaf(sk_X509_value(path, 0), purpose, r);
	for (d = 1; d < sk_X509_num(path); d++)
		if (!(X509_get_extension_flags(sk_X509_value(path, d)) & EXFLAG_INVALID))
			roles_ca(path, d, purpose, r);
}
