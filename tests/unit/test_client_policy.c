/*
 * Unit tests for the client's bridge to the certificate policy
 * (client/policy_check.c): the CA file it loads, the DER it decodes, the
 * exit code each verdict class maps to, the anchor and matched name it
 * reports, and which certificates are on the path it built. Certificates
 * are minted in memory (tests/unit/policy_mint.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "client.h"
#include "policy_check.h"
#include "policy_mint.h"
#include "unit.h"

#define DIR TEST_WORK_ROOT "/unit.test_client_policy"

struct der {
	unsigned char *p;
	size_t len;
};

static struct der
to_der(X509 *x)
{
	struct der d = {NULL, 0};
	int n = i2d_X509(x, &d.p);

	d.len = n > 0 ? (size_t)n : 0;
	return d;
}

static int
write_pem(const char *path, X509 *x)
{
	FILE *f = fopen(path, "w");
	int ok = f != NULL && PEM_write_X509(f, x) == 1;

	if (f != NULL)
		fclose(f);
	return ok ? 0 : -1;
}

/* Runs the check on the chain of n DER certificates for host; returns the exit code. */
static int
check(struct client_policy *p, struct der *chain, int n, const char *host,
      struct client_policy_verdict *v)
{
	const unsigned char *der[4];
	size_t len[4];
	int i;

	for (i = 0; i < n; i++) {
		der[i] = chain[i].p;
		len[i] = chain[i].len;
	}
	if (client_policy_check(p, der, len, n, host, v) == 0)
		return 0;
	return v->code;
}

int
main(void)
{
	struct mint_spec root_s = {.subject = "Bridge Root"}, inter_s = {.subject = "Bridge Inter"},
	                 leaf_s = {.subject = "localhost"},
	                 exp_s = {.subject = "localhost", .days_from = -9, .days_to = -1};
	X509 *root = mint(&root_s, MINT_ROOT_EXT, NULL, NULL, NULL);
	X509 *inter = mint(&inter_s, MINT_INTER_EXT, root, mint_key("ec256"), NULL);
	X509 *leaf = mint(&leaf_s, MINT_LEAF_EXT, inter, mint_key("ec256"), NULL);
	X509 *expired = mint(&exp_s, MINT_LEAF_EXT, inter, mint_key("ec256"), NULL);
	struct der chain[3], bad[2];
	struct client_policy *p = NULL;
	struct client_policy_verdict v;
	struct err e;
	unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
	int i;

	UNIT_CHECK(root && inter && leaf && expired);
	if (!root || !inter || !leaf || !expired)
		return unit_done();
	mkdir(TEST_WORK_ROOT, 0700);
	mkdir(DIR, 0700);
	UNIT_CHECK_INT(write_pem(DIR "/root.pem", root), 0);
	UNIT_CHECK_INT(write_pem(DIR "/inter.pem", inter), 0);

	/* The CA file: missing or holding no certificate is a local file error (24). */
	err_clear(&e);
	UNIT_CHECK_INT(client_policy_new(&p, DIR "/none.pem", NULL, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
	UNIT_CHECK(p == NULL);
	UNIT_CHECK_INT(client_policy_new(&p, DIR "/root.pem", NULL, &e), 0);

	chain[0] = to_der(leaf);
	chain[1] = to_der(inter);
	chain[2] = to_der(root);
	UNIT_CHECK_INT(check(p, chain, 2, "localhost", &v), 0);
	UNIT_CHECK(strstr(v.anchor, "Bridge Root") != NULL);
	UNIT_CHECK_STR(v.matched, "DNS:localhost matches 'localhost'");
	UNIT_CHECK_INT(client_policy_on_path(p, chain[1].p, chain[1].len), 1);
	UNIT_CHECK_INT(client_policy_on_path(p, chain[0].p, chain[0].len), 1);
	UNIT_CHECK_INT(check(p, chain, 2, "::1", &v), 0);
	UNIT_CHECK_STR(v.matched, "IP:::1 matches '::1'");

	/* Every check ran and passed. */
	for (i = 0; i < CLIENT_POLICY_CHECKS; i++) {
		UNIT_CHECK_INT(v.ran[i], 1);
		UNIT_CHECK_INT(v.failed[i].code, 0);
	}

	/* Each class to its exit code, with the rule in the message and a fix. */
	UNIT_CHECK_INT(check(p, chain, 2, "other.localhost", &v), DEMO_EXIT_NAME);
	UNIT_CHECK(strstr(v.e.msg, "rule name.mismatch") != NULL && v.e.fix[0] != '\0');
	/* The name check alone failed, in the words and with the fix of the verdict. */
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_NAME].code, DEMO_EXIT_NAME);
	UNIT_CHECK_STR(v.failed[CLIENT_POLICY_NAME].msg, v.e.msg);
	UNIT_CHECK_STR(v.failed[CLIENT_POLICY_NAME].fix, v.e.fix);
	for (i = 0; i < CLIENT_POLICY_CHECKS; i++)
		if (i != CLIENT_POLICY_NAME)
			UNIT_CHECK_INT(v.failed[i].code, 0);
	/* A refused chain leaves no path: nothing on it may be handed to wolfSSL. */
	UNIT_CHECK_INT(client_policy_on_path(p, chain[1].p, chain[1].len), 0);
	UNIT_CHECK_INT(check(p, chain, 1, "localhost", &v), DEMO_EXIT_UNTRUSTED);
	UNIT_CHECK(strstr(v.e.msg, "Bridge Inter' was neither sent") != NULL);
	UNIT_CHECK(strstr(v.e.msg, DIR "/root.pem") != NULL);
	bad[0] = to_der(expired);
	bad[1] = chain[1];
	UNIT_CHECK_INT(check(p, bad, 2, "localhost", &v), DEMO_EXIT_EXPIRED);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_VALIDITY].code, DEMO_EXIT_EXPIRED);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_TRUST].code, 0);
	/* Two checks fail: each is recorded, the verdict is the first in browser order. */
	UNIT_CHECK_INT(check(p, bad, 2, "other.localhost", &v), DEMO_EXIT_EXPIRED);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_VALIDITY].code, DEMO_EXIT_EXPIRED);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_NAME].code, DEMO_EXIT_NAME);
	UNIT_CHECK_STR(v.failed[CLIENT_POLICY_VALIDITY].msg, v.e.msg);
	OPENSSL_free(bad[0].p);

	/* Undecodable DER, trailing bytes, no certificate at all. */
	bad[0].p = junk;
	bad[0].len = sizeof(junk);
	UNIT_CHECK_INT(check(p, bad, 1, "localhost", &v), DEMO_EXIT_POLICY);
	UNIT_CHECK(strstr(v.e.msg, "rule format.der") != NULL);
	/* Nothing but the format could be checked: the others did not run. */
	UNIT_CHECK_INT(v.ran[CLIENT_POLICY_FORMAT], 1);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_FORMAT].code, DEMO_EXIT_POLICY);
	UNIT_CHECK_INT(v.ran[CLIENT_POLICY_TRUST], 0);
	UNIT_CHECK_INT(v.ran[CLIENT_POLICY_NAME], 0);
	UNIT_CHECK_INT(v.failed[CLIENT_POLICY_TRUST].code, 0);
	bad[0].p = chain[0].p;
	bad[0].len = chain[0].len - 1;
	UNIT_CHECK_INT(check(p, bad, 1, "localhost", &v), DEMO_EXIT_POLICY);
	UNIT_CHECK_INT(check(p, chain, 0, "localhost", &v), DEMO_EXIT_NO_CERT);
	client_policy_free(p);

	/* Only the intermediate in the CA file: it is the anchor. */
	UNIT_CHECK_INT(client_policy_new(&p, DIR "/inter.pem", NULL, &e), 0);
	UNIT_CHECK_INT(check(p, chain, 2, "localhost", &v), 0);
	UNIT_CHECK(strstr(v.anchor, "Bridge Inter") != NULL);
	client_policy_free(p);
	/* A CA directory. */
	UNIT_CHECK_INT(client_policy_new(&p, NULL, DIR, &e), 0);
	UNIT_CHECK_INT(check(p, chain, 3, "localhost", &v), 0);
	client_policy_free(p);

	OPENSSL_free(chain[0].p);
	OPENSSL_free(chain[1].p);
	OPENSSL_free(chain[2].p);
	X509_free(root);
	X509_free(inter);
	X509_free(leaf);
	X509_free(expired);
	mint_free_keys();
	return unit_done();
}
