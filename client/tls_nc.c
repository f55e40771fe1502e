/* Name constraints in place of wolfSSL's (see nc.h for why). */
#include "tls_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "fileio.h"

int
client_tls_load_anchor_constraints(struct client_tls *t, const char *path, struct err *e)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----",
	                  end[] = "-----END CERTIFICATE-----";
	unsigned char der[8192];
	char *pem = NULL, *p, *q;
	size_t len;
	WOLFSSL_X509 *x;
	int n, rc;

	if (file_read_all(path, CLIENT_CA_FILE_MAX, &pem, &len, e) == -1)
		return err_code(e, CLIENT_EXIT_FILE);
	for (p = strstr(pem, begin); p != NULL && t->nanchors < CLIENT_ANCHORS_NC_MAX;
	     p = strstr(q, begin)) {
		q = strstr(p, end);
		if (q == NULL)
			break;
		q += sizeof(end) - 1;
		n = wc_CertPemToDer((const unsigned char *)p, (int)(q - p), der, sizeof(der),
		                    CERT_TYPE);
		/* Malformed constraints on a trusted root fail closed: nothing below it passes. */
		rc = n <= 0 ? 0 : client_nc_parse(der, (size_t)n, &t->anchors[t->nanchors].nc);
		if (rc == 0)
			continue;
		if (rc == -1)
			t->anchors[t->nanchors].nc.unsupported = 1;
		x = wolfSSL_X509_d2i(NULL, der, n);
		if (x == NULL)
			continue;
		wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(x),
		                          t->anchors[t->nanchors].subject,
		                          sizeof(t->anchors[t->nanchors].subject));
		wolfSSL_X509_free(x);
		t->nanchors++;
	}
	free(pem);
	return 0;
}

/* For a CA whose check wolfSSL cut short with a name-constraint error: its dates. */
static int
tls_dates_error(WOLFSSL_X509 *x)
{
	struct tm tm;
	time_t now = time(NULL);

	memset(&tm, 0, sizeof(tm));
	if (wolfSSL_ASN1_TIME_to_tm(wolfSSL_X509_get_notBefore(x), &tm) != WOLFSSL_SUCCESS)
		return ASN_BEFORE_DATE_E;
	if (timegm(&tm) > now)
		return ASN_BEFORE_DATE_E;
	memset(&tm, 0, sizeof(tm));
	if (wolfSSL_ASN1_TIME_to_tm(wolfSSL_X509_get_notAfter(x), &tm) != WOLFSSL_SUCCESS)
		return ASN_AFTER_DATE_E;
	return timegm(&tm) < now ? ASN_AFTER_DATE_E : 0;
}

/* Checks one set of constraints against the leaf; notes a failure. Returns 0 or -1. */
static int
tls_nc_apply(struct client_tls *t, const struct client_nc *nc, const char *ca,
             WOLFSSL_X509_STORE_CTX *store)
{
	char why[256], allowed[256];

	if (client_nc_check(nc, store->certs[0].buffer, store->certs[0].length, why, sizeof(why)) ==
	    0)
		return 0;
	client_nc_describe(nc, allowed, sizeof(allowed));
	snprintf(t->nc_why, sizeof(t->nc_why),
	         "%s is outside the name constraints of CA '%s' "
	         "(permitted: %s)",
	         why, ca, allowed[0] ? allowed : "none");
	return -1;
}

/*
 * Our replacement for wolfSSL's name-constraint check (see nc.h): the leaf
 * against the trusted root the chain leads to and against every CA sent.
 */
int
client_tls_nc_check_leaf(struct client_tls *t, WOLFSSL_X509_STORE_CTX *store)
{
	struct client_nc nc;
	int i, j, rc;

	for (i = 1; i < store->totalCerts; i++) {
		rc = client_nc_parse(store->certs[i].buffer, store->certs[i].length, &nc);
		if (rc == -1) {
			/* Fail closed: constraints we cannot read cannot be shown to hold. */
			snprintf(t->nc_why, sizeof(t->nc_why),
			         "the certificate '%s' the server sent is malformed",
			         client_tls_cert_at(t, i)->subject);
			return -1;
		}
		if (rc == 1 && tls_nc_apply(t, &nc, client_tls_cert_at(t, i)->subject, store) == -1)
			return -1;
	}
	for (j = 0; j < t->nanchors; j++)
		for (i = 0; i < t->rep->nchain && i < CLIENT_CHAIN_MAX; i++)
			if (strcmp(t->anchors[j].subject, t->rep->chain[i].issuer) == 0) {
				if (tls_nc_apply(t, &t->anchors[j].nc, t->anchors[j].subject,
				                 store) == -1)
					return -1;
				break;
			}
	/* A later connection may omit an intermediate promoted earlier: its root still rules. */
	for (j = 0; j < t->npromoted; j++)
		for (i = 0; i < t->rep->nchain && i < CLIENT_CHAIN_MAX; i++)
			if (strcmp(t->promoted[j].subject, t->rep->chain[i].issuer) == 0) {
				const struct client_tls_anchor *a =
				        &t->anchors[t->promoted[j].anchor];
				if (tls_nc_apply(t, &a->nc, a->subject, store) == -1)
					return -1;
				break;
			}
	return 0;
}

/*
 * wolfSSL refused intermediate x only for its name-constraint quirk (nc.h),
 * after checking its signature by the root and the root's path length
 * (asn.c ParseCertRelative returns -198 before its date and critical-extension
 * results). We finish those checks (dates, no unknown critical extension,
 * CA:TRUE, keyCertSign, a root we know the constraints of), then add it to
 * the verifier so the leaf below it can be verified; tls_nc_check_leaf
 * applies the root's constraints to the leaf. Returns 0, or the error to report.
 */
int
client_tls_nc_promote(struct client_tls *t, WOLFSSL_X509 *x)
{
	char subject[256], issuer[256];
	const unsigned char *der;
	unsigned int ku;
	int len = 0, i, dates = tls_dates_error(x);

	if (dates != 0)
		return dates;
	/* wolfSSL's -198 also hid its check for unknown critical extensions. */
	der = wolfSSL_X509_get_der(x, &len);
	if (der == NULL || client_nc_unknown_critical(der, (size_t)len) != 0)
		return ASN_CRIT_EXT_E;
	ku = wolfSSL_X509_get_key_usage(x);
	if (wolfSSL_X509_get_isCA(x) != 1 || (ku != 0 && !(ku & 0x0004 /* keyCertSign */)))
		return CLIENT_TLS_ERR_NOT_CA;
	wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(x), subject, sizeof(subject));
	wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_issuer_name(x), issuer, sizeof(issuer));
	for (i = 0; i < t->nanchors; i++)
		if (strcmp(t->anchors[i].subject, issuer) == 0)
			break;
	if (i == t->nanchors || t->npromoted >= CLIENT_ANCHORS_NC_MAX || der == NULL ||
	    wolfSSL_CTX_load_verify_buffer(t->ctx, der, len, WOLFSSL_FILETYPE_ASN1) !=
	            WOLFSSL_SUCCESS)
		return ASN_NAME_INVALID_E;
	snprintf(t->promoted[t->npromoted].subject, sizeof(t->promoted[0].subject), "%s", subject);
	t->promoted[t->npromoted++].anchor = i;
	return 0;
}
