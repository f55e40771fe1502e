/* The message, fix and exit code for each failed certificate check. */
#include "tls_explain.h"

#include "tls_int.h"
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

/*
 * What wolfSSL alone refused, when the policy passed the chain (the two
 * disagree): self-signed, or leading to a CA we do not trust, or another
 * check of wolfSSL's. The policy's own findings never come here.
 */
static int
tls_untrusted(const struct client_tls *t, const struct client_tls_failure *f, struct err *e)
{
	const struct client_cert_info *leaf = client_tls_cert_at(t, 0),
	                              *last = client_tls_cert_at(t, tls_chain_end(t)),
	                              *c = client_tls_cert_at(t, f->depth);

	if (leaf->self_issued && (f->error == ASN_NO_SIGNER_E || f->error == ASN_SELF_SIGNED_E)) {
		err_set(e,
		        "issuer check failed: the certificate '%s' is self-signed, and it is "
		        "not the CA you trust",
		        leaf->subject);
		err_fix(e, "have the server use a certificate issued by your CA (https_pki issue), "
		           "or trust this one with --cacert if you made it");
		return err_code(e, DEMO_EXIT_SELF_SIGNED);
	}
	if (f->error == ASN_NO_SIGNER_E || f->error == ASN_SELF_SIGNED_E) {
		err_set(e,
		        "issuer check failed: untrusted issuer: '%s' was neither sent by the "
		        "server "
		        "nor is in your trusted CA file (the server may also have left out an "
		        "intermediate)",
		        last->self_issued ? last->subject : last->issuer);
		err_fix(e, "trust the CA that issued it (--cacert FILE), if you trust it; or have "
		           "the server send its full chain");
		return err_code(e, DEMO_EXIT_UNTRUSTED);
	}
	if (f->error == RSA_KEY_SIZE_E || f->error == ECC_KEY_SIZE_E) {
		err_set(e,
		        "policy check failed: a key in the chain is too weak (RSA below %d or EC "
		        "below %d bits)",
		        CLIENT_MIN_RSA_BITS, CLIENT_MIN_ECC_BITS);
		err_fix(e, "reissue the certificate with an EC P-256 or RSA 2048+ key");
		return err_code(e, DEMO_EXIT_POLICY);
	}
	err_set(e, "issuer check failed for '%s': %s (wolfSSL error %d)", c->subject,
	        f->error > 0 ? wolfSSL_X509_verify_cert_error_string(f->error)
	                     : wolfSSL_ERR_reason_error_string((unsigned long)f->error),
	        f->error);
	err_fix(e, "the chain is not a valid path to your CA (a CA without CA:TRUE, a bad "
	           "signature, a path length, an unknown critical extension): reissue it with "
	           "https_pki");
	return err_code(e, DEMO_EXIT_UNTRUSTED);
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
		return err_code(e, DEMO_EXIT_EXPIRED);
	case ASN_BEFORE_DATE_E:
		err_set(e, "validity check failed: the certificate '%s' is not valid before %s",
		        c->subject, c->not_before);
		err_fix(e,
		        "check this machine's clock (date -u), or reissue the certificate with a "
		        "start date in the past");
		return err_code(e, DEMO_EXIT_NOT_YET);
	case DOMAIN_NAME_MISMATCH:
	case IPADDR_MISMATCH:
		c = client_tls_cert_at(t, 0);
		err_set(e, "name check failed: the certificate covers %s, not '%s'",
		        c->sans[0] ? c->sans : "no names (it has no SAN)", t->url->host);
		err_fix(e,
		        "connect with a name the certificate covers, or reissue it with https_pki "
		        "issue --san %s:%s",
		        t->url->ip ? "IP" : "DNS", t->url->host);
		return err_code(e, DEMO_EXIT_NAME);
	case EXTKEYUSE_AUTH_E:
	case EXTKEYUSAGE_E:
	case KEYUSAGE_E:
		err_set(e,
		        "usage check failed: the certificate '%s' is not allowed for TLS server "
		        "authentication (key usage or extended key usage)",
		        c->subject);
		err_fix(e, "issue the server a certificate with extendedKeyUsage=serverAuth "
		           "(https_pki issue --profile server)");
		return err_code(e, DEMO_EXIT_ROLE);
	default:
		return tls_untrusted(t, f, e);
	}
}
