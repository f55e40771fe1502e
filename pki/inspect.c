/*
 * https_pki inspect FILE: what a certificate (or chain), CSR or key holds, in
 * words a learner can follow, or as JSON (--json) for scripts.
 */
#include "inspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "certfile.h"
#include "crl.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "json.h"
#include "keyfile.h"
#include "names.h"
#include "opts.h"
#include "pem.h"
#include "pki.h"
#include "secret.h"
#include "sign.h"
#include "text.h"

#define INSPECT_LIST_MAX 40

static struct inspect_opts {
	const char *pass;
	int json, pem;
} inspect_opts;

/* One printer for both forms: "  name: value" lines, or JSON members. */
struct printer {
	FILE *f;
	int json;
	struct json_writer j;
};

/* JSON member names: "SHA-256 fingerprint" -> "sha_256_fingerprint". */
static const char *
json_key(const char *label, char *buf, size_t size)
{
	size_t n = 0;
	int gap = 0;

	for (; *label && n + 2 < size; label++) {
		if (isalnum((unsigned char)*label)) {
			if (gap && n > 0)
				buf[n++] = '_';
			buf[n++] = (char)tolower((unsigned char)*label);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	buf[n] = '\0';
	return buf;
}

static void
pr_str(struct printer *p, const char *key, const char *v)
{
	char k[64];

	if (p->json)
		json_string_put(&p->j, json_key(key, k, sizeof(k)), v);
	else
		fprintf(p->f, "  %-20s %s\n", key, v);
}

static void
pr_num(struct printer *p, const char *key, long long v)
{
	char k[64];

	if (p->json)
		json_int_put(&p->j, json_key(key, k, sizeof(k)), v);
	else
		fprintf(p->f, "  %-20s %lld\n", key, v);
}

static void
pr_bool(struct printer *p, const char *key, int v)
{
	char k[64];

	if (p->json)
		json_bool_put(&p->j, json_key(key, k, sizeof(k)), v);
	else
		fprintf(p->f, "  %-20s %s\n", key, v ? "yes" : "no");
}

static void
pr_list(struct printer *p, const char *key, char **v, int n)
{
	char k[64];
	int i;

	if (p->json) {
		json_array_open(&p->j, json_key(key, k, sizeof(k)), JSON_LINE);
		for (i = 0; i < n; i++)
			json_string_put(&p->j, NULL, v[i]);
		json_close(&p->j);
		return;
	}
	fprintf(p->f, "  %-20s ", key);
	for (i = 0; i < n; i++)
		fprintf(p->f, "%s%s", i ? ", " : "", v[i]);
	fputs(n ? "\n" : "(none)\n", p->f);
}

/* Starts one file's output: {"file": path, ...} as JSON, else the heading "path: what". */
static void
pr_file_open(struct printer *p, const char *path, const char *what)
{
	if (p->json) {
		json_writer_init(&p->j, p->f);
		json_object_open(&p->j, NULL, JSON_LINE);
		json_string_put(&p->j, "file", path);
	} else if (what != NULL) {
		fprintf(p->f, "%s: %s\n", path, what);
	}
}

/* Ends one file's output (JSON: the object closed, one line). */
static void
pr_file_close(struct printer *p)
{
	if (!p->json)
		return;
	json_close(&p->j);
	fputc('\n', p->f);
	json_writer_finish(&p->j);
}

static void
list_free(char **v, int n)
{
	while (n-- > 0)
		free(v[n]);
}

static void
pr_name(struct printer *p, const char *key, const X509_NAME *name)
{
	char buf[512];
	BIO *bio = BIO_new(BIO_s_mem());
	int n = 0;

	if (bio != NULL && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0)
		n = BIO_read(bio, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(bio);
	pr_str(p, key, buf);
}

/* "ECDSA P-256", "RSA 2048", "Ed25519" */
static void
key_text(EVP_PKEY *k, char *buf, size_t size)
{
	char group[64] = "";
	size_t glen = 0;

	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_EC:
		EVP_PKEY_get_group_name(k, group, sizeof(group), &glen);
		snprintf(buf, size, "ECDSA %s",
		         strcmp(group, "prime256v1") == 0  ? "P-256"
		         : strcmp(group, "secp384r1") == 0 ? "P-384"
		                                           : group);
		break;
	case EVP_PKEY_RSA:
		snprintf(buf, size, "RSA %d", EVP_PKEY_get_bits(k));
		break;
	case EVP_PKEY_ED25519:
		snprintf(buf, size, "Ed25519");
		break;
	default:
		snprintf(buf, size, "%s %d bits", OBJ_nid2sn(EVP_PKEY_get_base_id(k)),
		         EVP_PKEY_get_bits(k));
	}
}

static int
names_list(GENERAL_NAMES *gns, char **v, int max)
{
	char buf[300];
	int i, n = 0;

	for (i = 0; gns != NULL && i < sk_GENERAL_NAME_num(gns) && n < max; i++) {
		pki_general_name_text(sk_GENERAL_NAME_value(gns, i), buf, sizeof(buf));
		if ((v[n] = strdup(buf)) != NULL)
			n++;
	}
	return n;
}

static void
pr_sans(struct printer *p, GENERAL_NAMES *gns)
{
	char *v[INSPECT_LIST_MAX];
	int n = names_list(gns, v, INSPECT_LIST_MAX);

	pr_list(p, "names (SAN)", v, n);
	list_free(v, n);
}

static void
pr_validity(struct printer *p, X509 *x)
{
	time_t nb = 0, na = 0, now = time(NULL);
	char buf[64];
	struct err e;
	long long left;

	if (pki_asn1_time_get(X509_get0_notBefore(x), &nb, &e) == -1 ||
	    pki_asn1_time_get(X509_get0_notAfter(x), &na, &e) == -1)
		return;
	pr_str(p, "not before", pki_time_format(nb, buf, sizeof(buf)));
	pr_str(p, "not after", pki_time_format(na, buf, sizeof(buf)));
	left = (long long)((na - now) / 86400);
	pr_num(p, "days left", left);
	pr_str(p, "validity", now < nb ? "not yet valid" : now > na ? "expired" : "valid now");
}

static void
pr_usage(struct printer *p, X509 *x)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} ku[] = {
	        {KU_DIGITAL_SIGNATURE, "digitalSignature"},
	        {KU_NON_REPUDIATION, "nonRepudiation"},
	        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
	        {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
	        {KU_KEY_AGREEMENT, "keyAgreement"},
	        {KU_KEY_CERT_SIGN, "keyCertSign"},
	        {KU_CRL_SIGN, "cRLSign"},
	};
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	uint32_t bits = X509_get_key_usage(x);
	char *v[INSPECT_LIST_MAX], buf[80];
	size_t i;
	int n = 0;

	for (i = 0; bits != UINT32_MAX && i < sizeof(ku) / sizeof(ku[0]); i++)
		if (bits & ku[i].bit)
			v[n++] = strdup(ku[i].name);
	pr_list(p, "key usage", v, n);
	list_free(v, n);
	n = 0;
	for (i = 0; eku != NULL && (int)i < sk_ASN1_OBJECT_num(eku) && n < INSPECT_LIST_MAX; i++) {
		ASN1_OBJECT *obj = sk_ASN1_OBJECT_value(eku, (int)i);

		if (OBJ_obj2nid(obj) != NID_undef)
			snprintf(buf, sizeof(buf), "%s", OBJ_nid2sn(OBJ_obj2nid(obj)));
		else
			OBJ_obj2txt(buf, sizeof(buf), obj, 1);
		v[n++] = strdup(buf);
	}
	pr_list(p, "extended key usage", v, n);
	list_free(v, n);
	EXTENDED_KEY_USAGE_free(eku);
}

static void
pr_constraints(struct printer *p, X509 *x)
{
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	NAME_CONSTRAINTS *nc = X509_get_ext_d2i(x, NID_name_constraints, NULL, NULL);
	char *v[INSPECT_LIST_MAX], buf[300];
	int i, n = 0;

	pr_bool(p, "CA", bc != NULL && bc->ca);
	if (bc != NULL && bc->ca && bc->pathlen != NULL)
		pr_num(p, "path length", ASN1_INTEGER_get(bc->pathlen));
	if (nc != NULL) {
		for (i = 0;
		     i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) && n < INSPECT_LIST_MAX;
		     i++) {
			pki_general_name_text(
			        sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base, buf,
			        sizeof(buf));
			v[n++] = strdup(buf);
		}
		pr_list(p, "name constraints", v, n);
		list_free(v, n);
	}
	BASIC_CONSTRAINTS_free(bc);
	NAME_CONSTRAINTS_free(nc);
}

static void
pr_ids(struct printer *p, X509 *x)
{
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x);
	const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(x);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char buf[200];

	if (ski != NULL) {
		text_fingerprint(ASN1_STRING_get0_data(ski), (size_t)ASN1_STRING_length(ski), buf,
		                 sizeof(buf));
		pr_str(p, "subject key id", buf);
	}
	if (aki != NULL) {
		text_fingerprint(ASN1_STRING_get0_data(aki), (size_t)ASN1_STRING_length(aki), buf,
		                 sizeof(buf));
		pr_str(p, "authority key id", buf);
	}
	if (X509_digest(x, EVP_sha256(), md, &mdlen)) {
		text_fingerprint(md, mdlen, buf, sizeof(buf));
		pr_str(p, "SHA-256 fingerprint", buf);
	}
}

static void
inspect_cert(struct printer *p, X509 *x)
{
	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	GENERAL_NAMES *gns = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL, buf[100];
	EVP_PKEY *k = X509_get0_pubkey(x);

	pr_str(p, "kind", "certificate");
	pr_name(p, "subject", X509_get_subject_name(x));
	pr_name(p, "issuer", X509_get_issuer_name(x));
	pr_bool(p, "self-signed", pki_cert_is_self_signed(x));
	pr_str(p, "serial", hex ? hex : "?");
	pr_validity(p, x);
	pr_sans(p, gns);
	if (k != NULL) {
		key_text(k, buf, sizeof(buf));
		pr_str(p, "public key", buf);
	}
	pr_str(p, "signature", OBJ_nid2ln(X509_get_signature_nid(x)));
	pr_usage(p, x);
	pr_constraints(p, x);
	pr_ids(p, x);
	OPENSSL_free(hex);
	BN_free(bn);
	GENERAL_NAMES_free(gns);
}

static int
inspect_certs(struct printer *p, const char *path, struct err *e)
{
	STACK_OF(X509) *sk = pki_certs_load(path, e);
	int i, n;

	if (sk == NULL)
		return -1;
	n = sk_X509_num(sk);
	pr_file_open(p, path, NULL);
	if (p->json)
		json_array_open(&p->j, "certificates", JSON_LINE);
	for (i = 0; i < n; i++) {
		if (p->json)
			json_object_open(&p->j, NULL, JSON_LINE);
		else
			fprintf(p->f, "%s: certificate %d of %d\n", path, i + 1, n);
		inspect_cert(p, sk_X509_value(sk, i));
		if (p->json)
			json_close(&p->j);
	}
	if (p->json)
		json_close(&p->j);
	pr_file_close(p);
	sk_X509_pop_free(sk, X509_free);
	return 0;
}

static int
inspect_csr(struct printer *p, const char *path, struct err *e)
{
	X509_REQ *req = pki_csr_load(path, e);
	struct pki_sans sans = {.n = 0};
	char buf[100];

	if (req == NULL)
		return -1;
	pr_file_open(p, path, "certificate signing request");
	pr_str(p, "kind", "certificate signing request");
	pr_name(p, "subject", X509_REQ_get_subject_name(req));
	key_text(X509_REQ_get0_pubkey(req), buf, sizeof(buf));
	pr_str(p, "public key", buf);
	pr_bool(p, "signature valid", 1);
	if (pki_csr_sans(req, &sans, e) == 0)
		pr_list(p, "names (SAN)", sans.v, sans.n);
	pr_file_close(p);
	pki_sans_free(&sans);
	X509_REQ_free(req);
	return 0;
}

static int
inspect_key(struct printer *p, const char *path, const char *buf, size_t len,
            const struct inspect_opts *o, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1], text[100];
	int enc = pki_key_is_encrypted(buf, len);
	EVP_PKEY *k = NULL;

	if (enc && o->pass != NULL) {
		if (pki_pass_open(o->pass, path, pass, sizeof(pass), e) == -1)
			return -1;
		k = pki_key_decode(buf, len, path, pass, e);
		secret_wipe(pass, sizeof(pass));
		if (k == NULL)
			return -1;
	} else if (!enc && (k = pki_key_decode(buf, len, path, NULL, e)) == NULL) {
		return -1;
	} else if (enc && o->pass == NULL && pki_key_check_encrypted(buf, len, path, e) == -1) {
		return -1; /* a damaged key is a file error (24), as with --pass */
	}
	pr_file_open(p, path, "private key");
	pr_str(p, "kind", "private key");
	pr_bool(p, "encrypted", enc);
	if (enc) {
		pki_key_scheme(buf, len, text, sizeof(text));
		pr_str(p, "encryption", text);
	}
	if (k != NULL) {
		key_text(k, text, sizeof(text));
		pr_str(p, "key", text);
	} else {
		pr_str(p, "key", "(encrypted; give --pass to see its type)");
	}
	pr_file_close(p);
	EVP_PKEY_free(k);
	return 0;
}

/* The SHA-256 of the DER SubjectPublicKeyInfo, base64: curl's --pinnedpubkey sha256//, HPKP. */
static int
spki_pin(EVP_PKEY *k, char *buf, size_t size)
{
	unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int len = i2d_PUBKEY(k, &der), ok;

	ok = len > 0 && size > 4 * ((EVP_MAX_MD_SIZE + 2) / 3) &&
	     EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha256(), NULL);
	OPENSSL_free(der);
	if (ok)
		EVP_EncodeBlock((unsigned char *)buf, md, (int)mdlen);
	return ok ? 0 : -1;
}

static int
inspect_pubkey(struct printer *p, const char *path, const char *buf, size_t len, struct err *e)
{
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
	char text[100];

	BIO_free(b);
	if (k == NULL || spki_pin(k, text, sizeof(text)) == -1) {
		EVP_PKEY_free(k);
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: the PUBLIC KEY block does not decode", path);
		pki_err_openssl(e);
		return err_fix(e, "write it again: https_pki key --out KEY --pubout %s --force",
		               path);
	}
	pr_file_open(p, path, "public key");
	pr_str(p, "kind", "public key (SubjectPublicKeyInfo)");
	pr_str(p, "SPKI SHA-256 base64", text);
	key_text(k, text, sizeof(text));
	pr_str(p, "key", text);
	pr_str(p, "for",
	       "the public half of a key pair: it checks signatures the private key made; "
	       "safe to share; a CSR or certificate carries it");
	pr_file_close(p);
	EVP_PKEY_free(k);
	return 0;
}

/* What a PEM label says (RFC 7468). */
static const char *
pem_label_meaning(const char *label)
{
	static const char *const t[][2] = {
	        {"CERTIFICATE", "an X.509 certificate (RFC 5280): names and a public key, signed"},
	        {"CERTIFICATE REQUEST", "a PKCS#10 certificate signing request (RFC 2986)"},
	        {"PUBLIC KEY", "a SubjectPublicKeyInfo (RFC 5280): algorithm and public key"},
	        {"PRIVATE KEY", "a PKCS#8 private key in the clear (RFC 5208): the secret itself"},
	        {"ENCRYPTED PRIVATE KEY", "a PKCS#8 private key encrypted under a passphrase"},
	        {"EC PRIVATE KEY", "an EC private key in OpenSSL's older format (RFC 5915)"},
	        {"RSA PRIVATE KEY", "an RSA private key in OpenSSL's older format (PKCS#1)"},
	        {"X509 CRL", "a certificate revocation list (RFC 5280)"},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i][0], label) == 0)
			return t[i][1];
	return "a label this tool does not know (RFC 7468 lists the usual ones)";
}

/* --pem: each PEM block's armour, its base64 and the DER inside. */
static int
inspect_pem(const char *path, const char *buf, size_t len, struct err *e)
{
	BIO *b = BIO_new_mem_buf(buf, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long n = 0, body, i, nb;
	int count = 0;

	while (b != NULL && PEM_read_bio(b, &name, &header, &der, &n) == 1) {
		count++;
		printf("%s: PEM block %d\n", path, count);
		printf("  %-20s -----BEGIN %s----- ... -----END %s-----\n", "armour", name, name);
		printf("  %-20s %s\n", "label says", pem_label_meaning(name));
		if (header != NULL && header[0] != '\0')
			printf("  %-20s present (legacy encryption: Proc-Type, DEK-Info)\n",
			       "headers");
		printf("  %-20s %ld characters of DER (4 for every 3 bytes)\n", "base64",
		       4 * ((n + 2) / 3));
		printf("  %-20s %ld bytes, starting", "DER", n);
		for (i = 0; i < n && i < 4; i++)
			printf(" %02x", der[i]);
		if (n >= 2 && der[0] == 0x30) {
			nb = der[1] & 0x80 ? der[1] & 0x7f : 0;
			for (body = nb ? 0 : der[1], i = 0; i < nb && 2 + i < n; i++)
				body = body * 256 + der[2 + i];
			printf(": 30 is a SEQUENCE (ASN.1), of %ld bytes after its %ld-byte "
			       "header\n",
			       body, 2 + nb);
		} else {
			printf(": not a DER SEQUENCE\n");
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
		name = header = NULL, der = NULL;
	}
	BIO_free(b);
	ERR_clear_error();
	if (count > 0)
		return 0;
	err_code(e, DEMO_EXIT_FILE);
	err_set(e, "%s: no PEM block decodes (bad base64 inside the armour?)", path);
	return err_fix(e, "copy the file again whole: base64 holds only A-Z a-z 0-9 + / =");
}

static int
inspect_run(const struct inspect_opts *o, const char *path, struct err *e)
{
	struct printer p = {.f = stdout, .json = o->json};
	char label[80], *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (pki_file_read(path, &buf, &len, e) == -1)
		goto done;
	if (pki_crl_is(buf, len)) {
		rc = pki_crl_inspect(stdout, path, e);
		goto done;
	}
	if (pki_pem_label(buf, len, path, label, sizeof(label), e) == -1)
		goto done;
	if (o->pem)
		rc = inspect_pem(path, buf, len, e);
	else if (pki_pem_count(buf, len, "CERTIFICATE") != 0)
		rc = inspect_certs(&p, path, e);
	else if (pki_pem_count(buf, len, "CERTIFICATE REQUEST") != 0)
		rc = inspect_csr(&p, path, e);
	else if (strstr(label, "PRIVATE KEY") != NULL)
		rc = inspect_key(&p, path, buf, len, o, e);
	else if (strcmp(label, "PUBLIC KEY") == 0)
		rc = inspect_pubkey(&p, path, buf, len, e);
	else {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s holds a '%s' PEM block: not a certificate, CSR or key", path, label);
		err_fix(e, "https_pki inspect --pem %s explains any PEM block", path);
	}
done:
	secret_free(buf, len);
	return rc;
}

static int
inspect_main(void *opts, int argc, char **argv, struct err *e)
{
	int i;

	for (i = 0; i < argc; i++)
		if (inspect_run(opts, argv[i], e) == -1)
			return -1;
	return 0;
}

static int
inspect_check(void *opts, int argc, char **argv, struct err *e)
{
	const struct inspect_opts *o = opts;

	(void)argc, (void)argv;
	if (o->pem && o->json)
		return err_set(e, "--pem explains the armour in text; it does not go with --json");
	return 0;
}

static const struct opt inspect_options[] = {
        {"json", 'j', NULL, "print JSON (one object per file)", OPT_FLAG, &inspect_opts.json, 0, 0,
         NULL},
        PKI_OPT_PASS(&inspect_opts.pass, "passphrase, to show an encrypted key's type"),
        {"pem", 0, NULL, "explain the PEM armour instead: label, base64, DER", OPT_FLAG,
         &inspect_opts.pem, 0, 0, NULL},
        PKI_OPT_END,
};

const struct pki_cmd pki_inspect_cmd = {
        .name = "inspect",
        .summary = "show what a certificate, CSR or key holds (--json)",
        .synopsis = "FILE... [--json | --pem] [--pass SOURCE]",
        .about = "Shows what a certificate (every one of a chain), a CSR, a private or a public\n"
                 "key holds: subject, issuer, validity and days left, names, key, usages,\n"
                 "constraints, fingerprint. --pem explains the PEM armour of any PEM file.",
        .options = inspect_options,
        .opts = &inspect_opts,
        .min_operands = 1,
        .max_operands = -1,
        .operands = "inspect needs a FILE",
        .run = inspect_main,
        .check = inspect_check,
};
