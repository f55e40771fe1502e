/* The three checks a client makes (issuer, validity, name), plus usage and pins. */
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

static void
tls_hex(const unsigned char *d, size_t n, char *out, size_t size)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && i * 3 + 3 <= size; i++)
		snprintf(out + i * 3, size - i * 3, i + 1 < n ? "%02X:" : "%02X", d[i]);
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
		tls_hex(hash, sizeof(hash), ci->sha256, sizeof(ci->sha256));
	ci->ca = wolfSSL_X509_get_isCA(x) == 1;
	ci->self_issued = strcmp(ci->subject, ci->issuer) == 0;
}

/* Records the chain exactly as the server sent it (store->certs), once per handshake. */
static void
tls_record_chain(struct client_tls *t, WOLFSSL_X509_STORE_CTX *store)
{
	WOLFSSL_X509 *x;
	int i;

	t->chain_recorded = 1;
	t->rep->nchain = store->totalCerts;
	for (i = 0; i < store->totalCerts && i < CLIENT_CHAIN_MAX; i++) {
		x = wolfSSL_X509_d2i(NULL, store->certs[i].buffer, (int)store->certs[i].length);
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

/* --insecure: the handshake goes on although a check failed; tls.c warns about each one. */
static int
tls_unsafe_accept(void)
{
	return 1;
}

/* SHA-1 and MD5 signatures can be forged (SHAttered, 2017); wolfSSL accepts them. */
static int
tls_weak_signature(WOLFSSL_X509 *x)
{
	int nid = x ? wolfSSL_X509_get_signature_nid(x) : 0;

	return nid == NID_ecdsa_with_SHA1 || nid == NID_sha1WithRSAEncryption ||
	       nid == NID_md5WithRSAEncryption || nid == NID_dsaWithSHA1;
}

int
client_tls_verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store)
{
	struct client_tls *t = store->userCtx;
	WOLFSSL_X509 *cur = wolfSSL_X509_STORE_CTX_get_current_cert(store);
	int leaf;

	if (t == NULL)
		return 0; /* never reached: every connection sets the context */
	if (getenv("CLIENT_DEBUG_VERIFY"))
		fprintf(stderr, "verify_cb ok=%d error=%d depth=%d total=%d\n", ok, store->error,
		        store->error_depth, store->totalCerts);
	if (!t->chain_recorded)
		tls_record_chain(t, store);
	leaf = tls_is_leaf(store, cur);
	if (!ok && !leaf && tls_normalise(store->error) == ASN_NAME_INVALID_E) {
		/* wolfSSL's quirk (nc.h): tls_nc_check_leaf does this check properly. */
		int rc = client_tls_nc_promote(t, cur);
		ok = rc == 0;
		if (rc != 0)
			tls_note_failure(t, rc, store->error_depth);
	} else if (!ok) {
		tls_note_failure(t, store->error, leaf ? 0 : store->error_depth);
	}
	if (tls_weak_signature(cur)) {
		tls_note_failure(t, CLIENT_TLS_ERR_WEAK_SIG, leaf ? 0 : store->error_depth);
		ok = 0;
	}
	if (leaf && !t->nc_checked) {
		t->nc_checked = 1;
		if (client_tls_nc_check_leaf(t, store) == -1) {
			tls_note_failure(t, ASN_NAME_INVALID_E, 0);
			ok = 0;
		}
	}
	if (leaf && t->url->ip && !t->leaf_checked) {
		/* Debian's wolfSSL lacks WOLFSSL_IP_ALT_NAME: match the IP SAN ourselves. */
		t->leaf_checked = 1;
		if (wolfSSL_X509_check_ip_asc(cur, t->url->host, 0) != WOLFSSL_SUCCESS) {
			tls_note_failure(t, IPADDR_MISMATCH, 0);
			ok = 0;
		}
	}
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

/* --- the message for each failure class ----------------------------------- */

/*
 * Follows the chain as sent from the leaf upwards, by issuer name, and
 * returns the depth of the last certificate reached (duplicates and
 * unrelated extras are skipped over).
 */
static int
tls_chain_end(const struct client_tls *t)
{
	const struct client_cert_info *c = client_tls_cert_at(t, 0);
	int end = 0, i, steps;

	for (steps = 0; steps < CLIENT_CHAIN_MAX && !c->self_issued; steps++) {
		for (i = 1; i < t->rep->nchain && i < CLIENT_CHAIN_MAX; i++)
			if (strcmp(t->rep->chain[i].subject, c->issuer) == 0)
				break;
		if (i >= t->rep->nchain || i >= CLIENT_CHAIN_MAX)
			break;
		end = i;
		c = &t->rep->chain[i];
	}
	return end;
}

static int
tls_untrusted(const struct client_tls *t, const struct client_tls_failure *f, struct err *e)
{
	const struct client_cert_info *leaf = client_tls_cert_at(t, 0),
	                              *last = client_tls_cert_at(t, tls_chain_end(t));

	if (f->error == CLIENT_TLS_ERR_NOT_CA) {
		err_set(e,
		        "issuer check failed: invalid CA: '%s' issued a certificate but is not a "
		        "CA "
		        "(basicConstraints CA:FALSE)",
		        client_tls_cert_at(t, f->depth)->subject);
		err_fix(e, "issue the intermediate as a CA (https_pki init makes a correct one)");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	if (f->error == CLIENT_TLS_ERR_WEAK_SIG) {
		err_set(e,
		        "issuer check failed: '%s' is signed with SHA-1 or MD5, which can be "
		        "forged",
		        client_tls_cert_at(t, f->depth)->subject);
		err_fix(e, "reissue the certificate with a SHA-256 signature (https_pki issue)");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	if (leaf->self_issued) {
		err_set(e,
		        "issuer check failed: the certificate '%s' is self-signed, and it is "
		        "not the CA you trust",
		        leaf->subject);
		err_fix(e, "have the server use a certificate issued by your CA (https_pki issue), "
		           "or trust this one with --cacert if you made it");
		return err_code(e, CLIENT_EXIT_SELF_SIGNED);
	}
	if (!last->ca && !last->self_issued && f->error == ASN_NO_SIGNER_E) {
		err_set(e,
		        "issuer check failed: incomplete chain: the server did not send the "
		        "intermediate '%s' that issued '%s'",
		        last->issuer, last->subject);
		err_fix(e, "configure the server with the full chain (leaf followed by the "
		           "intermediate), as certificates/site_public_key.pem holds it");
		return err_code(e, CLIENT_EXIT_INCOMPLETE);
	}
	if ((f->error == ASN_NO_SIGNER_E || f->error == ASN_SELF_SIGNED_E) && last->self_issued) {
		err_set(e,
		        "issuer check failed: the chain leads to the root '%s', which is not in "
		        "your trusted CA file",
		        last->subject);
		err_fix(e, "pass that root with --cacert, if you trust it (and only then)");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	if (f->error == ASN_NO_SIGNER_E || f->error == ASN_SELF_SIGNED_E) {
		err_set(e,
		        "issuer check failed: the chain ends at '%s', issued by '%s', which is "
		        "not in your trusted CA file",
		        last->subject, last->issuer);
		err_fix(e, "pass the CA that issued this chain with --cacert, if you trust it");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	if (f->error == ASN_NAME_INVALID_E && t->nc_why[0] != '\0') {
		err_set(e, "issuer check failed: %s", t->nc_why);
		err_fix(e, "this CA may vouch only for the names it is constrained to: issue the "
		           "leaf for a permitted name");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	if (f->error == RSA_KEY_SIZE_E || f->error == ECC_KEY_SIZE_E) {
		err_set(e,
		        "issuer check failed: a key in the chain is too weak (RSA below %d or EC "
		        "below %d bits)",
		        CLIENT_MIN_RSA_BITS, CLIENT_MIN_ECC_BITS);
		err_fix(e, "reissue the certificate with an EC P-256 or RSA 2048+ key");
		return err_code(e, CLIENT_EXIT_UNTRUSTED);
	}
	err_set(e, "issuer check failed for '%s': %s (error %d)",
	        client_tls_cert_at(t, f->depth)->subject,
	        f->error > 0 ? wolfSSL_X509_verify_cert_error_string(f->error)
	                     : wolfSSL_ERR_reason_error_string((unsigned long)f->error),
	        f->error);
	err_fix(e, "the chain is not a valid path to your CA (a CA without CA:TRUE, a bad "
	           "signature, a path length): reissue it with https_pki");
	return err_code(e, CLIENT_EXIT_UNTRUSTED);
}

int
client_tls_verify_error(const struct client_tls *t, const struct client_tls_failure *f,
                        struct err *e)
{
	const struct client_cert_info *c = client_tls_cert_at(t, f->depth);

	switch (f->error) {
	case ASN_AFTER_DATE_E:
		err_set(e,
		        "validity check failed: the certificate '%s' expired on %s (%ld days "
		        "ago)",
		        c->subject, c->not_after, -c->days_left);
		err_fix(e,
		        "renew it: https_pki issue --profile server ... (or check this machine's "
		        "clock: date -u)");
		return err_code(e, CLIENT_EXIT_EXPIRED);
	case ASN_BEFORE_DATE_E:
		err_set(e, "validity check failed: the certificate '%s' is not valid before %s",
		        c->subject, c->not_before);
		err_fix(e,
		        "check this machine's clock (date -u), or reissue the certificate with a "
		        "start date in the past");
		return err_code(e, CLIENT_EXIT_NOT_YET);
	case DOMAIN_NAME_MISMATCH:
	case IPADDR_MISMATCH:
		c = client_tls_cert_at(t, 0);
		err_set(e, "name check failed: the certificate covers %s, not '%s'",
		        c->sans[0] ? c->sans : "no names (it has no SAN)", t->url->host);
		err_fix(e,
		        "connect with a name the certificate covers, or reissue it with --san "
		        "%s:%s",
		        t->url->ip ? "IP" : "DNS", t->url->host);
		return err_code(e, CLIENT_EXIT_NAME);
	case EXTKEYUSE_AUTH_E:
	case EXTKEYUSAGE_E:
	case KEYUSAGE_E:
		err_set(e,
		        "usage check failed: the certificate '%s' is not allowed for TLS server "
		        "authentication (key usage or extended key usage)",
		        c->subject);
		err_fix(e, "issue the server a certificate with extendedKeyUsage=serverAuth "
		           "(https_pki issue --profile server)");
		return err_code(e, CLIENT_EXIT_KEY_USAGE);
	default:
		return tls_untrusted(t, f, e);
	}
}

/* --- after a successful handshake ----------------------------------------- */

/* Returns the SAN of the leaf that matches host, for the report. */
static void
tls_matching_name(const struct client_tls *t, char *buf, size_t size)
{
	const char *sans = client_tls_cert_at(t, 0)->sans, *p = sans, *host = t->url->host;
	size_t len;

	snprintf(buf, size, "%s", t->url->ip ? "IP SAN matched" : "DNS SAN matched");
	while (*p != '\0') {
		len = strcspn(p, ",");
		if ((size_t)(strchr(p, ':') - p) < len) {
			const char *v = strchr(p, ':') + 1;
			size_t vlen = len - (size_t)(v - p);
			if (vlen == strlen(host) && strncasecmp(v, host, vlen) == 0) {
				snprintf(buf, size, "%.*s matches '%s'", (int)len, p, host);
				return;
			}
			if (vlen > 2 && v[0] == '*' && v[1] == '.' && strchr(host, '.') &&
			    strncasecmp(strchr(host, '.'), v + 1, vlen - 1) == 0) {
				snprintf(buf, size, "%.*s matches '%s'", (int)len, p, host);
				return;
			}
		}
		p += len;
		p += strspn(p, ", ");
	}
}

static int
tls_check_pin(struct client_tls *t, struct err *e)
{
	WOLFSSL_X509 *x = wolfSSL_get_peer_certificate(t->ssl);
	WOLFSSL_EVP_PKEY *pk = x ? wolfSSL_X509_get_pubkey(x) : NULL;
	unsigned char *der = NULL, hash[32], b64[64];
	word32 b64len = sizeof(b64);
	int len, i, found = 0;

	len = pk ? wolfSSL_i2d_PUBKEY(pk, &der) : -1;
	if (len > 0 && wc_Sha256Hash(der, (word32)len, hash) == 0)
		for (i = 0; i < t->npins; i++)
			found |= memcmp(hash, t->pins[i], 32) == 0;
	if (len <= 0 || Base64_Encode_NoNl(hash, 32, b64, &b64len) != 0)
		b64len = 0;
	b64[b64len < sizeof(b64) ? b64len : sizeof(b64) - 1] = '\0';
	free(der);
	wolfSSL_EVP_PKEY_free(pk);
	wolfSSL_X509_free(x);
	if (found) {
		client_report_check(t->rep, CLIENT_CHECK_PIN, 1, "public key sha256//%s is pinned",
		                    b64);
		return 0;
	}
	client_report_check(t->rep, CLIENT_CHECK_PIN, 0, "public key sha256//%s is not pinned",
	                    b64);
	if (t->cfg->insecure) {
		fprintf(stderr, "WARNING: --insecure: check FAILED and was ignored: pinned public "
		                "key mismatch\n");
		return 0;
	}
	err_set(e,
	        "pin check failed: the server's public key sha256//%s is not one of "
	        "--pinnedpubkey",
	        b64);
	err_fix(e, "if the server's key changed on purpose, update the pin; otherwise someone "
	           "else may be answering");
	return err_code(e, CLIENT_EXIT_PIN);
}

static int
tls_failed(const struct client_tls *t, int code)
{
	struct err w;
	int i;

	for (i = 0; i < t->nfailures; i++) {
		err_clear(&w);
		client_tls_verify_error(t, &t->failures[i], &w);
		if (w.code == code)
			return i + 1;
	}
	return 0;
}

int
client_tls_report_checks(struct client_tls *t, struct err *e)
{
	struct client_report *r = t->rep;
	const struct client_cert_info *leaf = client_tls_cert_at(t, 0),
	                              *top = client_tls_cert_at(t, r->nchain - 1);
	WOLFSSL_X509 *peer = wolfSSL_get_peer_certificate(t->ssl);
	char name[1024];
	int trust_bad, f;

	if (peer == NULL && !r->resumed) {
		err_set(e, "server sent no certificate, so nothing proves who it is");
		err_fix(e, "configure a certificate on the server");
		return err_code(e, CLIENT_EXIT_NO_CERT);
	}
	wolfSSL_X509_free(peer);
	if (r->resumed && !t->chain_recorded) {
		client_report_step(r, '*', "checks: done on the first connection of this session");
		return t->npins ? tls_check_pin(t, e) : 0;
	}
	trust_bad = tls_failed(t, CLIENT_EXIT_UNTRUSTED) ||
	            tls_failed(t, CLIENT_EXIT_SELF_SIGNED) || tls_failed(t, CLIENT_EXIT_INCOMPLETE);
	client_report_check(r, CLIENT_CHECK_TRUST, !trust_bad,
	                    trust_bad ? "chain does not lead "
	                                "to a trusted CA"
	                              : "chain anchored at trusted CA '%s'",
	                    top->self_issued ? top->subject : top->issuer);
	f = tls_failed(t, CLIENT_EXIT_EXPIRED) || tls_failed(t, CLIENT_EXIT_NOT_YET);
	client_report_check(r, CLIENT_CHECK_VALIDITY, !f,
	                    "leaf valid from %s until %s (%ld days left)", leaf->not_before,
	                    leaf->not_after, leaf->days_left);
	tls_matching_name(t, name, sizeof(name));
	f = tls_failed(t, CLIENT_EXIT_NAME);
	client_report_check(r, CLIENT_CHECK_NAME, !f, "%s",
	                    f ? "host not in the certificate" : name);
	f = tls_failed(t, CLIENT_EXIT_KEY_USAGE);
	client_report_check(r, CLIENT_CHECK_USAGE, !f, "%s",
	                    f ? "not for server authentication" : "serverAuth");
	if (t->npins > 0)
		return tls_check_pin(t, e);
	return 0;
}
