/*
 * The server's TLS choices a user may pick by hand (--ciphers, --tls13-ciphers,
 * --groups, --tls-min, --tls-max), each checked against the safe profile:
 * TLS 1.2 and 1.3 only; TLS 1.2 suites with ECDHE key exchange and an AEAD
 * cipher; the three standard TLS 1.3 suites; groups X25519, P-256, P-384.
 * A choice outside it is refused with the reason; there is no way around it
 * (a session that lacks forward secrecy is shown with openssl s_server in
 * scripts/trace_https.sh, never with this server).
 *
 * Also here: what /whoami says about who decided each negotiated parameter,
 * read from the client's first ClientHello (recorded per worker thread).
 */
#ifndef SERVER_TLS_PROFILE_H
#define SERVER_TLS_PROFILE_H

#include <stddef.h>

#include "err.h"

/* The defaults: the whole safe profile, in the server's order of preference. */
#define SERVER_TLS_CIPHERS_12                                          \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"   \
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
#define SERVER_TLS_CIPHERS_13 \
	"TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
#define SERVER_TLS_GROUPS "X25519:P-256:P-384"

/* Versions as on the wire. */
#define SERVER_TLS12 0x0303
#define SERVER_TLS13 0x0304

/* The choices, as checked strings (NULL: the default). */
struct server_tls_choice {
	const char *ciphers12, *ciphers13, *groups;
	int min_version, max_version; /* SERVER_TLS12 or SERVER_TLS13; 0: default */
};

/*
 * Checks a ':'-separated list given to option opt ("ciphers", "tls13-ciphers"
 * or "groups", which picks the table) against the profile: every name must be
 * one the profile allows, each at most once. Returns 0, or -1 with e naming the
 * first refused entry and the reason it is unsafe or outside the profile (the
 * option parser puts the option's name in front).
 */
int server_tls_profile_check_list(const char *opt, const char *list, struct err *e);

/*
 * Parses a version for --tls-min/--tls-max ("1.2" or "1.3") into *out.
 * Returns 0, or -1 with e set (older versions are refused with the reason).
 * The fix names opt.
 */
int server_tls_profile_parse_version(const char *opt, const char *arg, int *out, struct err *e);

/*
 * Checks the combination: min <= max, and a suite list for every version the
 * range enables. Returns 0 or -1 with e set.
 */
int server_tls_profile_check(const struct server_tls_choice *c, struct err *e);

/*
 * Applies c (defaults where NULL or 0) to the SSL_CTX ctx (void *: this
 * header stays free of OpenSSL). Returns 0 or -1 with e set.
 */
int server_tls_profile_apply(void *ctx, const struct server_tls_choice *c, struct err *e);

/* Called from the ClientHello callback: records what the client offered (per thread). */
void server_tls_profile_hello(void *ssl);

/* Why each negotiated parameter is what it is, for /whoami. */
struct server_tls_why {
	/* Groups and suites by name (server/tls_names.h), GREASE included. */
	char offered_versions[64];  /* "TLS 1.3, TLS 1.2" */
	char offered_ciphers[2048]; /* the client's suites, in its order */
	char offered_groups[1024];  /* supported_groups, in its order */
	char offered_shares[512];   /* TLS 1.3 key shares in the first ClientHello */
	char server_ciphers[1024];  /* the server's order for this version */
	char server_groups[512];    /* the server's order */
	char version[256], cipher[512], group[1024]; /* one sentence each */
};

/* The handshake failures that come from the choices above. */
enum server_tls_refusal {
	SERVER_TLS_REFUSED_VERSION, /* no TLS version in common */
	SERVER_TLS_REFUSED_SUITE,   /* no cipher suite in common */
	SERVER_TLS_REFUSED_GROUP,   /* no key-exchange group in common */
};

/*
 * Why this worker thread's last handshake was refused, for the log: into what
 * (wsize bytes) what the client offered (from its recorded ClientHello, when
 * there is one) and what this server accepts, naming the option that set it;
 * into fix (fsize bytes) what would make the two meet.
 */
void server_tls_profile_refusal(enum server_tls_refusal kind, char *what, size_t wsize, char *fix,
                                size_t fsize);

/* Fills w for the connection ssl (a server_tls_current() result); all "" when NULL. */
void server_tls_profile_explain(void *ssl, struct server_tls_why *w);

#endif
