/*
 * The verify callback: what wolfSSL found wrong with each certificate, the
 * verdict of our certificate policy on the whole chain (policy_check.h:
 * names, name constraints, roles, format, keys), and the facts about each
 * certificate for the report.
 */
#include "tls_verify.h"

#include "text.h"
#include "tls_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <wolfssl/error-ssl.h>
#include <wolfssl/openssl/evp.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/coding.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/hash.h>

static void
tls_time(const WOLFSSL_ASN1_TIME *at, char *buf, size_t size, long *days_left)
{
	struct tm tm;
	time_t when;

	memset(&tm, 0, sizeof(tm));
	if (at == NULL || wolfSSL_ASN1_TIME_to_tm(at, &tm) != WOLFSSL_SUCCESS) {
		snprintf(buf, size, "?");
		return;
	}
	strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (days_left != NULL) {
		when = timegm(&tm);
		*days_left = (long)((double)(when - time(NULL)) / 86400.0);
		if (when < time(NULL) && *days_left == 0)
			*days_left = -1;
	}
}

static void
tls_key_info(WOLFSSL_X509 *x, char *buf, size_t size)
{
	WOLFSSL_EVP_PKEY *pk = wolfSSL_X509_get_pubkey(x);
	int type;

	if (pk == NULL) {
		snprintf(buf, size, "unknown");
		return;
	}
	type = wolfSSL_EVP_PKEY_base_id(pk);
	snprintf(buf, size, "%s %d-bit",
	         type == EVP_PKEY_EC    ? "EC"
	         : type == EVP_PKEY_RSA ? "RSA"
	                                : "other",
	         wolfSSL_EVP_PKEY_bits(pk));
	wolfSSL_EVP_PKEY_free(pk);
}

void
client_tls_cert_info(WOLFSSL_X509 *x, struct client_cert_info *ci)
{
	unsigned char hash[32];
	const unsigned char *der;
	char *name;
	size_t len;
	int dlen = 0;

	memset(ci, 0, sizeof(*ci));
	wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(x), ci->subject,
	                          sizeof(ci->subject));
	wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_issuer_name(x), ci->issuer, sizeof(ci->issuer));
	tls_time(wolfSSL_X509_get_notBefore(x), ci->not_before, sizeof(ci->not_before), NULL);
	tls_time(wolfSSL_X509_get_notAfter(x), ci->not_after, sizeof(ci->not_after),
	         &ci->days_left);
	while ((name = wolfSSL_X509_get_next_altname(x)) != NULL) {
		len = strlen(ci->sans);
		snprintf(ci->sans + len, sizeof(ci->sans) - len, "%s%s%s", len ? ", " : "",
		         strchr(name, ':') || strspn(name, "0123456789.") == strlen(name) ? "IP:"
		                                                                          : "DNS:",
		         name);
	}
	tls_key_info(x, ci->key, sizeof(ci->key));
	der = wolfSSL_X509_get_der(x, &dlen);
	if (der != NULL && wc_Sha256Hash(der, (word32)dlen, hash) == 0)
		text_fingerprint(hash, sizeof(hash), ci->sha256, sizeof(ci->sha256));
	ci->ca = wolfSSL_X509_get_isCA(x) == 1;
	ci->self_issued = strcmp(ci->subject, ci->issuer) == 0;
}

/* Records the chain exactly as the server sent it, once per handshake. */
static void
tls_record_chain(struct client_tls *t, const unsigned char *const *der, const size_t *len, int n)
{
	WOLFSSL_X509 *x;
	int i;

	t->chain_recorded = 1;
	t->rep->nchain = n;
	for (i = 0; i < n && i < CLIENT_CHAIN_MAX; i++) {
		x = wolfSSL_X509_d2i(NULL, der[i], (int)len[i]);
		if (x == NULL)
			continue;
		client_tls_cert_info(x, &t->rep->chain[i]);
		wolfSSL_X509_free(x);
	}
	client_report_chain(t->rep);
}

static int
tls_is_leaf(WOLFSSL_X509_STORE_CTX *store, WOLFSSL_X509 *cur)
{
	const unsigned char *der;
	int len = 0;

	if (cur == NULL || store->totalCerts < 1)
		return 0;
	der = wolfSSL_X509_get_der(cur, &len);
	return der != NULL && (word32)len == store->certs[0].length &&
	       memcmp(der, store->certs[0].buffer, (size_t)len) == 0;
}

/*
 * wolfSSL hands the callback OpenSSL's X509_V_ERR_* numbers for the errors it
 * maps, and its own negative codes for the rest: bring both to wolfSSL's.
 */
static int
tls_normalise(int error)
{
	switch (error) {
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
		return ASN_BEFORE_DATE_E;
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
		return ASN_AFTER_DATE_E;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		return ASN_SELF_SIGNED_E;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
		return ASN_NO_SIGNER_E;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return ASN_SIG_CONFIRM_E;
	case X509_V_ERR_INVALID_PURPOSE:
		return EXTKEYUSE_AUTH_E;
	case 62: /* X509_V_ERR_HOSTNAME_MISMATCH */
		return DOMAIN_NAME_MISMATCH;
	case 64: /* X509_V_ERR_IP_ADDRESS_MISMATCH */
		return IPADDR_MISMATCH;
	default:
		return error;
	}
}

static void
tls_note_failure(struct client_tls *t, int error, int depth)
{
	int i;

	error = tls_normalise(error);

	for (i = 0; i < t->nfailures; i++)
		if (t->failures[i].error == error && t->failures[i].depth == depth)
			return;
	if (t->nfailures < CLIENT_VERIFY_ERRORS_MAX) {
		t->failures[t->nfailures].error = error;
		t->failures[t->nfailures].depth = depth;
		t->nfailures++;
	}
}

const struct client_cert_info *
client_tls_cert_at(const struct client_tls *t, int depth)
{
	static const struct client_cert_info none = {.subject = "?", .issuer = "?"};

	if (depth >= 0 && depth < t->rep->nchain && depth < CLIENT_CHAIN_MAX)
		return &t->rep->chain[depth];
	return &none;
}

/* --insecure: the handshake goes on although a check failed; tls_checks.c warns about each one. */
static int
tls_unsafe_accept(void)
{
	return 1;
}

/*
 * Runs the certificate policy on the chain as the server sent it: its
 * verdict is the first word on every check (tls_checks.c).
 */
static void
tls_run_policy(struct client_tls *t, const unsigned char *const *der, const size_t *len, int n)
{
	t->policy_checked = 1;
	client_policy_check(t->policy, der, len, n, t->url->host, &t->verdict);
	if (t->verdict.others[0] != '\0')
		client_report_step(t->rep, '*', "policy: also failed: %s", t->verdict.others);
}

void
client_tls_judge_chain(struct client_tls *t, const unsigned char *const *der, const size_t *len,
                       int n)
{
	if (n > CLIENT_CHAIN_MAX)
		n = CLIENT_CHAIN_MAX;
	tls_record_chain(t, der, len, n);
	tls_run_policy(t, der, len, n);
}

/*
 * The chain's verdict is the policy's: it has run on the whole chain before
 * wolfSSL's first word, built the path to an anchor with OpenSSL (signatures
 * included) and applied the rules a browser applies. Debian's wolfSSL 5.5.4
 * refuses some chains that browsers accept (fact 6): it reads a CA's common
 * name as a DNS name under name constraints (-198 on our own intermediate),
 * finds no issuer without a subject key identifier or for a version 1 root,
 * and refuses a CA certificate as the server's. So a wolfSSL finding fails
 * nothing when the policy has passed the chain, and -198 never does (name
 * constraints are the policy's alone: a real violation is its finding). A CA
 * that wolfSSL refused is handed to it as trusted for this handshake only
 * (tls.c reloads the CA file after it), so that wolfSSL still checks the
 * certificate below it where it can. Returns 1 (go on).
 */
static int
tls_defer_to_policy(struct client_tls *t, WOLFSSL_X509 *x, int leaf)
{
	const unsigned char *der;
	int len = 0;

	der = x != NULL && !leaf ? wolfSSL_X509_get_der(x, &len) : NULL;
	if (der != NULL && len > 0 &&
	    wolfSSL_CTX_load_verify_buffer(t->ctx, der, len, WOLFSSL_FILETYPE_ASN1) ==
	            WOLFSSL_SUCCESS)
		t->added_ca = 1;
	return 1;
}

int
client_tls_verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store)
{
	struct client_tls *t = store->userCtx;
	WOLFSSL_X509 *cur = wolfSSL_X509_STORE_CTX_get_current_cert(store);
	const unsigned char *der[CLIENT_CHAIN_MAX];
	size_t len[CLIENT_CHAIN_MAX];
	int i;

	if (t == NULL)
		return 0; /* never reached: every connection sets the context */
	if (!t->chain_recorded) {
		for (i = 0; i < store->totalCerts && i < CLIENT_CHAIN_MAX; i++) {
			der[i] = store->certs[i].buffer;
			len[i] = store->certs[i].length;
		}
		client_tls_judge_chain(t, der, len, store->totalCerts);
	}
	if (!ok &&
	    (store->error == ASN_NAME_INVALID_E || (t->policy_checked && t->verdict.code == 0)))
		ok = tls_defer_to_policy(t, cur, tls_is_leaf(store, cur));
	else if (!ok)
		tls_note_failure(t, store->error, tls_is_leaf(store, cur) ? 0 : store->error_depth);
	if (t->verdict.code != 0)
		ok = 0;
	/*
	 * Speed: Debian's wolfSSL has FP_ECC, which builds a 256-point table for
	 * the P-256 generator on its second use in a signature check. A one-shot
	 * client never earns that back (it took half of a fetch's CPU time, most
	 * of it page faults); emptying the cache between the checks keeps every
	 * verification on the plain path.
	 */
	wc_ecc_fp_free();
	if (!ok && t->cfg->insecure)
		return tls_unsafe_accept();
	return ok;
}
