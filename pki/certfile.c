/* Certificates and CSRs: loading with clear errors, writing as PEM. */
#include "certfile.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "err.h"
#include "pem.h"
#include "pki.h"

/*
 * Checks that buf holds complete PEM blocks of the given label; otherwise
 * says what it holds instead.
 */
static int
expect_label(const char *buf, size_t len, const char *path, const char *want, const char *want_text,
             struct err *e)
{
	char label[80];
	int n;

	if (pki_pem_label(buf, len, path, label, sizeof(label), e) == -1)
		return -1;
	n = pki_pem_count(buf, len, want);
	if (n > 0)
		return n;
	err_code(e, DEMO_EXIT_FILE);
	if (n == -1) {
		err_set(e, "%s: truncated PEM (a '%s' block has no END line)", path, want);
		return err_fix(e, "the file was cut short; copy or regenerate it");
	}
	if (strstr(label, "PRIVATE KEY") != NULL) {
		err_set(e, "%s holds a private key, not %s", path, want_text);
		if (strcmp(want, "CERTIFICATE") == 0)
			err_fix(e,
			        "give the matching certificate file (*_public_key.pem, cert.pem)");
		return -1;
	}
	err_set(e, "%s holds a '%s' PEM block, not %s", path, label, want_text);
	if (strcmp(want, "CERTIFICATE") == 0 && strcmp(label, "CERTIFICATE REQUEST") == 0)
		return err_fix(e,
		               "a CSR is not a certificate yet: https_pki sign %s --ca-dir DIR "
		               "--out FILE makes one",
		               path);
	return err_fix(e,
	               "give the file that holds %s; https_pki inspect FILE shows what a file "
	               "holds",
	               want_text);
}

STACK_OF(X509) * pki_certs_load(const char *path, struct err *e)
{
	STACK_OF(X509) *sk = NULL;
	char *buf = NULL;
	size_t len = 0;
	X509 *x = NULL;
	BIO *bio = NULL;
	int n, i;

	if (pki_file_read(path, &buf, &len, e) == -1)
		return NULL;
	if ((n = expect_label(buf, len, path, "CERTIFICATE", "a certificate", e)) == -1)
		goto done;
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL || (sk = sk_X509_new_null()) == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (x == NULL || !sk_X509_push(sk, x)) {
			err_code(e, DEMO_EXIT_FILE);
			err_set(e, "%s: certificate %d is damaged (bad base64 or DER)", path,
			        i + 1);
			err_fix(e,
			        "the file was altered; copy it again or reissue the certificate");
			ERR_clear_error();
			X509_free(x);
			sk_X509_pop_free(sk, X509_free);
			sk = NULL;
			goto done;
		}
	}
done:
	BIO_free(bio);
	free(buf);
	return sk;
}

X509 *
pki_cert_load(const char *path, struct err *e)
{
	STACK_OF(X509) * sk;
	X509 *x;

	if ((sk = pki_certs_load(path, e)) == NULL)
		return NULL;
	x = sk_X509_shift(sk);
	sk_X509_pop_free(sk, X509_free);
	return x;
}

X509_REQ *
pki_csr_load(const char *path, struct err *e)
{
	X509_REQ *req = NULL;
	EVP_PKEY *pub;
	char *buf = NULL;
	size_t len = 0;
	BIO *bio = NULL;

	if (pki_file_read(path, &buf, &len, e) == -1)
		return NULL;
	if (expect_label(buf, len, path, "CERTIFICATE REQUEST", "a certificate signing request",
	                 e) == -1)
		goto done;
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL)
		goto done;
	req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
	if (req == NULL) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: damaged CSR (bad base64 or DER)", path);
		err_fix(e, "the file was altered; make the CSR again with https_pki csr");
		ERR_clear_error();
		goto done;
	}
	pub = X509_REQ_get0_pubkey(req);
	if (pub == NULL || X509_REQ_verify(req, pub) != 1) {
		ERR_clear_error();
		X509_REQ_free(req);
		req = NULL;
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: the CSR's signature does not verify (altered or damaged)", path);
		err_fix(e, "ask for a new CSR (https_pki csr); do not sign an altered one");
		err_fix(e, "make a new CSR with the key: https_pki csr");
	}
done:
	BIO_free(bio);
	free(buf);
	return req;
}

static int
bio_append(BIO *bio, char **buf, size_t *len, struct err *e)
{
	char *data, *p;
	long n;

	n = BIO_get_mem_data(bio, &data);
	p = realloc(*buf, *len + (size_t)n + 1);
	if (p == NULL)
		return err_set(e, "out of memory");
	memcpy(p + *len, data, (size_t)n);
	*len += (size_t)n;
	p[*len] = '\0';
	*buf = p;
	return 0;
}

int
pki_cert_append_pem(X509 *cert, char **buf, size_t *len, struct err *e)
{
	BIO *bio;
	int rc = -1;

	if ((bio = BIO_new(BIO_s_mem())) == NULL || !PEM_write_bio_X509(bio, cert))
		err_set(e, "cannot encode a certificate as PEM");
	else
		rc = bio_append(bio, buf, len, e);
	BIO_free(bio);
	return rc;
}

int
pki_csr_encode(X509_REQ *req, char **out, size_t *len, struct err *e)
{
	BIO *bio;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if ((bio = BIO_new(BIO_s_mem())) == NULL || !PEM_write_bio_X509_REQ(bio, req))
		err_set(e, "cannot encode the CSR as PEM");
	else
		rc = bio_append(bio, out, len, e);
	BIO_free(bio);
	return rc;
}

int
pki_cert_is_self_signed(X509 *cert)
{
	int r = X509_self_signed(cert, 1);

	ERR_clear_error();
	return r == 1;
}
