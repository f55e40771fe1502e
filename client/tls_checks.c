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
	return err_code(e, DEMO_EXIT_PIN);
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
	const struct client_cert_info *leaf = client_tls_cert_at(t, 0);
	WOLFSSL_X509 *peer = wolfSSL_get_peer_certificate(t->ssl);
	int trust_bad, f;

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
	trust_bad = tls_failed(t, DEMO_EXIT_UNTRUSTED) || tls_failed(t, DEMO_EXIT_SELF_SIGNED) ||
	            tls_failed(t, DEMO_EXIT_INCOMPLETE);
	/* The anchor is whichever certificate of the CA file ends the path the policy built. */
	client_report_check(r, CLIENT_CHECK_TRUST, !trust_bad && t->verdict.anchor[0],
	                    trust_bad || !t->verdict.anchor[0]
	                            ? "chain does not lead to a trusted CA"
	                            : "chain anchored at trusted CA '%s'",
	                    t->verdict.anchor);
	f = tls_failed(t, DEMO_EXIT_EXPIRED) || tls_failed(t, DEMO_EXIT_NOT_YET);
	client_report_check(r, CLIENT_CHECK_VALIDITY, !f,
	                    "leaf valid from %s until %s (%ld days left)", leaf->not_before,
	                    leaf->not_after, leaf->days_left);
	f = tls_failed(t, DEMO_EXIT_NAME);
	client_report_check(r, CLIENT_CHECK_NAME, !f && t->verdict.matched[0], "%s",
	                    f || !t->verdict.matched[0] ? "host not in the certificate"
	                                                : t->verdict.matched);
	f = tls_failed(t, DEMO_EXIT_ROLE);
	client_report_check(r, CLIENT_CHECK_USAGE, !f, "%s",
	                    f ? "not for server authentication" : "serverAuth");
	if (t->npins > 0)
		return tls_check_pin(t, e);
	return 0;
}
