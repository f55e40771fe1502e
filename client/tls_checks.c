/* After a successful handshake: the report of each check, and the pins. */
#include "tls_checks.h"

#include "tls_int.h"
#include "tls_explain.h"
#include "tls_verify.h"

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
		client_report_check(t->rep, CLIENT_CHECK_PIN, CLIENT_CHECK_OK, 0,
		                    "public key sha256//%s is pinned", b64);
		return 0;
	}
	client_report_check(t->rep, CLIENT_CHECK_PIN, CLIENT_CHECK_FAILED, DEMO_EXIT_PIN,
	                    "public key sha256//%s is not pinned", b64);
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
	return err_code(e, DEMO_EXIT_PIN);
}

/* The check of the report that each check of the policy is (the two lists share their order). */
static const enum client_check_id tls_check_ids[CLIENT_POLICY_CHECKS] = {
        CLIENT_CHECK_TRUST, CLIENT_CHECK_VALIDITY, CLIENT_CHECK_NAME, CLIENT_CHECK_USAGE,
        CLIENT_CHECK_POLICY};

/* The message without its "<check> check failed: " head, for the check line. */
static const char *
tls_reason(const char *msg)
{
	const char *p = strstr(msg, " check failed: ");

	return p != NULL && p - msg < 16 ? p + strlen(" check failed: ") : msg;
}

/* Records check c of the policy in the report: failed, passed, or not checked. */
static void
tls_record_check(struct client_tls *t, enum client_policy_check c)
{
	struct client_report *r = t->rep;
	const struct client_cert_info *leaf = client_tls_cert_at(t, 0);
	enum client_check_id id = tls_check_ids[c];

	if (t->failed[c].code != 0) {
		client_report_check(r, id, CLIENT_CHECK_FAILED, t->failed[c].code, "%s",
		                    tls_reason(t->failed[c].msg));
		return;
	}
	if (!t->verdict.ran[c]) {
		client_report_check(r, id, CLIENT_CHECK_NOT_RUN, 0, "%s",
		                    t->verdict.ran[CLIENT_POLICY_TRUST]
		                            ? "no certificate path could be built to check it on"
		                            : "the chain could not be decoded");
		return;
	}
	switch (c) {
	case CLIENT_POLICY_TRUST:
		client_report_check(r, id, CLIENT_CHECK_OK, 0, "chain anchored at trusted CA '%s'",
		                    t->verdict.anchor);
		break;
	case CLIENT_POLICY_VALIDITY:
		client_report_check(r, id, CLIENT_CHECK_OK, 0,
		                    "leaf valid from %s until %s (%ld days left)", leaf->not_before,
		                    leaf->not_after, leaf->days_left);
		break;
	case CLIENT_POLICY_NAME:
		client_report_check(r, id, CLIENT_CHECK_OK, 0, "%s", t->verdict.matched);
		break;
	case CLIENT_POLICY_USAGE:
		client_report_check(r, id, CLIENT_CHECK_OK, 0, "serverAuth");
		break;
	default:
		client_report_check(r, id, CLIENT_CHECK_OK, 0,
		                    "format, keys and signature hashes as the policy requires");
		break;
	}
}

void
client_tls_record_checks(struct client_tls *t)
{
	struct err w;
	int c;

	for (c = 0; c < CLIENT_POLICY_CHECKS; c++)
		t->failed[c] = t->verdict.failed[c];
	/*
	 * wolfSSL's findings speak only when the policy passed the chain (the two
	 * disagree, and either refusal stops the handshake), and only its first:
	 * without --insecure the handshake ends there, and what wolfSSL says after
	 * it follows from it (a CA it refused cannot vouch for the certificate
	 * below). So the same checks fail with and without --insecure.
	 */
	if (t->verdict.code == 0 && t->nfailures > 0) {
		err_clear(&w);
		client_tls_verify_error(t, &t->failures[0], &w);
		t->failed[client_policy_check_of(w.code)] = w;
	}
	for (c = 0; c < CLIENT_POLICY_CHECKS; c++)
		tls_record_check(t, (enum client_policy_check)c);
}

const struct err *
client_tls_first_failed(const struct client_tls *t)
{
	int c;

	for (c = 0; c < CLIENT_POLICY_CHECKS; c++)
		if (t->failed[c].code != 0)
			return &t->failed[c];
	return NULL;
}

int
client_tls_report_checks(struct client_tls *t, struct err *e)
{
	struct client_report *r = t->rep;
	WOLFSSL_X509 *peer = wolfSSL_get_peer_certificate(t->ssl);
	int c;

	if (peer == NULL && !r->resumed) {
		err_set(e, "server sent no certificate, so nothing proves who it is");
		err_fix(e, "configure a certificate on the server");
		return err_code(e, DEMO_EXIT_NO_CERT);
	}
	wolfSSL_X509_free(peer);
	if (r->resumed && !t->chain_recorded) {
		client_report_step(r, '*', "checks: done on the first connection of this session");
		return t->npins ? tls_check_pin(t, e) : 0;
	}
	for (c = 0; c < CLIENT_POLICY_CHECKS; c++) {
		if (t->failed[c].code == 0)
			continue;
		if (!t->cfg->insecure) { /* never reached: the callback failed the handshake */
			*e = t->failed[c];
			return -1;
		}
		fprintf(stderr, "WARNING: --insecure: check FAILED and was ignored: %s\n",
		        t->failed[c].msg);
	}
	if (t->npins > 0)
		return tls_check_pin(t, e);
	return 0;
}
