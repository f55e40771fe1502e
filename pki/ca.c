/* A signing CA loaded from a private_ca/ folder or from explicit files, and validity periods. */
#include "ca.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "certfile.h"
#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "keyfile.h"
#include "names.h"
#include "pki.h"

/* Refuses cert (read from path) when it cannot issue: not a CA, no keyCertSign, no CA below. */
static int
ca_check_fit(X509 *cert, const char *path, int sub_ca, struct err *e)
{
	uint32_t flags = X509_get_extension_flags(cert);

	if (!(flags & EXFLAG_CA))
		err_set(e,
		        "%s cannot issue certificates: it is not a CA (basicConstraints is not "
		        "CA:TRUE)",
		        path);
	else if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(cert) & KU_KEY_CERT_SIGN))
		err_set(e, "%s cannot issue certificates: its keyUsage lacks keyCertSign", path);
	else if (sub_ca && X509_get_pathlen(cert) == 0) {
		err_code(e, DEMO_EXIT_UNTRUSTED);
		err_set(e,
		        "%s cannot issue an intermediate: its pathLenConstraint of 0 forbids "
		        "another CA below it",
		        path);
		return err_fix(e, "sign intermediates with the root (--ca-cert and --ca-key of the "
		                  "root CA), or use --profile server or client");
	} else
		return 0;
	err_code(e, DEMO_EXIT_UNTRUSTED);
	return err_fix(e, "give a CA: --ca-dir DIR/private_ca (made by https_pki init); sign also "
	                  "takes --ca-cert and --ca-key of a CA");
}

int
pki_ca_load_files(struct pki_ca *ca, const char *cert, const char *key, const char *root,
                  const char *pass, int sub_ca, struct err *e)
{
	memset(ca, 0, sizeof(*ca));
	if ((ca->cert = pki_cert_load(cert, e)) == NULL ||
	    ca_check_fit(ca->cert, cert, sub_ca, e) == -1)
		goto err;
	if ((ca->key = pki_key_load(key, pass, e)) == NULL)
		goto err;
	if (X509_check_private_key(ca->cert, ca->key) != 1) {
		ERR_clear_error();
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s does not belong to the CA certificate %s", key, cert);
		err_fix(e, "give the key made with that certificate (--ca-key), or use --ca-dir "
		           "DIR/private_ca");
		goto err;
	}
	if ((ca->chain = sk_X509_new_null()) == NULL || !X509_up_ref(ca->cert) ||
	    !sk_X509_push(ca->chain, ca->cert)) {
		err_set(e, "out of memory");
		goto err;
	}
	if (root != NULL && file_exists(root) && !pki_cert_is_self_signed(ca->cert)) {
		X509 *r = pki_cert_load(root, e);

		if (r == NULL)
			goto err;
		if (!sk_X509_push(ca->chain, r)) {
			X509_free(r);
			goto err;
		}
	}
	return 0;
err:
	pki_ca_free(ca);
	return -1;
}

int
pki_ca_load_dir(struct pki_ca *ca, const char *dir, const char *pass, int sub_ca, struct err *e)
{
	char cert[PATH_MAX], key[PATH_MAX], root[PATH_MAX];

	snprintf(cert, sizeof(cert), "%s/%s", dir, PKI_CA_DIR_INTER_CERT);
	snprintf(key, sizeof(key), "%s/%s", dir, PKI_CA_DIR_INTER_KEY);
	snprintf(root, sizeof(root), "%s/%s", dir, PKI_CA_DIR_ROOT_CERT);
	if (!file_exists(cert)) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s holds no intermediate CA (%s is missing)", dir, cert);
		return err_fix(
		        e, "make one with: https_pki init --dir DIR (the CA is DIR/private_ca)");
	}
	return pki_ca_load_files(ca, cert, key, root, pass, sub_ca, e);
}

void
pki_ca_free(struct pki_ca *ca)
{
	EVP_PKEY_free(ca->key);
	X509_free(ca->cert);
	sk_X509_pop_free(ca->chain, X509_free);
	memset(ca, 0, sizeof(*ca));
}

int
pki_validity_resolve(long days, const char *not_before, const char *not_after, time_t *nb,
                     time_t *na, struct err *e)
{
	time_t now = time(NULL);

	if (days != 0 && (not_before != NULL || not_after != NULL)) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(
		        e,
		        "--days conflicts with --not-before/--not-after (give one or the other)");
	}
	/* Backdated a little so a client whose clock is slightly behind accepts it. */
	*nb = now - PKI_BACKDATE_SECONDS;
	if (not_before != NULL && pki_time_parse(not_before, nb, e) == -1)
		return -1;
	if (days == 0)
		days = DEMO_LEAF_DAYS_DEFAULT;
	/* The span, not the time left, is what the 825-day cap measures. */
	*na = *nb + (time_t)days * 86400;
	if (not_after != NULL && pki_time_parse(not_after, na, e) == -1)
		return -1;
	if (*na <= *nb) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(e, "--not-after must be later than --not-before");
	}
	return 0;
}
