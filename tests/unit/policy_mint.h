/*
 * Certificates for the policy tests, minted in memory at test time with
 * OpenSSL. https_pki makes only conforming certificates; these tests need
 * the broken ones too (negative serials, v1 CAs, DSA and P-192 keys, SHA-1
 * signatures, malformed constraints), so each case describes its
 * certificates here and nothing is read from disk.
 */
#ifndef POLICY_MINT_H
#define POLICY_MINT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* One certificate: NULL fields take the defaults of its place in the chain. */
struct mint_spec {
	const char *subject; /* "CN=..." */
	const char *ext;     /* "name=value|name=value" in OpenSSL's config syntax */
	const char
	        *key; /* ec256 (default), ec384, ec521, ec192, k256, rsa1024, rsa2048, rsa2052, dsa,
	              ec256x (P-256 with explicit curve parameters) */
	const char *md;     /* sha256 (default), sha1, md5 */
	const char *serial; /* hex; "-1" negative; NULL: random 16 bytes */
	int v1;             /* version 1, no extensions */
	int days_from;      /* notBefore, days from now (default -1) */
	int days_to;        /* notAfter, days from now (default 30) */
};

#define MINT_ROOT_EXT                                                              \
	"basicConstraints=critical,CA:TRUE|keyUsage=critical,keyCertSign,cRLSign|" \
	"subjectKeyIdentifier=hash"
#define MINT_INTER_EXT                                                                       \
	"basicConstraints=critical,CA:TRUE,pathlen:0|keyUsage=critical,keyCertSign,cRLSign|" \
	"subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid:always"
#define MINT_LEAF_EXT                                                            \
	"basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|" \
	"extendedKeyUsage=serverAuth|subjectKeyIdentifier=hash|"                 \
	"authorityKeyIdentifier=keyid:always|subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"

static EVP_PKEY *mint_keys[11];

static EVP_PKEY *
mint_key(const char *name)
{
	static const char *names[] = {"ec256",   "ec384",   "ec521",   "ec192",  "k256", "dsa",
	                              "rsa1024", "rsa2048", "rsa2052", "ec256x", NULL};
	EVP_PKEY *k = NULL;
	int i;

	for (i = 0; names[i] != NULL && strcmp(names[i], name) != 0; i++)
		;
	if (names[i] == NULL)
		return NULL;
	if (mint_keys[i] != NULL)
		return mint_keys[i];
	if (strcmp(name, "ec256x") == 0) {
		/* The curve spelt out in the key's encoding (openssl ecparam -param_enc explicit). */
		EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
		char group[] = "P-256", enc[] = "explicit";
		OSSL_PARAM params[] = {
		        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
		        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING, enc, 0),
		        OSSL_PARAM_construct_end()};
		if (pc && EVP_PKEY_keygen_init(pc) == 1 && EVP_PKEY_CTX_set_params(pc, params) == 1)
			EVP_PKEY_keygen(pc, &k);
		EVP_PKEY_CTX_free(pc);
	} else if (strncmp(name, "ec", 2) == 0 || strcmp(name, "k256") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
		                      strcmp(name, "ec256") == 0   ? "P-256"
		                      : strcmp(name, "ec384") == 0 ? "P-384"
		                      : strcmp(name, "ec521") == 0 ? "P-521"
		                      : strcmp(name, "ec192") == 0 ? "P-192"
		                                                   : "secp256k1");
	else if (strncmp(name, "rsa", 3) == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)atoi(name + 3));
	else {
		EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
		EVP_PKEY *params = NULL;
		EVP_PKEY_CTX *kc = NULL;
		if (pc && EVP_PKEY_paramgen_init(pc) == 1 &&
		    EVP_PKEY_CTX_set_dsa_paramgen_bits(pc, 1024) == 1 &&
		    EVP_PKEY_paramgen(pc, &params) == 1 &&
		    (kc = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL)) != NULL &&
		    EVP_PKEY_keygen_init(kc) == 1)
			EVP_PKEY_keygen(kc, &k);
		EVP_PKEY_free(params);
		EVP_PKEY_CTX_free(pc);
		EVP_PKEY_CTX_free(kc);
	}
	mint_keys[i] = k;
	return k;
}

static void
mint_free_keys(void)
{
	size_t i;

	for (i = 0; i < sizeof(mint_keys) / sizeof(mint_keys[0]); i++)
		EVP_PKEY_free(mint_keys[i]);
}

static int
mint_extensions(X509 *x, X509 *issuer, const char *list)
{
	char buf[2048], *p, *next, *eq;
	X509V3_CTX ctx;

	if (list == NULL || list[0] == '\0')
		return 0;
	snprintf(buf, sizeof(buf), "%s", list);
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	for (p = buf; p != NULL; p = next) {
		X509_EXTENSION *ext;
		next = strchr(p, '|');
		if (next != NULL)
			*next++ = '\0';
		if (*p == '\0')
			continue;
		eq = strchr(p, '=');
		if (eq == NULL)
			return -1;
		*eq = '\0';
		ext = X509V3_EXT_conf(NULL, &ctx, p, eq + 1);
		if (ext == NULL) {
			fprintf(stderr, "mint: bad extension %s=%s\n", p, eq + 1);
			return -1;
		}
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	return 0;
}

static int
mint_serial(X509 *x, const char *hex)
{
	unsigned char rnd[16];
	BIGNUM *bn = NULL;
	int rc;

	if (hex == NULL) {
		RAND_bytes(rnd, sizeof(rnd));
		rnd[0] &= 0x7f;
		rnd[0] |= 0x01;
		bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	} else if (BN_hex2bn(&bn, hex) == 0) {
		return -1;
	}
	rc = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL ? 0 : -1;
	BN_free(bn);
	return rc;
}

/*
 * Mints a certificate for spec, signed by issuer's key (NULL: self-signed;
 * sign_key overrides the signer's key, to break the signature). Returns the
 * certificate (free with X509_free) or NULL.
 */
static X509 *
mint(const struct mint_spec *s, const char *def_ext, X509 *issuer, EVP_PKEY *issuer_key,
     EVP_PKEY *sign_key)
{
	EVP_PKEY *key = mint_key(s->key ? s->key : "ec256");
	const EVP_MD *md = EVP_get_digestbyname(s->md ? s->md : "sha256");
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();

	if (x == NULL || n == NULL || key == NULL || md == NULL)
		goto err;
	X509_set_version(x, s->v1 ? X509_VERSION_1 : X509_VERSION_3);
	if (mint_serial(x, s->serial) == -1)
		goto err;
	/* An empty subject text means a subject without a common name. */
	if (X509_NAME_add_entry_by_txt(
	            n, s->subject && !s->subject[0] ? "O" : "CN", MBSTRING_ASC,
	            (const unsigned char *)(s->subject && s->subject[0] ? s->subject : "Test"), -1,
	            -1, 0) != 1)
		goto err;
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_gmtime_adj(X509_getm_notBefore(x), (long)(s->days_from ? s->days_from : -1) * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), (long)(s->days_to ? s->days_to : 30) * 86400);
	X509_set_pubkey(x, key);
	if (!s->v1 && mint_extensions(x, issuer, s->ext ? s->ext : def_ext) == -1)
		goto err;
	if (X509_sign(x, sign_key ? sign_key : issuer ? issuer_key : key, md) <= 0)
		goto err;
	X509_NAME_free(n);
	return x;
err:
	X509_NAME_free(n);
	X509_free(x);
	return NULL;
}

#endif
