/*
 * Building and signing certificates for the four profiles of docs/pki.md:
 * root (name-constrained), intermediate (pathlen 0), server and client leaves.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "names.h"
#include "pki.h"
#include "text.h"

/* The demo root may vouch for these names only (RFC 5280 4.2.1.10). */
static const char *const demo_constraints[] = {"DNS:localhost", "IP:127.0.0.1/32", "IP:::1/128"};

static const char *const profile_names[] = {"root", "intermediate", "server", "client"};

int
pki_profile_parse(const char *s, enum pki_profile *p, struct err *e)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (strcmp(s, profile_names[i]) == 0) {
			*p = (enum pki_profile)i;
			return 0;
		}
	}
	err_code(e, DEMO_EXIT_USAGE);
	err_set(e, "unknown profile '%s' (root, intermediate, server, client)", s);
	return err_fix(e, "name one of those profiles");
}

const char *
pki_profile_name(enum pki_profile p)
{
	return (unsigned)p < 4 ? profile_names[p] : "?";
}

int
pki_random_hex(char *buf, size_t size, int n, struct err *e)
{
	unsigned char r[16];

	if (n > 16 || size < (size_t)(2 * n + 1))
		return err_set(e, "internal: random tag too long");
	if (RAND_bytes(r, n) != 1)
		return err_set(e, "no random bytes from OpenSSL");
	text_hex(r, n, buf, size);
	return 0;
}

X509_NAME *
pki_name_parse(const char *s, struct err *e)
{
	char *copy = NULL, *field, *save = NULL, *eq;
	const char *sep = s[0] == '/' ? "/" : ",";
	X509_NAME *name;

	if ((name = X509_NAME_new()) == NULL || (copy = strdup(s)) == NULL)
		goto oom;
	if (strchr(s, '=') == NULL) {
		if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)s,
		                                -1, -1, 0))
			goto bad;
		free(copy);
		return name;
	}
	for (field = strtok_r(copy, sep, &save); field; field = strtok_r(NULL, sep, &save)) {
		while (*field == ' ')
			field++;
		if ((eq = strchr(field, '=')) == NULL || eq == field || eq[1] == '\0')
			goto bad;
		*eq = '\0';
		if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
		                                (const unsigned char *)eq + 1, -1, -1, 0))
			goto bad;
	}
	if (X509_NAME_entry_count(name) == 0)
		goto bad;
	free(copy);
	return name;
oom:
	err_set(e, "out of memory");
	goto done;
bad:
	ERR_clear_error();
	err_code(e, DEMO_EXIT_USAGE);
	err_set(e, "'%s' is not a subject (want CN=name,O=org,... with fields CN O OU C ST L)", s);
done:
	free(copy);
	X509_NAME_free(name);
	return NULL;
}

static int
set_random_serial(X509 *x, struct err *e)
{
	unsigned char b[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return err_set(e, "no random bytes for the serial number");
	/* Positive and exactly 16 bytes in DER (RFC 5280 4.1.2.2: at most 20). */
	b[0] = (unsigned char)((b[0] & 0x7f) | 0x40);
	bn = BN_bin2bn(b, sizeof(b), NULL);
	ok = bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : err_set(e, "cannot set the serial number");
}

/* A subtree for "DNS:name", "email:x" or "IP:addr/prefix". */
static GENERAL_NAME *
subtree_name(const char *s, struct err *e)
{
	struct pki_sans one = {.n = 0};
	GENERAL_NAMES *gns = NULL;
	GENERAL_NAME *gn = NULL;
	ASN1_OCTET_STRING *os;
	unsigned char b[32];
	int len;

	if (strncmp(s, "IP:", 3) == 0) {
		if ((len = pki_cidr_parse(s + 3, b, e)) == -1)
			return NULL;
		if ((gn = GENERAL_NAME_new()) == NULL || (os = ASN1_OCTET_STRING_new()) == NULL ||
		    !ASN1_OCTET_STRING_set(os, b, len)) {
			GENERAL_NAME_free(gn);
			err_set(e, "out of memory");
			return NULL;
		}
		GENERAL_NAME_set0_value(gn, GEN_IPADD, os);
		return gn;
	}
	if (pki_sans_add(&one, s, e) == -1 || (gns = pki_sans_to_general_names(&one, e)) == NULL) {
		pki_sans_free(&one);
		return NULL;
	}
	gn = sk_GENERAL_NAME_shift(gns);
	GENERAL_NAMES_free(gns);
	pki_sans_free(&one);
	return gn;
}

static int
add_name_constraints(X509 *x, const struct pki_cert_spec *s, struct err *e)
{
	NAME_CONSTRAINTS *nc = NULL;
	GENERAL_SUBTREE *st;
	const char *v;
	int i, n = s->permitted ? s->permitted->n : 3, rc = -1;

	if ((nc = NAME_CONSTRAINTS_new()) == NULL ||
	    (nc->permittedSubtrees = sk_GENERAL_SUBTREE_new_null()) == NULL)
		goto done;
	for (i = 0; i < n; i++) {
		v = s->permitted ? s->permitted->v[i] : demo_constraints[i];
		if ((st = GENERAL_SUBTREE_new()) == NULL)
			goto done;
		GENERAL_NAME_free(st->base);
		if ((st->base = subtree_name(v, e)) == NULL ||
		    !sk_GENERAL_SUBTREE_push(nc->permittedSubtrees, st)) {
			GENERAL_SUBTREE_free(st);
			goto done;
		}
	}
	/* Critical, as RFC 5280 4.2.1.10 requires. */
	rc = X509_add1_ext_i2d(x, NID_name_constraints, nc, 1, X509V3_ADD_DEFAULT) == 1 ? 0 : -1;
done:
	NAME_CONSTRAINTS_free(nc);
	if (rc == -1 && e->msg[0] == '\0')
		err_set(e, "cannot add name constraints");
	return rc;
}

int
pki_ext_add_conf(X509 *x, X509V3_CTX *ctx, int nid, const char *value, struct err *e)
{
	X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	int ok = ext != NULL && X509_add_ext(x, ext, -1);

	X509_EXTENSION_free(ext);
	if (!ok) {
		err_set(e, "cannot add extension %s=%s", OBJ_nid2sn(nid), value);
		pki_err_openssl(e);
		return -1;
	}
	return 0;
}

/* SHA-1 of the subjectPublicKey bits: RFC 5280 4.2.1.2 method (1). */
static ASN1_OCTET_STRING *
key_id(X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	ASN1_OCTET_STRING *os;

	if (!X509_pubkey_digest(x, EVP_sha1(), md, &len) || (os = ASN1_OCTET_STRING_new()) == NULL)
		return NULL;
	if (!ASN1_OCTET_STRING_set(os, md, (int)len)) {
		ASN1_OCTET_STRING_free(os);
		return NULL;
	}
	return os;
}

static int
add_key_ids(X509 *x, X509 *issuer, struct err *e)
{
	ASN1_OCTET_STRING *ski = key_id(x);
	const ASN1_OCTET_STRING *iski;
	AUTHORITY_KEYID *akid = AUTHORITY_KEYID_new();
	int rc = -1;

	if (ski == NULL || akid == NULL)
		goto done;
	if (X509_add1_ext_i2d(x, NID_subject_key_identifier, ski, 0, X509V3_ADD_DEFAULT) != 1)
		goto done;
	iski = issuer ? X509_get0_subject_key_id(issuer) : NULL;
	akid->keyid = iski     ? ASN1_OCTET_STRING_dup(iski)
	              : issuer ? key_id(issuer)
	                       : ASN1_OCTET_STRING_dup(ski);
	if (akid->keyid == NULL)
		goto done;
	if (X509_add1_ext_i2d(x, NID_authority_key_identifier, akid, 0, X509V3_ADD_DEFAULT) != 1)
		goto done;
	rc = 0;
done:
	ASN1_OCTET_STRING_free(ski);
	AUTHORITY_KEYID_free(akid);
	if (rc == -1)
		err_set(e, "cannot add the key identifiers");
	return rc;
}

static int
add_sans(X509 *x, const struct pki_sans *sans, struct err *e)
{
	GENERAL_NAMES *gns;
	int ok;

	if ((gns = pki_sans_to_general_names(sans, e)) == NULL)
		return -1;
	ok = X509_add1_ext_i2d(x, NID_subject_alt_name, gns, 0, X509V3_ADD_DEFAULT) == 1;
	GENERAL_NAMES_free(gns);
	return ok ? 0 : err_set(e, "cannot add the subject alternative names");
}

static int
add_extensions(X509 *x, const struct pki_cert_spec *s, struct err *e)
{
	char bc[64];
	int ca = s->profile == PKI_PROFILE_ROOT || s->profile == PKI_PROFILE_INTERMEDIATE;
	X509V3_CTX ctx;

	X509V3_set_ctx(&ctx, s->issuer ? s->issuer : x, x, NULL, NULL, 0);
	if (s->profile == PKI_PROFILE_INTERMEDIATE && !s->unsafe_not_ca && s->pathlen >= 0)
		snprintf(bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d", s->pathlen);
	else
		snprintf(bc, sizeof(bc), "critical,CA:%s",
		         ca && !s->unsafe_not_ca ? "TRUE" : "FALSE");
	if (pki_ext_add_conf(x, &ctx, NID_basic_constraints, bc, e) == -1 ||
	    pki_ext_add_conf(x, &ctx, NID_key_usage,
	                     ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature",
	                     e) == -1 ||
	    add_key_ids(x, s->issuer, e) == -1)
		return -1;
	if (s->profile == PKI_PROFILE_SERVER &&
	    pki_ext_add_conf(x, &ctx, NID_ext_key_usage, "serverAuth", e) == -1)
		return -1;
	if (s->profile == PKI_PROFILE_CLIENT &&
	    pki_ext_add_conf(x, &ctx, NID_ext_key_usage, "clientAuth", e) == -1)
		return -1;
	if (s->sans != NULL && s->sans->n > 0 && add_sans(x, s->sans, e) == -1)
		return -1;
	/* Where the issuer publishes its CRL (RFC 5280 4.2.1.13); a root has no issuer. */
	if (s->crl_url != NULL && s->profile != PKI_PROFILE_ROOT) {
		char cdp[600];
		if (snprintf(cdp, sizeof(cdp), "URI:%s", s->crl_url) >= (int)sizeof(cdp) ||
		    pki_ext_add_conf(x, &ctx, NID_crl_distribution_points, cdp, e) == -1)
			return -1;
	}
	if (s->profile == PKI_PROFILE_ROOT && s->name_constraints &&
	    add_name_constraints(x, s, e) == -1)
		return -1;
	return 0;
}

static int
check_spec(const struct pki_cert_spec *s, struct err *e)
{
	int leaf = s->profile == PKI_PROFILE_SERVER || s->profile == PKI_PROFILE_CLIENT;
	double days = difftime(s->not_after, s->not_before) / 86400.0;

	err_code(e, DEMO_EXIT_USAGE);
	if (s->not_after <= s->not_before)
		return err_set(e, "the validity ends before it starts");
	/* Apple: "825 days or fewer", measured from notBefore to notAfter: no slack. */
	if (leaf && !s->unsafe_skip_limits &&
	    difftime(s->not_after, s->not_before) > DEMO_LEAF_DAYS_MAX * 86400.0)
		return err_set(e,
		               "a leaf may be valid for at most %d days (Apple's cap for private "
		               "roots); this one spans %.0f",
		               DEMO_LEAF_DAYS_MAX, days);
	/* Browsers match only SANs; a client leaf may name a person by its CN alone. */
	if (s->profile == PKI_PROFILE_SERVER && (s->sans == NULL || s->sans->n == 0))
		return err_set(e,
		               "a server leaf needs at least one subject alternative name (--san)");
	if (s->issuer != NULL && X509_check_private_key(s->issuer, s->issuer_key) != 1) {
		ERR_clear_error();
		err_code(e, DEMO_EXIT_FILE);
		return err_set(e, "the CA key does not belong to the CA certificate");
	}
	e->code = 0;
	return 0;
}

X509 *
pki_cert_make(const struct pki_cert_spec *s, struct err *e)
{
	EVP_PKEY *signer = s->issuer ? s->issuer_key : s->key;
	const EVP_MD *md = s->md ? s->md : EVP_sha256();
	X509 *x = NULL;

	if (check_spec(s, e) == -1)
		return NULL;
	/* EdDSA signs the message itself: no separate digest (RFC 8410). */
	if (EVP_PKEY_get_id(signer) == EVP_PKEY_ED25519)
		md = NULL;
	if ((x = X509_new()) == NULL || !X509_set_version(x, X509_VERSION_3))
		goto err;
	if (set_random_serial(x, e) == -1)
		goto done;
	if (!X509_set_subject_name(x, s->subject) ||
	    !X509_set_issuer_name(x, s->issuer ? X509_get_subject_name(s->issuer) : s->subject) ||
	    !ASN1_TIME_set(X509_getm_notBefore(x), s->not_before) ||
	    !ASN1_TIME_set(X509_getm_notAfter(x), s->not_after) || !X509_set_pubkey(x, s->key))
		goto err;
	if (add_extensions(x, s, e) == -1)
		goto done;
	if (X509_sign(x, signer, md) <= 0)
		goto err;
	return x;
err:
	err_set(e, "cannot build the %s certificate", pki_profile_name(s->profile));
	pki_err_openssl(e);
done:
	X509_free(x);
	return NULL;
}
