/*
 * https URLs: parsing (RFC 3986 subset: https scheme, host, port, path and
 * query) and resolving a redirect's Location against the current URL.
 */
#ifndef CLIENT_URL_H
#define CLIENT_URL_H

#include "err.h"

#define CLIENT_URL_HOST_MAX 254 /* a DNS name is at most 253 characters */
#define CLIENT_URL_PATH_MAX 4096

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
 * Resolves location (absolute URL, "//host/..." or a path) against base into
 * out (RFC 3986 section 5.2, without dot-segment removal). Returns 0 or -1.
 */
int client_url_resolve(const struct client_url *base, const char *location, struct client_url *out,
                       struct err *e);

/* Returns 1 when a and b have the same scheme, host and port (RFC 6454). */
int client_url_same_origin(const struct client_url *a, const struct client_url *b);

/* Writes "host:port" (IPv6 in brackets) to buf; returns buf. */
const char *client_url_authority(const struct client_url *u, char *buf, size_t size);

#endif
