/*
 * The bad-certificate builder: like profile.c, but every part of the
 * certificate can be broken on purpose (version, serial, key, signature hash,
 * each extension and its criticality). OpenSSL does all the encoding; only the
 * malformed name constraints are given as DER bytes.
 */
#include "badssl_x509.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "cli.h"
#include "err.h"
#include "profile.h"

#define DAY 86400L

void
badssl_pair_free(struct badssl_pair *p)
{
	X509_free(p->cert);
	EVP_PKEY_free(p->key);
	p->cert = NULL;
	p->key = NULL;
}

/* DSA: 2048-bit parameters, then a key (FIPS 186-4 sizes). */
static EVP_PKEY *
badssl_dsa_key(void)
{
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL), *kctx = NULL;
	EVP_PKEY *params = NULL, *key = NULL;

	if (pctx == NULL || EVP_PKEY_paramgen_init(pctx) <= 0 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, 2048) <= 0 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx, 256) <= 0 ||
	    EVP_PKEY_paramgen(pctx, &params) <= 0)
		goto done;
	if ((kctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL)) == NULL ||
	    EVP_PKEY_keygen_init(kctx) <= 0 || EVP_PKEY_keygen(kctx, &key) <= 0)
		key = NULL;
done:
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_CTX_free(kctx);
	EVP_PKEY_free(params);
	return key;
}

static EVP_PKEY *
badssl_key_new(enum badssl_key k, struct err *e)
{
	EVP_PKEY *key = NULL;

	switch (k) {
	case BADSSL_KEY_P256:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case BADSSL_KEY_P384:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case BADSSL_KEY_P192:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-192");
		break;
	case BADSSL_KEY_RSA2048:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case BADSSL_KEY_RSA2047:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2047);
		break;
	case BADSSL_KEY_RSA1024:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
		break;
	case BADSSL_KEY_DSA:
		key = badssl_dsa_key();
		break;
	case BADSSL_KEY_ED25519:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	}
	if (key == NULL) {
		err_set(e, "cannot generate the key");
		pki_err_openssl(e);
	}
	return key;
}

static int
badssl_serial_set(X509 *x, enum badssl_serial s, struct err *e)
{
	unsigned char b[21];
	int n = s == BADSSL_SERIAL_21 ? 21 : 16, ok;
	BIGNUM *bn;

	if (s == BADSSL_SERIAL_ZERO)
		return ASN1_INTEGER_set(X509_get_serialNumber(x), 0) ? 0 : err_set(e, "serial");
	if (RAND_bytes(b, n) != 1)
		return err_set(e, "no random bytes for the serial number");
	/* Top bit clear and next bit set: exactly n octets in DER. */
	b[0] = (unsigned char)((b[0] & 0x7f) | 0x40);
	bn = BN_bin2bn(b, n, NULL);
	if (bn != NULL && s == BADSSL_SERIAL_NEGATIVE)
		BN_set_negative(bn, 1);
	ok = bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : err_set(e, "cannot set the serial number");
}

/* As pki_ext_add_conf; NULL or "-" adds nothing (a case that leaves it out). */
static int
badssl_ext_conf(X509 *x, X509V3_CTX *ctx, int nid, const char *value, struct err *e)
{
	if (value == NULL || strcmp(value, "-") == 0)
		return 0;
	return pki_ext_add_conf(x, ctx, nid, value, e);
}

static int
badssl_ext_der(X509 *x, int nid, ASN1_OBJECT *obj, int critical, const unsigned char *der, int len,
               struct err *e)
{
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *ext = NULL;
	int ok = 0;

	if (os != NULL && ASN1_OCTET_STRING_set(os, der, len)) {
		ext = obj ? X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os)
		          : X509_EXTENSION_create_by_NID(NULL, nid, critical, os);
		ok = ext != NULL && X509_add_ext(x, ext, -1);
	}
	X509_EXTENSION_free(ext);
	ASN1_OCTET_STRING_free(os);
	return ok ? 0 : err_set(e, "cannot add a raw extension");
}

static int
badssl_hex_ext(X509 *x, int nid, const char *hex, struct err *e)
{
	long len = 0;
	unsigned char *der = OPENSSL_hexstr2buf(hex, &len);
	int rc;

	if (der == NULL)
		return err_set(e, "internal: bad hex '%s'", hex);
	rc = badssl_ext_der(x, nid, NULL, 1, der, (int)len, e);
	OPENSSL_free(der);
	return rc;
}

/* A critical extension under a private OID, holding a DER NULL (RFC 5280 4.2: must reject). */
static int
badssl_unknown_ext(X509 *x, struct err *e)
{
	static const unsigned char null_der[] = {0x05, 0x00};
	ASN1_OBJECT *obj = OBJ_txt2obj("1.3.6.1.4.1.55555.66.1", 1);
	int rc = obj ? badssl_ext_der(x, 0, obj, 1, null_der, 2, e) : err_set(e, "OID");

	ASN1_OBJECT_free(obj);
	return rc;
}

/* SHA-1 of the subjectPublicKey bits: RFC 5280 4.2.1.2 method (1). */
static int
badssl_key_id(X509 *x, ASN1_OCTET_STRING **out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!X509_pubkey_digest(x, EVP_sha1(), md, &len) ||
	    (*out = ASN1_OCTET_STRING_new()) == NULL)
		return -1;
	return ASN1_OCTET_STRING_set(*out, md, (int)len) ? 0 : -1;
}

static int
badssl_key_ids(X509 *x, X509 *issuer, const struct badssl_cert *c, struct err *e)
{
	ASN1_OCTET_STRING *ski = NULL;
	AUTHORITY_KEYID *akid = NULL;
	const ASN1_OCTET_STRING *iski;
	int rc = -1;

	if (!c->no_ski &&
	    (badssl_key_id(x, &ski) == -1 ||
	     X509_add1_ext_i2d(x, NID_subject_key_identifier, ski, 0, X509V3_ADD_DEFAULT) != 1))
		goto done;
	if (!c->no_aki) {
		if ((akid = AUTHORITY_KEYID_new()) == NULL)
			goto done;
		iski = X509_get0_subject_key_id(issuer);
		if (iski != NULL)
			akid->keyid = ASN1_OCTET_STRING_dup(iski);
		else if (badssl_key_id(issuer, &akid->keyid) == -1)
			goto done;
		if (akid->keyid == NULL || X509_add1_ext_i2d(x, NID_authority_key_identifier, akid,
		                                             0, X509V3_ADD_DEFAULT) != 1)
			goto done;
	}
	rc = 0;
done:
	ASN1_OCTET_STRING_free(ski);
	AUTHORITY_KEYID_free(akid);
	return rc == 0 ? 0 : err_set(e, "cannot add the key identifiers");
}

/* A SAN of the host and a 5-byte iPAddress, which no address is (RFC 5280 4.2.1.6: 4 or 16). */
static int
badssl_bad_ip_san(X509 *x, const char *host, struct err *e)
{
	static const unsigned char ip5[] = {0x87, 0x05, 0x7f, 0x00, 0x00, 0x01, 0x00};
	unsigned char der[300];
	size_t h = strlen(host), inner = 2 + h + sizeof(ip5);

	if (h > 120)
		return err_set(e, "internal: host too long");
	der[0] = 0x30;
	der[1] = (unsigned char)inner;
	der[2] = 0x82; /* [2] dNSName */
	der[3] = (unsigned char)h;
	memcpy(der + 4, host, h);
	memcpy(der + 4 + h, ip5, sizeof(ip5));
	return badssl_ext_der(x, NID_subject_alt_name, NULL, 0, der, (int)(inner + 2), e);
}

/* subjectAltName: c->san (or DNS:host for a leaf), plus the long name when asked. */
static int
badssl_san(X509 *x, X509V3_CTX *ctx, const struct badssl_cert *c, enum badssl_role role,
           const char *host, struct err *e)
{
	char buf[1024], label[64];
	const char *san = c->san;

	if (c->bad_ip_san)
		return badssl_bad_ip_san(x, host, e);
	if (san == NULL && role == BADSSL_LEAF) {
		snprintf(buf, sizeof(buf), "DNS:%s", host);
		san = buf;
	}
	if (c->long_san) {
		/* Four 62-byte labels and a suffix: 265 bytes, outside every constraint here. */
		memset(label, 'a', 62);
		label[62] = '\0';
		snprintf(buf, sizeof(buf), "DNS:%s,DNS:%s.%s.%s.%s.example.net", host, label, label,
		         label, label);
		san = buf;
	}
	if (c->dup_san && badssl_ext_conf(x, ctx, NID_subject_alt_name, san, e) == -1)
		return -1;
	return badssl_ext_conf(x, ctx, NID_subject_alt_name, san, e);
}

static int
badssl_extensions(X509 *x, X509 *issuer, const struct badssl_cert *c, enum badssl_role role,
                  const char *host, struct err *e)
{
	static const char *const bc[] = {"critical,CA:TRUE", "critical,CA:TRUE,pathlen:0",
	                                 "critical,CA:FALSE"};
	static const char *const ku[] = {"critical,keyCertSign,cRLSign",
	                                 "critical,keyCertSign,cRLSign",
	                                 "critical,digitalSignature"};
	X509V3_CTX ctx;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if (badssl_ext_conf(x, &ctx, NID_basic_constraints, c->bc ? c->bc : bc[role], e) == -1 ||
	    badssl_ext_conf(x, &ctx, NID_key_usage, c->ku ? c->ku : ku[role], e) == -1 ||
	    badssl_ext_conf(x, &ctx, NID_ext_key_usage,
	                    c->eku                ? c->eku
	                    : role == BADSSL_LEAF ? "serverAuth"
	                                          : NULL,
	                    e) == -1 ||
	    badssl_key_ids(x, issuer, c, e) == -1 || badssl_san(x, &ctx, c, role, host, e) == -1 ||
	    badssl_ext_conf(x, &ctx, NID_name_constraints, c->nc, e) == -1 ||
	    badssl_ext_conf(x, &ctx, NID_info_access, c->aia, e) == -1)
		return -1;
	if (c->nc_hex != NULL && badssl_hex_ext(x, NID_name_constraints, c->nc_hex, e) == -1)
		return -1;
	return c->unknown_critical ? badssl_unknown_ext(x, e) : 0;
}

static int
badssl_validity(X509 *x, enum badssl_role role, enum badssl_when when, time_t now)
{
	time_t nb = now - 300, na = now + 90 * DAY;

	if (role != BADSSL_LEAF) {
		/* Long before the past case and after the future case: only the leaf's period is wrong. */
		nb = now - 400 * DAY;
		na = now + 3650 * DAY;
	} else if (when == BADSSL_PAST) {
		nb = now - 120 * DAY;
		na = now - 30 * DAY;
	} else if (when == BADSSL_FUTURE) {
		nb = now + 30 * DAY;
		na = now + 120 * DAY;
	}
	return ASN1_TIME_set(X509_getm_notBefore(x), nb) && ASN1_TIME_set(X509_getm_notAfter(x), na)
	               ? 0
	               : -1;
}

static int
badssl_subject(X509 *x, const struct badssl_cert *c, const char *host, const char *cn_default)
{
	const char *cn = c->cn ? c->cn : cn_default ? cn_default : host;
	X509_NAME *name = X509_get_subject_name(x);

	if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
	                                (const unsigned char *)"HTTPS Demo badssl", -1, -1, 0))
		return -1;
	if (strcmp(cn, "-") != 0 &&
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1,
	                                -1, 0))
		return -1;
	return 0;
}

/* Signs x with the case's hash (SHA-256 unless it asks otherwise; none for Ed25519). */
static int
badssl_sign(X509 *x, EVP_PKEY *signer, const struct badssl_cert *c, struct err *e)
{
	const EVP_MD *md = c->md ? EVP_get_digestbyname(c->md) : EVP_sha256();
	const ASN1_BIT_STRING *sig = NULL;

	if (EVP_PKEY_get_id(signer) == EVP_PKEY_ED25519)
		md = NULL;
	else if (md == NULL)
		return err_set(e, "internal: no digest %s", c->md);
	if (X509_sign(x, signer, md) <= 0) {
		err_set(e, "cannot sign with %s", c->md ? c->md : "SHA-256");
		pki_err_openssl(e);
		return -1;
	}
	if (c->bad_signature) {
		/* The last byte lies inside the signature value: the DER stays valid. */
		X509_get0_signature(&sig, NULL, x);
		((ASN1_BIT_STRING *)sig)->data[sig->length - 1] ^= 0x01;
	}
	return 0;
}

int
badssl_build_cert(const struct badssl_cert *c, enum badssl_role role, const char *host,
                  const char *cn_default, const struct badssl_pair *issuer, time_t now,
                  struct badssl_pair *out, struct err *e)
{
	X509 *x = NULL, *icert;
	EVP_PKEY *signer;

	out->cert = NULL;
	if ((out->key = badssl_key_new(c->key, e)) == NULL)
		return -1;
	if ((x = X509_new()) == NULL ||
	    !X509_set_version(x, c->v1 ? X509_VERSION_1 : X509_VERSION_3) ||
	    badssl_serial_set(x, c->serial, e) == -1 ||
	    badssl_subject(x, c, host, role == BADSSL_LEAF ? NULL : cn_default) == -1 ||
	    badssl_validity(x, role, c->when, now) == -1 || !X509_set_pubkey(x, out->key))
		goto err;
	icert = issuer ? issuer->cert : x;
	signer = issuer ? issuer->key : out->key;
	if (!X509_set_issuer_name(x, X509_get_subject_name(icert)))
		goto err;
	if (!c->v1 && badssl_extensions(x, icert, c, role, host, e) == -1)
		goto fail;
	if (badssl_sign(x, signer, c, e) == -1)
		goto fail;
	out->cert = x;
	return 0;
err:
	if (e->msg[0] == '\0')
		err_set(e, "cannot build the certificate");
	pki_err_openssl(e);
fail:
	X509_free(x);
	badssl_pair_free(out);
	return -1;
}
