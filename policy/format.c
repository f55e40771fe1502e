/*
 * Format: what RFC 5280 requires of every certificate's encoding: a
 * positive serial of at most 20 octets (4.1.2.2), extensions only in v3
 * (4.1.2.1), each at most once (4.2), no critical extension we do not
 * process (4.2), the key identifiers (4.2.1.1, 4.2.1.2) and criticality
 * where the RFC fixes it. Chromium enforces the extension rules and a
 * decodable authorityInfoAccess (errors); the serial, the key identifiers
 * and criticality are profile rules it does not enforce (warnings). The
 * anchor is trusted by configuration: its encoding is not judged.
 */
#include "format.h"

#include <stdio.h>

#include <string.h>

#include <openssl/x509v3.h>

#include "findings.h"

static const char FIX_REISSUE[] = "reissue the certificate with https_pki, which writes "
                                  "conforming certificates";

/* Extensions whose meaning we check, so they may be critical (AKI and SKI never are). */
static int
format_understood(int nid)
{
	switch (nid) {
	case NID_basic_constraints:
	case NID_key_usage:
	case NID_ext_key_usage:
	case NID_subject_alt_name:
	case NID_name_constraints:
	case NID_certificate_policies:
	case NID_policy_constraints:
	case NID_inhibit_any_policy:
		return 1;
	default:
		return 0;
	}
}

static void
format_serial(X509 *x, int d, struct policy_result *r)
{
	const ASN1_INTEGER *s = X509_get0_serialNumber(x);
	const unsigned char *p = ASN1_STRING_get0_data(s);
	int len = ASN1_STRING_length(s), i, zero = 1, octets;

	for (i = 0; i < len; i++)
		zero &= p[i] == 0;
	/* DER adds a 0x00 octet before a magnitude whose top bit is set. */
	octets = len + (len > 0 && (p[0] & 0x80) ? 1 : 0);
	if (ASN1_STRING_type(s) == V_ASN1_NEG_INTEGER)
		policy_warn(r, POLICY_FORMAT, "format.serial", d, x, FIX_REISSUE,
		            "the serial number is negative");
	else if (zero)
		policy_warn(r, POLICY_FORMAT, "format.serial", d, x, FIX_REISSUE,
		            "the serial number is zero");
	else if (octets > 20)
		policy_warn(r, POLICY_FORMAT, "format.serial", d, x, FIX_REISSUE,
		            "the serial number is %d octets long; at most 20 are allowed", octets);
}

/* Critical extensions we do not process, duplicates, extensions in v1/v2. */
static void
format_extensions(X509 *x, int d, struct policy_result *r)
{
	int i, j, n = X509_get_ext_count(x), dup = 0;
	char oid[80];

	if (n > 0 && X509_get_version(x) != X509_VERSION_3)
		policy_add(r, POLICY_FORMAT, "format.version", d, x, FIX_REISSUE,
		           "the certificate has extensions but is not version 3");
	for (i = 0; i < n; i++) {
		X509_EXTENSION *ext = X509_get_ext(x, i);
		ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);

		OBJ_obj2txt(oid, sizeof(oid), obj, 0);
		for (j = 0; j < i; j++)
			if (OBJ_cmp(obj, X509_EXTENSION_get_object(X509_get_ext(x, j))) == 0) {
				policy_add(r, POLICY_FORMAT, "format.duplicate-extension", d, x,
				           FIX_REISSUE, "the extension %s appears more than once",
				           oid);
				dup = 1;
				break;
			}
		if (X509_EXTENSION_get_critical(ext) && !format_understood(OBJ_obj2nid(obj)) &&
		    OBJ_obj2nid(obj) != NID_authority_key_identifier &&
		    OBJ_obj2nid(obj) != NID_subject_key_identifier)
			policy_add(r, POLICY_FORMAT, "format.critical-unknown", d, x,
			           "reissue the certificate without that critical extension",
			           "the critical extension %s is not one a client can process",
			           oid);
	}
	if (!dup && (X509_get_extension_flags(x) & EXFLAG_INVALID))
		policy_add(r, POLICY_FORMAT, "format.invalid-extension", d, x, FIX_REISSUE,
		           "an extension of the certificate cannot be decoded");
}

/*
 * An authorityInfoAccess that Chromium's parser refuses: one that does not
 * decode, leaves bytes after its SEQUENCE, is not DER, or holds no entry
 * (RFC 5280 4.2.2.1: SIZE (1..MAX)). OpenSSL's own flags cover none of it.
 */
static void
format_aia(X509 *x, int d, struct policy_result *r)
{
	int i = X509_get_ext_by_NID(x, NID_info_access, -1);
	const ASN1_OCTET_STRING *v;
	const unsigned char *p, *end;
	unsigned char *der = NULL;
	AUTHORITY_INFO_ACCESS *aia;
	const char *why = NULL;
	int n;

	if (i < 0)
		return;
	v = X509_EXTENSION_get_data(X509_get_ext(x, i));
	p = ASN1_STRING_get0_data(v);
	end = p + ASN1_STRING_length(v);
	aia = d2i_AUTHORITY_INFO_ACCESS(NULL, &p, ASN1_STRING_length(v));
	if (aia == NULL)
		why = "cannot be decoded";
	else if (p != end)
		why = "has bytes after its SEQUENCE";
	else if (sk_ACCESS_DESCRIPTION_num(aia) == 0)
		why = "is empty (RFC 5280 4.2.2.1: at least one access description)";
	else if ((n = i2d_AUTHORITY_INFO_ACCESS(aia, &der)) != ASN1_STRING_length(v) ||
	         memcmp(der, ASN1_STRING_get0_data(v), (size_t)n) != 0)
		why = "is not DER (it encodes differently when written back)";
	if (why != NULL)
		policy_add(r, POLICY_FORMAT, "format.aia", d, x, FIX_REISSUE,
		           "the authorityInfoAccess extension %s", why);
	OPENSSL_free(der);
	AUTHORITY_INFO_ACCESS_free(aia);
}

/* AKI and SKI presence and criticality; SAN criticality with an empty subject. */
static void
format_identifiers(STACK_OF(X509) * path, int d, struct policy_result *r)
{
	X509 *x = sk_X509_value(path, d);
	int aki_crit = -1, ski_crit = -1, san_crit = -1;
	AUTHORITY_KEYID *aki = X509_get_ext_d2i(x, NID_authority_key_identifier, &aki_crit, NULL);
	ASN1_OCTET_STRING *ski = X509_get_ext_d2i(x, NID_subject_key_identifier, &ski_crit, NULL);
	GENERAL_NAMES *san = X509_get_ext_d2i(x, NID_subject_alt_name, &san_crit, NULL);
	int ca = (X509_get_extension_flags(x) & EXFLAG_CA) && d > 0;

	/* 4.2.1.1: only a self-signed certificate may leave out the AKI. */
	if (aki_crit == -1 && !policy_self_signed(x))
		policy_warn(r, POLICY_FORMAT, "format.aki", d, x, FIX_REISSUE,
		            "the certificate has no authorityKeyIdentifier");
	else if (aki_crit >= 0 && (aki == NULL || aki->keyid == NULL))
		policy_warn(r, POLICY_FORMAT, "format.aki", d, x, FIX_REISSUE,
		            "the authorityKeyIdentifier has no keyIdentifier");
	if (aki_crit == 1 || ski_crit == 1)
		policy_warn(r, POLICY_FORMAT, "format.criticality", d, x, FIX_REISSUE,
		            "the %s extension is critical; RFC 5280 requires it non-critical",
		            aki_crit == 1 ? "authorityKeyIdentifier" : "subjectKeyIdentifier");
	/* 4.2.1.2: every CA certificate has an SKI. */
	if (ca && ski_crit == -1)
		policy_warn(r, POLICY_FORMAT, "format.ski", d, x, FIX_REISSUE,
		            "the CA certificate has no subjectKeyIdentifier");
	if (san_crit == 0 && X509_NAME_entry_count(X509_get_subject_name(x)) == 0)
		policy_warn(r, POLICY_FORMAT, "format.criticality", d, x, FIX_REISSUE,
		            "the subject is empty, so subjectAltName must be critical");
	AUTHORITY_KEYID_free(aki);
	ASN1_OCTET_STRING_free(ski);
	GENERAL_NAMES_free(san);
}

void
policy_check_format(STACK_OF(X509) * path, struct policy_result *r)
{
	int d;

	for (d = 0; d < sk_X509_num(path); d++) {
		X509 *x = sk_X509_value(path, d);
		if (policy_is_anchor(r, path, d))
			continue;
		format_serial(x, d, r);
		format_extensions(x, d, r);
		format_aia(x, d, r);
		format_identifiers(path, d, r);
	}
}
