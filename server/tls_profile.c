/* Hand-picked suites, groups and versions, checked against the safe profile. */
#include "tls_profile.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls_keypair.h"
#include "tls_names.h"

#define PROFILE_LIST_MAX 16 /* names in one option */

/* A name the profile allows: its OpenSSL name, aliases, and the TLS code point. */
struct profile_name {
	const char *name, *alias1, *alias2;
	unsigned id;
	int nid; /* groups only */
};

static const struct profile_name profile_suites12[] = {
        {"ECDHE-ECDSA-AES128-GCM-SHA256", NULL, NULL, 0xc02b, 0},
        {"ECDHE-ECDSA-AES256-GCM-SHA384", NULL, NULL, 0xc02c, 0},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", NULL, NULL, 0xcca9, 0},
        {"ECDHE-RSA-AES128-GCM-SHA256", NULL, NULL, 0xc02f, 0},
        {"ECDHE-RSA-AES256-GCM-SHA384", NULL, NULL, 0xc030, 0},
        {"ECDHE-RSA-CHACHA20-POLY1305", NULL, NULL, 0xcca8, 0},
        {NULL, NULL, NULL, 0, 0},
};

static const struct profile_name profile_suites13[] = {
        {"TLS_AES_128_GCM_SHA256", NULL, NULL, 0x1301, 0},
        {"TLS_AES_256_GCM_SHA384", NULL, NULL, 0x1302, 0},
        {"TLS_CHACHA20_POLY1305_SHA256", NULL, NULL, 0x1303, 0},
        {NULL, NULL, NULL, 0, 0},
};

static const struct profile_name profile_groups[] = {
        {"X25519", "x25519", NULL, 0x001d, NID_X25519},
        {"P-256", "prime256v1", "secp256r1", 0x0017, NID_X9_62_prime256v1},
        {"P-384", "secp384r1", NULL, 0x0018, NID_secp384r1},
        {NULL, NULL, NULL, 0, 0},
};

/* Groups a client may offer that the profile leaves out, for naming them in /whoami. */
static const struct profile_name profile_other_groups[] = {
        {"P-521", NULL, NULL, 0x0019, NID_secp521r1},
        {"X448", NULL, NULL, 0x001e, NID_X448},
        {"ffdhe2048", NULL, NULL, 0x0100, 0},
        {"ffdhe3072", NULL, NULL, 0x0101, 0},
        {NULL, NULL, NULL, 0, 0},
};

static const struct profile_name *
profile_find(const struct profile_name *t, const char *name, size_t len)
{
	for (; t->name != NULL; t++)
		if ((strlen(t->name) == len && strncasecmp(t->name, name, len) == 0) ||
		    (t->alias1 && strlen(t->alias1) == len &&
		     strncasecmp(t->alias1, name, len) == 0) ||
		    (t->alias2 && strlen(t->alias2) == len &&
		     strncasecmp(t->alias2, name, len) == 0))
			return t;
	return NULL;
}

static const struct profile_name *
profile_find_id(const struct profile_name *t, unsigned id)
{
	for (; t->name != NULL; t++)
		if (t->id == id)
			return t;
	return NULL;
}

/* 1 when OpenSSL knows n as the name of a TLS 1.2 suite. */
static int
profile_known12(const char *n)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());
	int known = ctx != NULL && SSL_CTX_set_cipher_list(ctx, n) == 1;

	SSL_CTX_free(ctx);
	ERR_clear_error();
	return known;
}

/* Why a TLS 1.2 suite name outside the profile is refused. */
static const char *
profile_why_suite12(const char *n)
{
	if (strchr(n, '!') || strchr(n, '+') || strchr(n, '@') || strcmp(n, "HIGH") == 0 ||
	    strcmp(n, "ALL") == 0 || strcmp(n, "DEFAULT") == 0)
		return "cipher-string keywords are not accepted: name each suite";
	if (strstr(n, "NULL"))
		return "no encryption at all: everyone on the path reads the traffic";
	if (strstr(n, "ADH") || strstr(n, "AECDH") || strstr(n, "anon"))
		return "anonymous: the server is never authenticated, so anyone in the middle can "
		       "pose as it";
	if (strstr(n, "EXP"))
		return "export grade: keys small enough to break (FREAK, Logjam)";
	if (strstr(n, "RC4"))
		return "RC4 is broken and forbidden in TLS (RFC 7465)";
	if (strstr(n, "DES") || strstr(n, "IDEA"))
		return "a 64-bit block cipher: long connections leak plaintext (Sweet32)";
	if (strstr(n, "PSK") || strstr(n, "SRP"))
		return "pre-shared keys or passwords: not how a public web server authenticates";
	if (strncmp(n, "DHE-", 4) == 0 || strncmp(n, "EDH-", 4) == 0)
		return "finite-field Diffie-Hellman: slow, and weak groups made Logjam possible; "
		       "the profile uses elliptic-curve DHE";
	if (!profile_known12(n))
		return "not the name of a TLS 1.2 cipher suite (OpenSSL's names: openssl ciphers "
		       "-v)";
	if (strncmp(n, "ECDHE-", 6) != 0)
		return "static RSA key exchange: no forward secrecy, so whoever gets the server's "
		       "private key later decrypts every recorded session";
	if (!strstr(n, "GCM") && !strstr(n, "CHACHA20"))
		return "CBC with a separate MAC (MAC-then-encrypt): padding-oracle attacks such as "
		       "Lucky13; the profile uses AEAD ciphers only";
	return "not one of the suites of the safe profile";
}

static const char *
profile_why_suite13(const char *n)
{
	if (strstr(n, "CCM_8"))
		return "CCM_8 has an 8-byte authentication tag, too short for the web";
	if (strstr(n, "CCM"))
		return "CCM suites are outside the profile: no browser offers them";
	if (strncmp(n, "TLS_", 4) != 0)
		return "TLS 1.3 suites are named TLS_..._SHA256/384; TLS 1.2 suites go to "
		       "--ciphers";
	return "not a TLS 1.3 suite of the safe profile";
}

static const char *
profile_why_group(const char *n)
{
	if (strncasecmp(n, "ffdhe", 5) == 0)
		return "a finite-field group: many times slower than the elliptic curves";
	if (strncmp(n, "sect", 4) == 0 || strncmp(n, "brainpool", 9) == 0 || strstr(n, "192") ||
	    strstr(n, "224") || strstr(n, "160"))
		return "a curve browsers no longer offer, or too small";
	return "outside the profile (no mainstream browser offers it)";
}

static const char *
profile_allowed(const struct profile_name *t, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; t->name != NULL && used < size; t++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ":" : "", t->name);
	return buf;
}

int
server_tls_profile_check_list(const char *opt, const char *list, struct err *e)
{
	const struct profile_name *table, *seen[PROFILE_LIST_MAX], *hit;
	const char *p = list, *end, *(*why)(const char *);
	char name[128], allowed[512];
	size_t len;
	int n = 0, i;

	if (strcmp(opt, "ciphers") == 0)
		table = profile_suites12, why = profile_why_suite12;
	else if (strcmp(opt, "tls13-ciphers") == 0)
		table = profile_suites13, why = profile_why_suite13;
	else
		table = profile_groups, why = profile_why_group;
	for (; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ":,");
		len = (size_t)(end - p);
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if ((hit = profile_find(table, p, len)) == NULL) {
			err_set(e, "'%s' refused: %s", name, why(name));
			return err_fix(e, "choose from the safe profile: %s",
			               profile_allowed(table, allowed, sizeof(allowed)));
		}
		for (i = 0; i < n; i++)
			if (seen[i] == hit) {
				err_set(e, "'%s' is listed twice (as %s)", name, hit->name);
				return err_fix(e, "list %s once, under any one of its names",
				               hit->name);
			}
		if (n == PROFILE_LIST_MAX) {
			err_set(e, "too many names (at most %d)", PROFILE_LIST_MAX);
			return err_fix(e, "name at most %d", PROFILE_LIST_MAX);
		}
		seen[n++] = hit;
	}
	if (n == 0) {
		err_set(e, "empty list");
		return err_fix(e, "choose from the safe profile: %s",
		               profile_allowed(table, allowed, sizeof(allowed)));
	}
	return 0;
}

int
server_tls_profile_parse_version(const char *opt, const char *arg, int *out, struct err *e)
{
	if (strcmp(arg, "1.2") == 0 || strcmp(arg, "1.3") == 0) {
		*out = strcmp(arg, "1.2") == 0 ? SERVER_TLS12 : SERVER_TLS13;
		return 0;
	}
	if (strcmp(arg, "1.0") == 0 || strcmp(arg, "1.1") == 0)
		err_set(e,
		        "TLS %s refused: deprecated by RFC 8996 (SHA-1 and MD5 in the handshake, "
		        "no "
		        "AEAD suites)",
		        arg);
	else if (strncasecmp(arg, "ssl", 3) == 0)
		err_set(e, "%s refused: broken (POODLE, RFC 7568)", arg);
	else
		err_set(e, "'%s' is not a TLS version", arg);
	return err_fix(e, "use --%s 1.2 or --%s 1.3", opt, opt);
}

int
server_tls_profile_check(const struct server_tls_choice *c, struct err *e)
{
	int lo = c->min_version ? c->min_version : SERVER_TLS12;
	int hi = c->max_version ? c->max_version : SERVER_TLS13;

	if (lo > hi) {
		err_set(e, "--tls-min 1.3 is above --tls-max 1.2: no version is left");
		return err_fix(e, "drop --tls-min 1.3 or --tls-max 1.2");
	}
	if (c->ciphers12 != NULL && lo == SERVER_TLS13) {
		err_set(e, "--ciphers picks TLS 1.2 suites, but --tls-min 1.3 disables TLS 1.2");
		return err_fix(e, "drop --ciphers (TLS 1.3 suites go to --tls13-ciphers), or drop "
		                  "--tls-min 1.3");
	}
	if (c->ciphers13 != NULL && hi == SERVER_TLS12) {
		err_set(e, "--tls13-ciphers picks TLS 1.3 suites, but --tls-max 1.2 disables "
		           "TLS 1.3");
		return err_fix(e, "drop --tls13-ciphers, or drop --tls-max 1.2");
	}
	return 0;
}

/* The ClientHello: names for the log's sentences, code points (GREASE too) for /whoami. */
struct profile_hello {
	char versions[64], ciphers[512], groups[128], shares[64];
	unsigned share_ids[8], group_ids[32], suite_ids[128];
	int nshares, ngroups, nsuites;
	const struct profile_name *cert_curve; /* the curve of our certificate's EC key, or NULL */
};

static _Thread_local struct profile_hello profile_hello_seen;
static int profile_ex_index = -1;

/* The effective choices of the one server context in this process (for /whoami). */
static struct server_tls_choice profile_in_use = {SERVER_TLS_CIPHERS_12, SERVER_TLS_CIPHERS_13,
                                                  SERVER_TLS_GROUPS, SERVER_TLS12, SERVER_TLS13};
/* What the options set (NULL or 0: the default), to name the option in an explanation. */
static struct server_tls_choice profile_given;

int
server_tls_profile_apply(void *p, const struct server_tls_choice *c, struct err *e)
{
	SSL_CTX *ctx = p;
	struct server_tls_choice u = profile_in_use;

	if (c->ciphers12 != NULL)
		u.ciphers12 = c->ciphers12;
	if (c->ciphers13 != NULL)
		u.ciphers13 = c->ciphers13;
	if (c->groups != NULL)
		u.groups = c->groups;
	if (c->min_version != 0)
		u.min_version = c->min_version;
	if (c->max_version != 0)
		u.max_version = c->max_version;
	if (!SSL_CTX_set_min_proto_version(ctx, u.min_version) ||
	    !SSL_CTX_set_max_proto_version(ctx, u.max_version) ||
	    !SSL_CTX_set_cipher_list(ctx, u.ciphers12) ||
	    !SSL_CTX_set_ciphersuites(ctx, u.ciphers13) || !SSL_CTX_set1_groups_list(ctx, u.groups))
		return err_set(e, "TLS profile rejected by OpenSSL: %s", server_tls_reason());
	profile_in_use = u;
	profile_given = *c;
	/* At start, before any worker runs: the per-connection "ClientHello seen" mark. */
	if (profile_ex_index < 0)
		profile_ex_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	return 0;
}

/* --- what the client offered, and who decided ------------------------------ */

static void
profile_add(char *buf, size_t size, const char *name)
{
	size_t used = strlen(buf);

	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
}

static const char *
profile_group_name(unsigned id, char *buf, size_t size)
{
	const struct profile_name *g = profile_find_id(profile_groups, id);

	if (g == NULL)
		g = profile_find_id(profile_other_groups, id);
	if (g != NULL)
		return g->name;
	snprintf(buf, size, "0x%04x", id);
	return buf;
}

static void
profile_hello_groups(SSL *ssl, struct profile_hello *h)
{
	const unsigned char *d;
	size_t len, i, n;
	char tmp[16];
	unsigned id;

	if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_supported_groups, &d, &len) && len >= 2)
		for (i = 2; i + 1 < len && i < 2 + (((size_t)d[0] << 8) | d[1]); i += 2) {
			id = ((unsigned)d[i] << 8) | d[i + 1];
			if (h->ngroups < 32)
				h->group_ids[h->ngroups++] = id;
			/* GREASE (RFC 8701): noise a client adds on purpose; not in the log. */
			if (!server_tls_names_grease(id))
				profile_add(h->groups, sizeof(h->groups),
				            profile_group_name(id, tmp, sizeof(tmp)));
		}
	if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_key_share, &d, &len) || len < 2)
		return;
	n = ((size_t)d[0] << 8) | d[1];
	for (i = 2; i + 4 <= len && i + 4 <= 2 + n; i += 4 + (((size_t)d[i + 2] << 8) | d[i + 3])) {
		id = ((unsigned)d[i] << 8) | d[i + 1];
		if (h->nshares == 8)
			continue;
		h->share_ids[h->nshares++] = id;
		if (!server_tls_names_grease(id))
			profile_add(h->shares, sizeof(h->shares),
			            profile_group_name(id, tmp, sizeof(tmp)));
	}
}

static void
profile_hello_versions(SSL *ssl, struct profile_hello *h)
{
	const unsigned char *d;
	size_t len, i;
	unsigned v;

	if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_supported_versions, &d, &len) || len < 1) {
		snprintf(h->versions, sizeof(h->versions), "up to TLS 1.%d",
		         SSL_client_hello_get0_legacy_version(ssl) - 0x0301);
		return;
	}
	for (i = 1; i + 1 < len && i <= d[0]; i += 2) {
		v = ((unsigned)d[i] << 8) | d[i + 1];
		if (v >= 0x0301 && v <= 0x0304) {
			char name[16];
			snprintf(name, sizeof(name), "TLS 1.%u", v - 0x0301);
			profile_add(h->versions, sizeof(h->versions), name);
		}
	}
}

static void
profile_hello_ciphers(SSL *ssl, struct profile_hello *h)
{
	const unsigned char *d;
	const SSL_CIPHER *c;
	size_t len = SSL_client_hello_get0_ciphers(ssl, &d), i;

	for (i = 0; i + 1 < len; i += 2) {
		if (h->nsuites < 128)
			h->suite_ids[h->nsuites++] = ((unsigned)d[i] << 8) | d[i + 1];
		if ((c = SSL_CIPHER_find(ssl, d + i)) != NULL)
			profile_add(h->ciphers, sizeof(h->ciphers), SSL_CIPHER_get_name(c));
	}
}

/* 1 when a TLS 1.2 suite the client offered (", "-separated) is one this server takes. */
static int
profile_suite_shared(const char *offered)
{
	const char *q = profile_in_use.ciphers12;
	size_t m, n;
	const char *p;

	for (; *q != '\0'; q += m, q += *q == ':') {
		m = strcspn(q, ":");
		for (p = offered; *p != '\0'; p += n, p += strspn(p, ", ")) {
			n = strcspn(p, ",");
			if (n == m && strncmp(p, q, n) == 0)
				return 1;
		}
	}
	return 0;
}

/* The profile's entry for the curve of the certificate ssl would send, or NULL (not EC). */
static const struct profile_name *
profile_cert_curve(SSL *ssl)
{
	X509 *c = SSL_get_certificate(ssl);
	EVP_PKEY *k = c != NULL ? X509_get0_pubkey(c) : NULL;
	char name[64];
	int i, nid;

	if (k == NULL || !EVP_PKEY_is_a(k, "EC") ||
	    EVP_PKEY_get_group_name(k, name, sizeof(name), NULL) != 1)
		return NULL;
	nid = OBJ_sn2nid(name);
	for (i = 0; profile_groups[i].name != NULL; i++)
		if (profile_groups[i].nid == nid)
			return &profile_groups[i];
	return NULL;
}

/*
 * TLS 1.2 with an ECDSA certificate: the client must list the certificate's
 * curve among its groups (RFC 8422 5.1), or no ECDSA suite can be chosen, even
 * one both sides name. Returns 1 with what and fix set when that is the cause.
 */
static int
profile_refusal_cert_curve(const struct profile_hello *h, char *what, size_t wsize, char *fix,
                           size_t fsize)
{
	const struct profile_name *c = h->cert_curve;
	int i;

	if (c == NULL || !profile_suite_shared(h->ciphers))
		return 0;
	for (i = 0; i < h->ngroups; i++)
		if (h->group_ids[i] == c->id)
			return 0;
	snprintf(what, wsize,
	         "a client offered TLS 1.2 without the curve of this server's certificate key (%s) "
	         "among its groups (it offered %s): in TLS 1.2 an ECDSA certificate can be used "
	         "only on a curve the client lists (RFC 8422 5.1), whatever suites both name",
	         c->name, h->groups[0] ? h->groups : "none");
	snprintf(fix, fsize,
	         "let the client offer %s too (https_client --curves LIST:%s; openssl s_client "
	         "-groups LIST:%s), or use TLS 1.3, where the certificate's curve is not tied to "
	         "the groups",
	         c->name, c->name, c->name);
	return 1;
}

void
server_tls_profile_hello(void *p)
{
	SSL *ssl = p;

	if (profile_ex_index < 0)
		return;
	/* The second ClientHello (after a HelloRetryRequest) keeps the first one's record. */
	if (SSL_get_ex_data(ssl, profile_ex_index) != NULL)
		return;
	SSL_set_ex_data(ssl, profile_ex_index, ssl);
	memset(&profile_hello_seen, 0, sizeof(profile_hello_seen));
	profile_hello_versions(ssl, &profile_hello_seen);
	profile_hello_ciphers(ssl, &profile_hello_seen);
	profile_hello_groups(ssl, &profile_hello_seen);
	profile_hello_seen.cert_curve = profile_cert_curve(ssl);
}

static void
profile_explain_cipher(SSL *ssl, const struct profile_hello *h, int tls13, struct server_tls_why *w)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	const char *chosen = c != NULL ? SSL_CIPHER_standard_name(c) : "none";
	char first[SERVER_TLS_NAME_MAX] = "", tmp[SERVER_TLS_NAME_MAX];
	int i;

	/* The client's first real suite for the negotiated version (TLS 1.3's are 0x13xx). */
	for (i = 0; i < h->nsuites && first[0] == '\0'; i++)
		if (!server_tls_names_grease(h->suite_ids[i]) && h->suite_ids[i] != 0x00ff &&
		    h->suite_ids[i] != 0x5600 && ((h->suite_ids[i] >> 8) == 0x13) == tls13)
			snprintf(first, sizeof(first), "%s",
			         server_tls_names_suite(ssl, h->suite_ids[i], tmp, sizeof(tmp)));
	snprintf(w->cipher, sizeof(w->cipher),
	         "decided by the server's order (server preference is on): %s is the first suite "
	         "of its list that the client also offered; the client's own first choice was %s",
	         chosen, first[0] ? first : "not recorded");
}

static void
profile_explain_group(SSL *ssl, const struct profile_hello *h, int tls13, struct server_tls_why *w)
{
	unsigned id = server_tls_names_group_id(SSL_get_negotiated_group(ssl));
	char tmp[SERVER_TLS_NAME_MAX];
	const char *name = server_tls_names_group(id, tmp, sizeof(tmp));
	int i, shared = 0;

	for (i = 0; i < h->nshares; i++)
		shared |= h->share_ids[i] == id;
	if (!tls13)
		snprintf(w->group, sizeof(w->group),
		         "decided by the server's order: %s is its first group that the client "
		         "lists (TLS 1.2 sends no key share in the ClientHello)",
		         name);
	else if (shared)
		snprintf(w->group, sizeof(w->group),
		         "decided by the client: its ClientHello already carried a key share for "
		         "%s, a group the server accepts, so the server took it (asking for "
		         "another would cost a round trip)",
		         name);
	else
		snprintf(w->group, sizeof(w->group),
		         "decided by the server: the client's key share%s (%s) %s not acceptable, "
		         "so "
		         "the server asked for %s with a HelloRetryRequest (its first choice among "
		         "the client's groups)",
		         h->nshares == 1 ? "" : "s", h->nshares ? w->offered_shares : "none",
		         h->nshares == 1 ? "was" : "were", name);
}

/* Copies src into dst (size bytes), cut short when needed. */
static void
profile_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The offered and configured groups and suites of w, by name (tls_names.h). */
static void
profile_name_lists(SSL *ssl, const struct profile_hello *h, int tls13, struct server_tls_why *w)
{
	STACK_OF(SSL_CIPHER) *mine = SSL_get_ciphers(ssl);
	const SSL_CIPHER *c;
	char tmp[SERVER_TLS_NAME_MAX];
	const char *q;
	size_t m;
	int i;

	for (i = 0; i < h->nsuites; i++)
		profile_add(w->offered_ciphers, sizeof(w->offered_ciphers),
		            server_tls_names_suite(ssl, h->suite_ids[i], tmp, sizeof(tmp)));
	for (i = 0; i < h->ngroups; i++)
		profile_add(w->offered_groups, sizeof(w->offered_groups),
		            server_tls_names_group(h->group_ids[i], tmp, sizeof(tmp)));
	for (i = 0; i < h->nshares; i++)
		profile_add(w->offered_shares, sizeof(w->offered_shares),
		            server_tls_names_group(h->share_ids[i], tmp, sizeof(tmp)));
	for (i = 0; i < sk_SSL_CIPHER_num(mine); i++) {
		c = sk_SSL_CIPHER_value(mine, i);
		if (((SSL_CIPHER_get_protocol_id(c) >> 8) == 0x13) == tls13)
			profile_add(w->server_ciphers, sizeof(w->server_ciphers),
			            SSL_CIPHER_standard_name(c));
	}
	for (q = profile_in_use.groups; *q != '\0'; q += m, q += *q == ':') {
		m = strcspn(q, ":");
		profile_add(w->server_groups, sizeof(w->server_groups),
		            server_tls_names_group_text(q, m, tmp, sizeof(tmp)));
	}
}

void
server_tls_profile_explain(void *p, struct server_tls_why *w)
{
	SSL *ssl = p;
	const struct profile_hello *h = &profile_hello_seen;
	int tls13;

	memset(w, 0, sizeof(*w));
	if (ssl == NULL)
		return;
	tls13 = SSL_version(ssl) == TLS1_3_VERSION;
	profile_copy(w->offered_versions, sizeof(w->offered_versions), h->versions);
	profile_name_lists(ssl, h, tls13, w);
	snprintf(w->version, sizeof(w->version),
	         "the highest version both sides allow: the client offered %s; the server allows "
	         "TLS 1.%d to TLS 1.%d",
	         w->offered_versions[0] ? w->offered_versions : "(not recorded)",
	         profile_in_use.min_version - 0x0301, profile_in_use.max_version - 0x0301);
	profile_explain_cipher(ssl, h, tls13, w);
	profile_explain_group(ssl, h, tls13, w);
}

/* --- why a handshake found nothing in common ------------------------------- */

/* "TLS 1.2 and 1.3", "TLS 1.2 only", with the option that narrowed it. */
static void
profile_versions_str(char *buf, size_t size)
{
	int lo = profile_in_use.min_version, hi = profile_in_use.max_version;

	if (lo == hi)
		snprintf(buf, size, "TLS 1.%d only (%s 1.%d)", lo - 0x0301,
		         profile_given.max_version ? "--tls-max" : "--tls-min", lo - 0x0301);
	else
		snprintf(buf, size, "TLS 1.%d and 1.%d", lo - 0x0301, hi - 0x0301);
}

/* The client's suites of one version (TLS 1.3 names start with TLS_), ", "-separated. */
static void
profile_offered_suites(const char *all, int tls13, char *buf, size_t size)
{
	const char *p = all;
	size_t n;

	buf[0] = '\0';
	while (*p != '\0') {
		n = strcspn(p, ",");
		/* Signalling values (..._SCSV) are not suites. */
		if ((strncmp(p, "TLS_", 4) == 0) == tls13 &&
		    !(n > 5 && strncmp(p + n - 5, "_SCSV", 5) == 0)) {
			char name[96];

			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			profile_add(buf, size, name);
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

/* 1 when one of the client's groups (", "-separated) is in the server's list (":"). */
static int
profile_group_shared(const char *offered)
{
	const char *p = offered, *q;
	size_t n, m;

	for (; *p != '\0'; p += n, p += strspn(p, ", ")) {
		n = strcspn(p, ",");
		for (q = profile_in_use.groups; *q != '\0'; q += m, q += *q == ':') {
			const struct profile_name *g;

			m = strcspn(q, ":");
			g = profile_find(profile_groups, q, m);
			if (g != NULL && strlen(g->name) == n && strncmp(g->name, p, n) == 0)
				return 1;
		}
	}
	return 0;
}

static void
profile_refusal_version(const struct profile_hello *h, char *what, size_t wsize, char *fix,
                        size_t fsize)
{
	char accepts[64];
	int has13 = strstr(h->versions, "TLS 1.3") != NULL;
	int has12 = strstr(h->versions, "TLS 1.2") != NULL;

	profile_versions_str(accepts, sizeof(accepts));
	if (h->versions[0] == '\0') {
		snprintf(what, wsize,
		         "a client offered only TLS versions this server refuses; this server "
		         "accepts "
		         "%s",
		         accepts);
		snprintf(fix, fsize, "let the client offer %s", accepts);
		return;
	}
	snprintf(what, wsize,
	         "a client offered only TLS versions this server refuses: it offered %s; this "
	         "server accepts %s",
	         h->versions, accepts);
	if (has13 && profile_in_use.max_version == SERVER_TLS12)
		snprintf(fix, fsize,
		         "let the client offer TLS 1.2 as well (https_client --tlsv1.2; openssl "
		         "s_client -tls1_2), or start the server without --tls-max 1.2");
	else if (has12 && profile_in_use.min_version == SERVER_TLS13)
		snprintf(fix, fsize,
		         "let the client offer TLS 1.3 (https_client does by default; openssl "
		         "s_client -tls1_3), or start the server without --tls-min 1.3");
	else
		snprintf(
		        fix, fsize,
		        "update the client: TLS 1.0 and 1.1 are deprecated (RFC 8996); this server "
		        "accepts %s",
		        accepts);
}

static void
profile_refusal_group(const struct profile_hello *h, const char *why, char *what, size_t wsize,
                      char *fix, size_t fsize)
{
	snprintf(what, wsize,
	         "a client offered no key-exchange group this server accepts%s: it offered %s; "
	         "this server is configured for %s%s",
	         why, h->groups[0] ? h->groups : "none", profile_in_use.groups,
	         profile_given.groups ? " (--groups)" : "");
	snprintf(fix, fsize,
	         "let the client offer %s (https_client --curves NAME; openssl s_client "
	         "-groups NAME), or start the server with --groups naming one the client offers "
	         "(from %s)",
	         profile_in_use.groups, SERVER_TLS_GROUPS);
}

static void
profile_refusal_suite(const struct profile_hello *h, char *what, size_t wsize, char *fix,
                      size_t fsize)
{
	int tls13 = strstr(h->versions, "TLS 1.3") != NULL &&
	            profile_in_use.max_version == SERVER_TLS13;
	char offered[sizeof(h->ciphers)];

	if (h->versions[0] == '\0') {
		snprintf(what, wsize,
		         "a client offered no cipher suite this server accepts; this server is "
		         "configured for %s%s%s%s",
		         profile_in_use.min_version == SERVER_TLS12 ? profile_in_use.ciphers12 : "",
		         profile_in_use.min_version == SERVER_TLS12 &&
		                         profile_in_use.max_version == SERVER_TLS13
		                 ? " (TLS 1.2) and "
		                 : "",
		         profile_in_use.max_version == SERVER_TLS13 ? profile_in_use.ciphers13 : "",
		         profile_in_use.max_version == SERVER_TLS13 ? " (TLS 1.3)" : " (TLS 1.2)");
		snprintf(fix, fsize, "let the client offer one of those suites");
		return;
	}
	if (!tls13 && h->groups[0] != '\0' && !profile_group_shared(h->groups)) {
		profile_refusal_group(h, " (its TLS 1.2 suites all need an ECDHE group)", what,
		                      wsize, fix, fsize);
		return;
	}
	if (!tls13 && profile_refusal_cert_curve(h, what, wsize, fix, fsize))
		return;
	profile_offered_suites(h->ciphers, tls13, offered, sizeof(offered));
	snprintf(what, wsize,
	         "a client offered no TLS 1.%d cipher suite this server accepts: it offered %s; "
	         "this server is configured for %s%s",
	         tls13 ? 3 : 2, offered[0] ? offered : "none",
	         tls13 ? profile_in_use.ciphers13 : profile_in_use.ciphers12,
	         (tls13 ? profile_given.ciphers13 : profile_given.ciphers12) == NULL
	                 ? ""
	                 : (tls13 ? " (--tls13-ciphers)" : " (--ciphers)"));
	if (tls13)
		snprintf(fix, fsize,
		         "let the client offer one of those (https_client --tls13-ciphers NAME; "
		         "openssl s_client -ciphersuites NAME), or start the server with "
		         "--tls13-ciphers naming one the client offers (from the safe profile)");
	else
		snprintf(fix, fsize,
		         "let the client offer one of those (https_client --tlsv1.2 --tls-max 1.2 "
		         "--ciphers NAME; openssl s_client -tls1_2 -cipher NAME); the server takes "
		         "only suites of the safe profile in --ciphers");
}

void
server_tls_profile_refusal(enum server_tls_refusal kind, char *what, size_t wsize, char *fix,
                           size_t fsize)
{
	const struct profile_hello *h = &profile_hello_seen;

	if (kind == SERVER_TLS_REFUSED_VERSION)
		profile_refusal_version(h, what, wsize, fix, fsize);
	else if (kind == SERVER_TLS_REFUSED_SUITE)
		profile_refusal_suite(h, what, wsize, fix, fsize);
	else
		profile_refusal_group(h, "", what, wsize, fix, fsize);
}
