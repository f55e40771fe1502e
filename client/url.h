/*
 * https URLs: parsing (RFC 3986 subset: https scheme, host, port, path and
 * query) and resolving a redirect's Location against the current URL.
 */
#ifndef CLIENT_URL_H
#define CLIENT_URL_H

#include "err.h"

#define CLIENT_URL_HOST_MAX     254 /* a DNS name is at most 253 characters */
#define CLIENT_URL_PATH_MAX     4096
#define CLIENT_URL_LOCATION_MAX 8192 /* a Location value (the response parser's line limit) */

struct client_url {
	char host[CLIENT_URL_HOST_MAX + 1]; /* lower case; IPv6 without brackets */
	unsigned port;                      /* 443 when absent */
	char path[CLIENT_URL_PATH_MAX + 1]; /* path and query, starts with '/' */
	int ip;                             /* 4 or 6 when host is an address literal, else 0 */
};

/*
 * Parses s into u. Accepts only https:// URLs without user info; the
 * fragment is dropped. Refuses control characters, spaces and over-long
 * parts. Returns 0, or -1 with e set.
 */
int client_url_parse(const char *s, struct client_url *u, struct err *e);

/*
 * Resolves location (an absolute https URL, "//host/...", an absolute or
 * relative path, "?query") against base into out, as RFC 3986 section 5.2.2
 * does, with the dot segments of the merged path removed (section 5.2.4).
 * Refuses an empty location, one longer than CLIENT_URL_LOCATION_MAX, one
 * that resolves to a path and query over CLIENT_URL_PATH_MAX (each message
 * gives the lengths and the limit), and what client_url_parse refuses.
 * Returns 0, or -1 with e set. out is written either way (all zero but what
 * was parsed before the failure), so reading it is never undefined.
 */
int client_url_resolve(const struct client_url *base, const char *location, struct client_url *out,
                       struct err *e);

/*
 * One redirect step of -L, the whole decision once the response is a 3xx
 * with Location fields: locs holds the nlocs Location values (nlocs >= 1;
 * more than one is refused), hops the redirects followed so far. Resolves
 * the one Location against cur into next, and refuses another origin and a
 * hop beyond CLIENT_REDIRECTS_MAX. Returns 0 (follow next), or -1 with e set:
 * a "redirect refused: ..." message, a fix line and code DEMO_EXIT_REDIRECT.
 * next is written on every path (zeroed first); on -1 the caller must not
 * use it.
 */
int client_url_follow(const struct client_url *cur, const char *const *locs, int nlocs, int hops,
                      struct client_url *next, struct err *e);

/* Returns 1 when a and b have the same scheme, host and port (RFC 6454). */
int client_url_same_origin(const struct client_url *a, const struct client_url *b);

/* Writes "host:port" (IPv6 in brackets) to buf; returns buf. */
const char *client_url_authority(const struct client_url *u, char *buf, size_t size);

#endif
