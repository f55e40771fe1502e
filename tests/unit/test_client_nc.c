/*
 * Unit tests for the client's own name-constraint check (client/nc.c).
 *
 * Every certificate is minted at test time with our https_pki: the trusted
 * root is the pki_chain fixture's demo root in $TEST_PKI_DIR (permitted
 * DNS:localhost, IP:127.0.0.1/32, IP:::1/128); the leaves come from a second
 * hierarchy made here with `https_pki init --config`, whose root permits every
 * name the cases need (https_pki refuses to issue a leaf outside its own CA's
 * constraints, and every root it makes is constrained). The leaves are then
 * checked against the demo root's constraints, as the client does.
 *
 * https_pki cannot write excludedSubtrees, so the excluded-subtree case reads
 * its constraints from a DER structure built here (only the path the parser
 * walks: Certificate > TBSCertificate > [3] extensions > nameConstraints); its
 * leaf is minted. Malformed DER is a minted certificate, corrupted in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>

#include "fileio.h"
#include "nc.h"
#include "unit.h"

#define NC_DIR TEST_WORK_ROOT "/unit.test_client_nc"

static const char nc_config[] =
        "root:\n"
        "  subject: CN=NC Test Root\n"
        "  name_constraints: [ \"DNS:localhost\", \"DNS:example.com\", \"DNS:xlocalhost\",\n"
        "                      \"IP:127.0.0.1/32\", \"IP:10.0.0.0/8\" ]\n"
        "intermediate:\n"
        "  subject: CN=NC Test Intermediate\n"
        "leaves:\n"
        "  in:     { profile: server, subject: CN=in, sans: [ \"DNS:localhost\", "
        "\"IP:127.0.0.1\" ] }\n"
        "  sub:    { profile: server, subject: CN=sub, sans: [ \"DNS:www.localhost\" ] }\n"
        "  out:    { profile: server, subject: CN=out, sans: [ \"DNS:localhost\", "
        "\"DNS:example.com\" ] }\n"
        "  ip:     { profile: server, subject: CN=ip, sans: [ \"DNS:localhost\", "
        "\"IP:10.0.0.1\" ] }\n"
        "  suffix: { profile: server, subject: CN=suffix, sans: [ \"DNS:xlocalhost\" ] }\n"
        "  excl:   { profile: server, subject: CN=excl, sans: [ \"DNS:x.bad.localhost\" ] }\n";

/* Runs $HTTPS_PKI init --config into NC_DIR. Returns 0 or -1. */
static int
nc_mint(void)
{
	const char *pki = getenv("HTTPS_PKI"), *dir = getenv("TEST_PKI_DIR");
	char pass[4096], config[4096];
	FILE *f;
	pid_t pid;
	int status;

	if (pki == NULL || dir == NULL)
		return -1;
	snprintf(pass, sizeof(pass), "file:%s/pass.txt", dir);
	snprintf(config, sizeof(config), "%s/nc.yaml", NC_DIR);
	if (system("rm -rf '" NC_DIR "'") != 0 || mkdir(NC_DIR, 0700) != 0 ||
	    (f = fopen(config, "w")) == NULL)
		return -1;
	fputs(nc_config, f);
	if (fclose(f) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		execl(pki, pki, "init", "--config", config, "--dir", NC_DIR, "--pass", pass,
		      (char *)NULL);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The first certificate of the PEM file path, as DER. Returns its length, or -1. */
static int
nc_load(const char *path, unsigned char *der, int size)
{
	struct err e;
	char *pem = NULL;
	size_t len = 0;
	int n;

	if (file_read_all(path, 1 << 20, &pem, &len, &e) == -1)
		return -1;
	n = wc_CertPemToDer((const unsigned char *)pem, (int)len, der, size, CERT_TYPE);
	free(pem);
	return n > 0 ? n : -1;
}

static int
nc_load_leaf(const char *name, unsigned char *der, int size)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/certificates/%s_public_key.pem", NC_DIR, name);
	return nc_load(path, der, size);
}

/*
 * The smallest DER the parser walks as a certificate with nameConstraints
 * { permitted DNS:localhost; excluded DNS:bad.localhost } (RFC 5280 4.2.1.10).
 */
static const unsigned char nc_excluded_der[] = {
        0x30, 0x36,                               /* Certificate */
        0x30, 0x34,                               /* TBSCertificate */
        0xa3, 0x32, 0x30, 0x30,                   /* [3] Extensions */
        0x30, 0x2e, 0x06, 0x03, 0x55, 0x1d, 0x1e, /* Extension, id-ce-nameConstraints */
        0x01, 0x01, 0xff,                         /* critical */
        0x04, 0x24, 0x30, 0x22,                   /* OCTET STRING, NameConstraints */
        0xa0, 0x0d, 0x30, 0x0b, 0x82, 0x09,       /* permitted DNS: */
        'l',  'o',  'c',  'a',  'l',  'h',  'o',  's', 't', 0xa1, 0x11, 0x30, 0x0f,
        0x82, 0x0d, /* excluded DNS: */
        'b',  'a',  'd',  '.',  'l',  'o',  'c',  'a', 'l', 'h',  'o',  's',  't',
};

/* Finds the extension with OID 55 1D <last> in der and returns its offset, or -1. */
static int
nc_find_oid(const unsigned char *der, int len, int last)
{
	int i;

	for (i = 0; i + 5 <= len; i++)
		if (der[i] == 0x06 && der[i + 1] == 0x03 && der[i + 2] == 0x55 &&
		    der[i + 3] == 0x1d && der[i + 4] == last)
			return i;
	return -1;
}

static void
test_nc_cases(const struct client_nc *root)
{
	static const struct {
		const char *name, *leaf;
		int ok;
		const char *why;
	} cases[] = {
	        {"exact names", "in", 1, ""},
	        {"subdomain", "sub", 1, ""},
	        {"outside DNS", "out", 0, "DNS:example.com"},
	        {"outside IP", "ip", 0, "IP:10.0.0.1"},
	        {"suffix is not a subdomain", "suffix", 0, "DNS:xlocalhost"},
	};
	unsigned char leaf[4096];
	struct client_nc none;
	char why[256];
	int len;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = nc_load_leaf(cases[i].leaf, leaf, sizeof(leaf));
		UNIT_CHECK(len > 0);
		if (len <= 0)
			continue;
		why[0] = '\0';
		UNIT_CHECK_INT(client_nc_check(root, leaf, (size_t)len, why, sizeof(why)) == 0,
		               cases[i].ok);
		UNIT_CHECK_STR(why, cases[i].why);
		/* A leaf carries no name constraints of its own. */
		UNIT_CHECK_INT(client_nc_parse(leaf, (size_t)len, &none), 0);
	}
}

static void
test_nc_root(struct client_nc *root)
{
	unsigned char der[4096];
	char path[4096], desc[256];
	int len;

	snprintf(path, sizeof(path), "%s/ca_certificates_for_client/ca_public_key.pem",
	         getenv("TEST_PKI_DIR"));
	len = nc_load(path, der, sizeof(der));
	UNIT_CHECK(len > 0);
	UNIT_CHECK_INT(client_nc_parse(der, (size_t)(len > 0 ? len : 0), root), 1);
	UNIT_CHECK_INT(root->npermitted, 3);
	UNIT_CHECK_INT(root->nexcluded, 0);
	UNIT_CHECK_INT(root->unsupported, 0);
	client_nc_describe(root, desc, sizeof(desc));
	UNIT_CHECK_STR(desc, "DNS:localhost, IP:127.0.0.1/32, IP:::1/128");
}

static void
test_nc_excluded(void)
{
	unsigned char leaf[4096], in[4096];
	struct client_nc nc;
	char why[256] = "", desc[256];
	int len, ilen;

	UNIT_CHECK_INT(client_nc_parse(nc_excluded_der, sizeof(nc_excluded_der), &nc), 1);
	UNIT_CHECK_INT(nc.npermitted, 1);
	UNIT_CHECK_INT(nc.nexcluded, 1);
	UNIT_CHECK_STR(nc.excluded[0].dns, "bad.localhost");
	client_nc_describe(&nc, desc, sizeof(desc));
	UNIT_CHECK_STR(desc, "DNS:localhost");
	len = nc_load_leaf("excl", leaf, sizeof(leaf));
	ilen = nc_load_leaf("sub", in, sizeof(in));
	UNIT_CHECK(len > 0 && ilen > 0);
	if (len <= 0 || ilen <= 0)
		return;
	/* x.bad.localhost is under the permitted localhost, but excluded wins. */
	UNIT_CHECK_INT(client_nc_check(&nc, leaf, (size_t)len, why, sizeof(why)), -1);
	UNIT_CHECK_STR(why, "DNS:x.bad.localhost");
	why[0] = '\0';
	UNIT_CHECK_INT(client_nc_check(&nc, in, (size_t)ilen, why, sizeof(why)), 0);
	UNIT_CHECK_STR(why, "");
}

/* Malformed input is refused and never read out of bounds (run under ASan). */
static void
test_nc_malformed(const struct client_nc *root)
{
	unsigned char der[4096], bad[4096];
	struct client_nc nc;
	char why[256] = "";
	int len, off;
	size_t cut;

	len = nc_load_leaf("in", der, sizeof(der));
	UNIT_CHECK(len > 0);
	if (len <= 0)
		return;
	/* Every truncation of a minted certificate: refused or "no constraints", never a read past. */
	for (cut = 0; cut < (size_t)len; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);
		memcpy(copy, der, cut);
		UNIT_CHECK(client_nc_parse(copy, cut, &nc) != 1);
		free(copy);
	}
	UNIT_CHECK_INT(client_nc_parse((const unsigned char *)"\x30\x84\xff\xff\xff\xff", 6, &nc),
	               -1);
	/* The SAN's inner SEQUENCE claims more bytes than the extension holds. */
	memcpy(bad, der, (size_t)len);
	off = nc_find_oid(bad, len, 0x11);
	UNIT_CHECK(off > 0);
	if (off > 0) {
		off += 5;
		if (bad[off] == 0x01)
			off += 3; /* critical flag */
		UNIT_CHECK_INT(bad[off], 0x04);
		UNIT_CHECK_INT(bad[off + 2], 0x30);
		bad[off + 3] = 0x7f;
		UNIT_CHECK_INT(client_nc_check(root, bad, (size_t)len, why, sizeof(why)), -1);
		UNIT_CHECK_STR(why, "the leaf's subjectAltName is malformed");
	}
	/* The constrained root with its nameConstraints contents cut short. */
	memcpy(bad, nc_excluded_der, sizeof(nc_excluded_der));
	bad[21] = 0x30; /* NameConstraints SEQUENCE length 0x22 -> 0x30: past the end */
	UNIT_CHECK_INT(client_nc_parse(bad, sizeof(nc_excluded_der), &nc), -1);
	/* A constraint of a kind we cannot check fails closed, even for a good leaf. */
	nc = *root;
	nc.unsupported = 1;
	UNIT_CHECK_INT(client_nc_check(&nc, der, (size_t)len, why, sizeof(why)), -1);
}

/* An unknown critical extension (what wolfSSL's -198 hides) is found; known ones pass. */
static void
test_nc_critical(void)
{
	unsigned char der[4096];
	int len, off;

	len = nc_load_leaf("in", der, sizeof(der));
	UNIT_CHECK(len > 0);
	if (len <= 0)
		return;
	UNIT_CHECK_INT(client_nc_unknown_critical(der, (size_t)len), 0);
	UNIT_CHECK_INT(client_nc_unknown_critical(nc_excluded_der, sizeof(nc_excluded_der)), 0);
	/* keyUsage (2.5.29.15) is critical in every https_pki leaf: make it 2.5.29.99. */
	off = nc_find_oid(der, len, 0x0f);
	UNIT_CHECK(off > 0 && der[off + 5] == 0x01);
	if (off <= 0)
		return;
	der[off + 4] = 99;
	UNIT_CHECK_INT(client_nc_unknown_critical(der, (size_t)len), 1);
	UNIT_CHECK_INT(client_nc_unknown_critical(der, 10), -1);
}

int
main(void)
{
	struct client_nc root;

	UNIT_CHECK(getenv("TEST_PKI_DIR") != NULL && getenv("HTTPS_PKI") != NULL);
	if (nc_mint() == -1) {
		fprintf(stderr, "cannot mint the test certificates with $HTTPS_PKI\n");
		return 1;
	}
	test_nc_root(&root);
	test_nc_cases(&root);
	test_nc_excluded();
	test_nc_malformed(&root);
	test_nc_critical();
	return unit_done();
}
