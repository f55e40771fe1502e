/* Names of TLS groups and cipher suites for /whoami; see tls_names.h. */
#include "tls_names.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/ssl.h>

/* IANA "TLS Supported Groups" registry names, and the other names OpenSSL gives them. */
struct names_group {
	unsigned id;
	const char *iana, *alias1, *alias2;
	int nid; /* NID_undef: OpenSSL 3.0 does not know it */
};

static const struct names_group names_groups[] = {
        {0x0017, "secp256r1", "P-256", "prime256v1", NID_X9_62_prime256v1},
        {0x0018, "secp384r1", "P-384", NULL, NID_secp384r1},
        {0x0019, "secp521r1", "P-521", NULL, NID_secp521r1},
        {0x001a, "brainpoolP256r1", NULL, NULL, NID_brainpoolP256r1},
        {0x001b, "brainpoolP384r1", NULL, NULL, NID_brainpoolP384r1},
        {0x001c, "brainpoolP512r1", NULL, NULL, NID_brainpoolP512r1},
        {0x001d, "x25519", "X25519", NULL, NID_X25519},
        {0x001e, "x448", "X448", NULL, NID_X448},
        {0x001f, "brainpoolP256r1tls13", NULL, NULL, NID_undef},
        {0x0020, "brainpoolP384r1tls13", NULL, NULL, NID_undef},
        {0x0021, "brainpoolP512r1tls13", NULL, NULL, NID_undef},
        {0x0100, "ffdhe2048", NULL, NULL, NID_ffdhe2048},
        {0x0101, "ffdhe3072", NULL, NULL, NID_ffdhe3072},
        {0x0102, "ffdhe4096", NULL, NULL, NID_ffdhe4096},
        {0x0103, "ffdhe6144", NULL, NULL, NID_ffdhe6144},
        {0x0104, "ffdhe8192", NULL, NULL, NID_ffdhe8192},
        {0x0200, "MLKEM512", NULL, NULL, NID_undef},
        {0x0201, "MLKEM768", NULL, NULL, NID_undef},
        {0x0202, "MLKEM1024", NULL, NULL, NID_undef},
        {0x11eb, "SecP256r1MLKEM768", NULL, NULL, NID_undef},
        {0x11ec, "X25519MLKEM768", NULL, NULL, NID_undef},
        {0x11ed, "SecP384r1MLKEM1024", NULL, NULL, NID_undef},
        {0x6399, "X25519Kyber768Draft00", NULL, NULL, NID_undef},
        {0x639a, "SecP256r1Kyber768Draft00", NULL, NULL, NID_undef},
        {0, NULL, NULL, NULL, NID_undef},
};

/* What OpenSSL 3.0 returns for a group it has no NID for (TLSEXT_nid_unknown | id). */
#define NAMES_NID_UNKNOWN 0x1000000

int
server_tls_names_grease(unsigned v)
{
	return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static const char *
names_unknown(unsigned id, char *buf, size_t size)
{
	if (server_tls_names_grease(id))
		return SERVER_TLS_GREASE;
	snprintf(buf, size, "unassigned or unknown (0x%04x)", id);
	return buf;
}

const char *
server_tls_names_group(unsigned id, char *buf, size_t size)
{
	const struct names_group *g;

	for (g = names_groups; g->iana != NULL; g++)
		if (g->id == id)
			return g->iana;
	return names_unknown(id, buf, size);
}

unsigned
server_tls_names_group_id(int nid)
{
	const struct names_group *g;

	if (nid & NAMES_NID_UNKNOWN)
		return (unsigned)nid & 0xffff;
	for (g = names_groups; g->iana != NULL && nid != NID_undef; g++)
		if (g->nid == nid)
			return g->id;
	return 0;
}

static int
names_is(const char *want, const char *name, size_t len)
{
	return want != NULL && strlen(want) == len && strncasecmp(want, name, len) == 0;
}

const char *
server_tls_names_group_text(const char *name, size_t len, char *buf, size_t size)
{
	const struct names_group *g;

	for (g = names_groups; g->iana != NULL; g++)
		if (names_is(g->iana, name, len) || names_is(g->alias1, name, len) ||
		    names_is(g->alias2, name, len))
			return g->iana;
	snprintf(buf, size, "%.*s", (int)len, name);
	return buf;
}

const char *
server_tls_names_suite(void *ssl, unsigned id, char *buf, size_t size)
{
	const unsigned char code[2] = {(unsigned char)(id >> 8), (unsigned char)id};
	const SSL_CIPHER *c = ssl != NULL ? SSL_CIPHER_find(ssl, code) : NULL;
	const char *name = c != NULL ? SSL_CIPHER_standard_name(c) : NULL;

	if (name != NULL && strcmp(name, "(NONE)") != 0)
		return name;
	return names_unknown(id, buf, size);
}
