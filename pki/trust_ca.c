/*
 * https_pki trust / untrust: the root being trusted. Loads it (PEM or DER),
 * refuses what a browser would not take as a root, derives its nickname and
 * file name, says what it may vouch for, and finds it in a tool's PEM output.
 */
#include "trust_ca.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "pem.h"
#include "pki.h"
#include "text.h"
#include "trust_parse.h"

void
pki_trust_ca_free(struct pki_trust_ca *ca)
{
	X509_free(ca->x509);
	free(ca->pem);
	memset(ca, 0, sizeof(*ca));
}

static X509 *
trust_x509_parse(const char *buf, size_t len)
{
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	X509 *x = NULL;
	const unsigned char *der = (const unsigned char *)buf;

	if (bio != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL)
		x = d2i_X509(NULL, &der, (long)len);
	ERR_clear_error();
	return x;
}

/* Refuses what a browser would not take as a root; for trust, also a dead one. */
static int
trust_ca_check(const struct pki_trust_ca *ca, int for_trust, struct err *e)
{
	X509 *x = ca->x509;
	char issuer[256];

	if (X509_check_ca(x) != 1) {
		err_set(e, "%s is not a CA certificate (no basicConstraints CA:TRUE)", ca->path);
		err_fix(e, "give the root CA: %s", DEMO_DEFAULT_CA_FILE);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (X509_check_issued(x, x) != X509_V_OK || X509_verify(x, X509_get0_pubkey(x)) != 1) {
		X509_NAME_oneline(X509_get_issuer_name(x), issuer, sizeof(issuer));
		ERR_clear_error();
		err_set(e, "%s is an intermediate CA, not a root (issued by %s)", ca->path, issuer);
		err_fix(e, "give the root CA: %s", DEMO_DEFAULT_CA_FILE);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (for_trust && X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		err_set(e, "%s has expired; no browser will accept what it signed", ca->path);
		err_fix(e, "make a fresh chain: https_pki init --force");
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

static int
trust_ca_names(struct pki_trust_ca *ca, const char *name, struct err *e)
{
	const X509_NAME *subj = X509_get_subject_name(ca->x509);
	unsigned char md[EVP_MAX_MD_SIZE], *utf8 = NULL;
	unsigned int mdlen = 0;
	int idx;

	idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
	if (idx >= 0 && ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	                                                   X509_NAME_get_entry(subj, idx))) >= 0)
		snprintf(ca->cn, sizeof(ca->cn), "%s", (char *)utf8);
	OPENSSL_free(utf8);
	if (X509_digest(ca->x509, EVP_sha256(), md, &mdlen) != 1 || mdlen < 32)
		return err_set(e, "cannot hash %s", ca->path);
	text_fingerprint(md, 32, ca->fpr, sizeof(ca->fpr));
	ca->derived = name == NULL;
	if (name != NULL && !pki_trust_name_valid(name)) {
		err_set(e, "--name '%s' is not a usable nickname", name);
		err_fix(e, "use up to %d printable characters, without ':', '\"' or '\\'",
		        PKI_TRUST_NICK_MAX - 1);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	if (name != NULL)
		snprintf(ca->nick, sizeof(ca->nick), "%s", name);
	else if (pki_trust_nickname(ca->cn, md, mdlen, ca->nick, sizeof(ca->nick)) == -1)
		return err_set(e, "cannot make a nickname for %s", ca->path);
	if (pki_trust_slug(ca->nick, ca->slug, sizeof(ca->slug)) == -1) {
		err_set(e, "nickname '%s' gives no usable file name", ca->nick);
		err_fix(e, "give --name with some letters or digits");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return 0;
}

/* Stores our own PEM encoding of ca's certificate in ca->pem: what the tools are fed. */
static int
trust_ca_encode(struct pki_trust_ca *ca, struct err *e)
{
	BIO *bio = BIO_new(BIO_s_mem());
	BUF_MEM *mem;
	int rc = -1;

	if (bio == NULL || PEM_write_bio_X509(bio, ca->x509) != 1) {
		err_set(e, "cannot encode %s", ca->path);
		goto done;
	}
	BIO_get_mem_ptr(bio, &mem);
	ca->pem = malloc(mem->length + 1);
	if (ca->pem == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	memcpy(ca->pem, mem->data, mem->length);
	ca->pem[mem->length] = '\0';
	ca->pem_len = mem->length;
	rc = 0;
done:
	BIO_free(bio);
	return rc;
}

int
pki_trust_ca_load(const char *file, const char *name, int for_trust, struct pki_trust_ca *ca,
                  struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int n, rc = -1;

	if (realpath(file, ca->path) == NULL)
		snprintf(ca->path, sizeof(ca->path), "%s", file);
	if (file_read_all(file, PKI_INPUT_MAX, &buf, &len, e) == -1) {
		err_fix(e, "give the root CA's certificate, e.g. %s", DEMO_DEFAULT_CA_FILE);
		err_code(e, DEMO_EXIT_FILE);
		goto done;
	}
	ca->x509 = trust_x509_parse(buf, len);
	if (ca->x509 == NULL) {
		err_set(e, "%s holds no certificate (PEM or DER)", ca->path);
		err_fix(e, "give the root CA's certificate, e.g. %s", DEMO_DEFAULT_CA_FILE);
		err_code(e, DEMO_EXIT_FILE);
		goto done;
	}
	/* the first certificate judged first: a server's chain is "not a CA", not "several roots" */
	if (trust_ca_check(ca, for_trust, e) == -1)
		goto done;
	if ((n = pki_pem_count(buf, len, "CERTIFICATE")) > 1) {
		err_set(e,
		        "%s holds %d certificates; trust and untrust take one root a file, and "
		        "change nothing here",
		        ca->path, n);
		err_fix(e,
		        "split it: awk '/BEGIN CERT/{n++} {print > (\"root\" n \".pem\")}' %s; "
		        "then one command per rootN.pem",
		        file);
		err_code(e, DEMO_EXIT_FILE);
		goto done;
	}
	if (trust_ca_names(ca, name, e) == -1 || trust_ca_encode(ca, e) == -1)
		goto done;
	rc = 0;
done:
	free(buf);
	return rc;
}

/* Appends one permitted subtree ("localhost", "127.0.0.1/32") to buf. */
static void
trust_subtree_str(const GENERAL_NAME *gn, char *buf, size_t size)
{
	const unsigned char *ip;
	char addr[INET6_ADDRSTRLEN] = "?";
	int len, bits = 0, i;

	if (gn->type == GEN_DNS) {
		snprintf(buf, size, "%.*s", ASN1_STRING_length(gn->d.dNSName),
		         (const char *)ASN1_STRING_get0_data(gn->d.dNSName));
		return;
	}
	if (gn->type != GEN_IPADD) {
		snprintf(buf, size, "(a name of type %d)", gn->type);
		return;
	}
	ip = ASN1_STRING_get0_data(gn->d.iPAddress);
	len = ASN1_STRING_length(gn->d.iPAddress);
	if (len != 8 && len != 32) {
		snprintf(buf, size, "(a malformed address)");
		return;
	}
	inet_ntop(len == 8 ? AF_INET : AF_INET6, ip, addr, sizeof(addr));
	for (i = len / 2; i < len; i++)
		for (int b = 0; b < 8; b++)
			bits += (ip[i] >> b) & 1;
	snprintf(buf, size, "%s/%d", addr, bits);
}

void
pki_trust_ca_describe(const struct pki_trust_ca *ca)
{
	NAME_CONSTRAINTS *nc;
	char one[128];
	int i;

	printf("root:      %s\n", ca->cn[0] ? ca->cn : "(no CN)");
	printf("file:      %s\n", ca->path);
	printf("SHA-256:   %s\n", ca->fpr);
	printf("nickname:  %s\n", ca->nick);
	nc = X509_get_ext_d2i(ca->x509, NID_name_constraints, NULL, NULL);
	if (nc == NULL || sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) <= 0) {
		printf("WARNING: this root has no permitted-name constraints: once trusted it can "
		       "vouch for ANY website. Trust it only if you made it and guard its key.\n");
	} else {
		printf("vouches for: only");
		for (i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees); i++) {
			trust_subtree_str(sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base,
			                  one, sizeof(one));
			printf("%s %s", i > 0 ? "," : "", one);
		}
		printf(" (name constraints)\n");
	}
	NAME_CONSTRAINTS_free(nc);
	ERR_clear_error();
}

int
pki_trust_pem_has(const char *pem, const struct pki_trust_ca *ca)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x;
	int found = 0;

	while (bio != NULL && !found && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		found = X509_cmp(x, ca->x509) == 0;
		X509_free(x);
	}
	BIO_free(bio);
	ERR_clear_error();
	return found;
}
