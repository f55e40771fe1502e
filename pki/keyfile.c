/*
 * Private keys: generation, PKCS#8 PBES2 encryption, and loading that tells a
 * wrong passphrase apart from a file that is not a key.
 */
#include "keyfile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "cli.h"
#include "err.h"
#include "pem.h"
#include "pemkey.h"
#include "pki.h"
#include "secret.h"

static const struct {
	const char *name;
	enum pki_key_type type;
	int bits;
} key_names[] = {
        {"ec", PKI_KEY_EC_P256, 0},      {"p256", PKI_KEY_EC_P256, 0},
        {"p-256", PKI_KEY_EC_P256, 0},   {"ecdsa", PKI_KEY_EC_P256, 0},
        {"p384", PKI_KEY_EC_P384, 0},    {"p-384", PKI_KEY_EC_P384, 0},
        {"rsa", PKI_KEY_RSA, 2048},      {"rsa2048", PKI_KEY_RSA, 2048},
        {"rsa3072", PKI_KEY_RSA, 3072},  {"rsa4096", PKI_KEY_RSA, 4096},
        {"ed25519", PKI_KEY_ED25519, 0},
};

int
pki_key_spec_parse(const char *s, struct pki_key_spec *spec, struct err *e)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcasecmp(s, key_names[i].name) == 0) {
			spec->type = key_names[i].type;
			spec->bits = key_names[i].bits;
			return 0;
		}
	}
	err_code(e, DEMO_EXIT_USAGE);
	err_set(e, "unknown key type '%s' (p256, p384, rsa2048, rsa3072, rsa4096, ed25519)", s);
	return err_fix(e, "name one of those types, e.g. p256 (the default)");
}

const char *
pki_key_spec_name(const struct pki_key_spec *spec)
{
	switch (spec->type) {
	case PKI_KEY_EC_P256:
		return "ECDSA P-256";
	case PKI_KEY_EC_P384:
		return "ECDSA P-384";
	case PKI_KEY_ED25519:
		return "Ed25519";
	case PKI_KEY_RSA:
		return spec->bits == 4096   ? "RSA 4096"
		       : spec->bits == 3072 ? "RSA 3072"
		                            : "RSA 2048";
	}
	return "?";
}

EVP_PKEY *
pki_key_generate(const struct pki_key_spec *spec, int unsafe_rsa_bits, struct err *e)
{
	EVP_PKEY *k = NULL;

	switch (spec->type) {
	case PKI_KEY_EC_P256:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case PKI_KEY_EC_P384:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case PKI_KEY_RSA:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
		                      (size_t)(unsafe_rsa_bits ? unsafe_rsa_bits : spec->bits));
		break;
	case PKI_KEY_ED25519:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	}
	if (k == NULL) {
		err_set(e, "cannot generate a %s key", pki_key_spec_name(spec));
		pki_err_openssl(e);
	}
	return k;
}

/* Copies a memory BIO's contents into a new NUL-terminated buffer. */
static int
bio_take(BIO *bio, char **out, size_t *len, struct err *e)
{
	char *data;
	long n;

	n = BIO_get_mem_data(bio, &data);
	*out = malloc((size_t)n + 1);
	if (*out == NULL)
		return err_set(e, "out of memory");
	memcpy(*out, data, (size_t)n);
	(*out)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

/* pass NULL: clear PKCS#8 (only through pki_key_encode_unsafe_clear). */
static int
key_encode(EVP_PKEY *key, const char *pass, char **out, size_t *len, struct err *e)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *sig = NULL;
	BIO *bio = NULL;
	int ok = 0;

	*out = NULL;
	*len = 0;
	/* A secure-heap BIO: freeing it wipes it; we wipe what we copy out of it. */
	if ((bio = BIO_new(BIO_s_secmem())) == NULL || (p8 = EVP_PKEY2PKCS8(key)) == NULL)
		goto done;
	if (pass == NULL) {
		ok = PEM_write_bio_PKCS8_PRIV_KEY_INFO(bio, p8);
		goto done;
	}
	/* RFC 8018 PBES2: AES-256-CBC, PBKDF2 with HMAC-SHA256, random salt and IV. */
	pbe = PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), PKI_KDF_ITER, NULL, PKI_KDF_SALT_LEN, NULL,
	                        NID_hmacWithSHA256);
	if (pbe != NULL && (sig = PKCS8_set0_pbe(pass, (int)strlen(pass), p8, pbe)) != NULL) {
		pbe = NULL; /* owned by sig now */
		ok = PEM_write_bio_PKCS8(bio, sig);
	}
done:
	X509_ALGOR_free(pbe);
	X509_SIG_free(sig);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (!ok) {
		err_set(e, "cannot encode the private key");
		pki_err_openssl(e);
	}
	ok = ok && bio_take(bio, out, len, e) == 0;
	BIO_free(bio);
	return ok ? 0 : -1;
}

int
pki_key_encode(EVP_PKEY *key, const char *pass, char **out, size_t *len, struct err *e)
{
	*out = NULL;
	*len = 0;
	/* A NULL passphrase is a caller bug, never a reason to write a clear key. */
	if (pass == NULL || pass[0] == '\0')
		return err_set(e, "internal: refusing to encode a key without a passphrase");
	return key_encode(key, pass, out, len, e);
}

int
pki_key_encode_unsafe_clear(EVP_PKEY *key, char **out, size_t *len, struct err *e)
{
	return key_encode(key, NULL, out, len, e);
}

int
pki_key_is_encrypted(const char *buf, size_t len)
{
	return pemkey_is_encrypted(buf, len);
}

/* Says, in pki's words and exit codes, why pemkey_decode refused a key. */
static void
decode_error(enum pemkey_status st, const char *what, struct err *e)
{
	switch (st) {
	case PEMKEY_NEED_PASS:
		err_code(e, DEMO_EXIT_PASSPHRASE);
		err_set(e, "%s is encrypted and no passphrase was given", what);
		err_fix(e, "pass --pass file:PATH (or env:VAR, fd:N, prompt)");
		break;
	case PEMKEY_WRONG_PASS:
		/* CBC without a MAC: altered encrypted bytes look like a wrong passphrase. */
		err_code(e, DEMO_EXIT_PASSPHRASE);
		err_set(e, "%s: wrong passphrase (or the key's encrypted bytes were altered)",
		        what);
		err_fix(e,
		        "check the passphrase source; if it is right, restore the key from a copy");
		break;
	case PEMKEY_UNSUPPORTED:
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: encrypted with an unsupported algorithm", what);
		err_fix(e, "re-encrypt it: openssl pkey -in KEY -aes256 -out NEW.pem");
		break;
	default:
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: damaged private key", what);
		err_fix(e, "the file was altered; restore it from a copy or make a new key");
	}
}

static int
not_a_key(const char *label, const char *what, struct err *e)
{
	err_code(e, DEMO_EXIT_FILE);
	if (strcmp(label, "CERTIFICATE") == 0) {
		err_set(e, "%s holds a certificate, not a private key", what);
		return err_fix(e, "give the matching *_private_key.pem or key.pem file");
	}
	if (strcmp(label, "CERTIFICATE REQUEST") == 0)
		err_set(e, "%s holds a certificate signing request, not a private key", what);
	else if (strcmp(label, "PUBLIC KEY") == 0)
		err_set(e, "%s holds a public key, not a private key", what);
	else
		err_set(e, "%s holds a '%s' PEM block, not a private key", what, label);
	return err_fix(e, "give the private key file (*_private_key.pem, the --new-key of csr)");
}

EVP_PKEY *
pki_key_decode(const char *buf, size_t len, const char *what, const char *pass, struct err *e)
{
	enum pemkey_status st;
	char label[80];
	EVP_PKEY *k;

	/* what names the file the key came from: a key open to others is worth a word */
	(void)secret_file_check(-1, what, stderr);
	if (pki_pem_label(buf, len, what, label, sizeof(label), e) == -1)
		return NULL;
	if (pki_pem_count(buf, len, "ENCRYPTED PRIVATE KEY") == 0 &&
	    pki_mem_find(buf, len, "PRIVATE KEY-----") == NULL) {
		not_a_key(label, what, e);
		return NULL;
	}
	if ((k = pemkey_decode(buf, len, pass, &st)) == NULL)
		decode_error(st, what, e);
	return k;
}

EVP_PKEY *
pki_key_load(const char *path, const char *pass, struct err *e)
{
	EVP_PKEY *k;
	char *buf = NULL;
	size_t len = 0;

	if (pki_file_read(path, &buf, &len, e) == -1)
		return NULL;
	k = pki_key_decode(buf, len, path, pass, e);
	secret_free(buf, len);
	return k;
}

/* 1 when data (len bytes) is whole blocks of the cipher named by obj, or the cipher is unknown. */
static int
key_whole_blocks(const ASN1_OBJECT *obj, long len)
{
	const EVP_CIPHER *c = EVP_get_cipherbyobj(obj);
	int block = c != NULL ? EVP_CIPHER_get_block_size(c) : 1;

	return len > 0 && len % block == 0;
}

/* The PKCS#8 form: the structure parses and holds whole blocks of its cipher. */
static int
key_pkcs8_sound(BIO *bio)
{
	const X509_ALGOR *alg = NULL;
	const ASN1_OCTET_STRING *data = NULL;
	const ASN1_OBJECT *obj;
	const void *pval;
	PBE2PARAM *p2 = NULL;
	X509_SIG *sig;
	int ptype, ok;

	if ((sig = PEM_read_bio_PKCS8(bio, NULL, NULL, NULL)) == NULL)
		return 0;
	X509_SIG_get0(sig, &alg, &data);
	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	ok = data != NULL && ASN1_STRING_length(data) > 0;
	if (ok && OBJ_obj2nid(obj) == NID_pbes2) {
		p2 = ptype == V_ASN1_SEQUENCE ? ASN1_item_unpack(pval, ASN1_ITEM_rptr(PBE2PARAM))
		                              : NULL;
		ok = p2 != NULL &&
		     key_whole_blocks(p2->encryption->algorithm, ASN1_STRING_length(data));
	}
	PBE2PARAM_free(p2);
	X509_SIG_free(sig);
	return ok;
}

/* The older Proc-Type form: base64 decodes, DEK-Info names a cipher, whole blocks. */
static int
key_legacy_sound(BIO *bio)
{
	EVP_CIPHER_INFO info;
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len = 0;
	int ok;

	ok = PEM_read_bio(bio, &name, &header, &data, &len) &&
	     PEM_get_EVP_CIPHER_INFO(header, &info) && info.cipher != NULL &&
	     len % EVP_CIPHER_get_block_size(info.cipher) == 0 && len > 0;
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_clear_free(data, (size_t)(len > 0 ? len : 0));
	return ok;
}

int
pki_key_check_encrypted(const char *buf, size_t len, const char *what, struct err *e)
{
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	int ok;

	(void)secret_file_check(-1, what, stderr); /* as pki_key_decode */

	if (bio == NULL)
		return err_set(e, "out of memory");
	if (pki_pem_count(buf, len, "ENCRYPTED PRIVATE KEY") > 0)
		ok = key_pkcs8_sound(bio);
	else
		ok = key_legacy_sound(bio);
	BIO_free(bio);
	ERR_clear_error();
	if (ok)
		return 0;
	err_code(e, DEMO_EXIT_FILE);
	err_set(e, "%s: damaged encrypted private key (its structure does not decode)", what);
	return err_fix(e, "restore it from a copy, or make a new key: https_pki key --out FILE "
	                  "--pass SOURCE");
}

/* Reads the PBES2 parameters (RFC 8018 A.4) without decrypting anything. */
static void
pbes2_text(const X509_ALGOR *alg, char *out, size_t size)
{
	const ASN1_OBJECT *obj;
	const void *pval;
	PBE2PARAM *p2 = NULL;
	PBKDF2PARAM *kdf = NULL;
	int ptype, prf = NID_hmacWithSHA1;

	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	if (OBJ_obj2nid(obj) != NID_pbes2 || ptype != V_ASN1_SEQUENCE ||
	    (p2 = ASN1_item_unpack(pval, ASN1_ITEM_rptr(PBE2PARAM))) == NULL) {
		snprintf(out, size, "PKCS#8, %s", OBJ_nid2ln(OBJ_obj2nid(obj)));
		goto done;
	}
	if (OBJ_obj2nid(p2->keyfunc->algorithm) != NID_id_pbkdf2 ||
	    (kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
	                                     p2->keyfunc->parameter)) == NULL) {
		snprintf(out, size, "PKCS#8 PBES2, %s",
		         OBJ_nid2sn(OBJ_obj2nid(p2->encryption->algorithm)));
		goto done;
	}
	if (kdf->prf != NULL)
		prf = OBJ_obj2nid(kdf->prf->algorithm);
	snprintf(out, size, "PKCS#8 PBES2: %s, PBKDF2 with %s, %ld iterations",
	         OBJ_nid2sn(OBJ_obj2nid(p2->encryption->algorithm)), OBJ_nid2sn(prf),
	         ASN1_INTEGER_get(kdf->iter));
done:
	PBKDF2PARAM_free(kdf);
	PBE2PARAM_free(p2);
	ERR_clear_error();
}

void
pki_key_scheme(const char *buf, size_t len, char *out, size_t size)
{
	const X509_ALGOR *alg = NULL;
	X509_SIG *sig = NULL;
	BIO *bio;

	snprintf(out, size, "%s",
	         pki_key_is_encrypted(buf, len) ? "legacy PEM encryption" : "none");
	if (pki_pem_count(buf, len, "ENCRYPTED PRIVATE KEY") <= 0 ||
	    (bio = BIO_new_mem_buf(buf, (int)len)) == NULL)
		return;
	sig = PEM_read_bio_PKCS8(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (sig == NULL) {
		snprintf(out, size, "damaged PKCS#8");
		ERR_clear_error();
		return;
	}
	X509_SIG_get0(sig, &alg, NULL);
	pbes2_text(alg, out, size);
	X509_SIG_free(sig);
}
