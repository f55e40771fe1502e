#include "url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"

/* RFC 3986 section 3.2.2 reg-name characters we accept (no percent-encoding in hosts). */
static int
url_host_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_';
}

/* Characters allowed in a path or query as sent: visible ASCII without '#'. */
static int
url_path_char(int c)
{
	return c > 0x20 && c < 0x7f && c != '#';
}

static int
url_parse_host(const char *s, size_t len, struct client_url *u, struct err *e)
{
	unsigned char addr[16];
	size_t i;

	if (len == 0)
		return err_set(e, "bad URL: no host");
	if (s[0] == '[') {
		if (len < 3 || s[len - 1] != ']' || len - 2 > CLIENT_URL_HOST_MAX)
			return err_set(e, "bad URL: malformed IPv6 address");
		memcpy(u->host, s + 1, len - 2);
		u->host[len - 2] = '\0';
		if (inet_pton(AF_INET6, u->host, addr) != 1)
			return err_set(e, "bad URL: '%s' is not an IPv6 address", u->host);
		u->ip = 6;
		return 0;
	}
	if (len > CLIENT_URL_HOST_MAX - 1)
		return err_set(e, "bad URL: host name longer than 253 characters");
	for (i = 0; i < len; i++) {
		if (!url_host_char((unsigned char)s[i]))
			return err_set(e, "bad URL: character 0x%02x not allowed in a host name",
			               (unsigned char)s[i]);
		u->host[i] = (char)tolower((unsigned char)s[i]);
	}
	u->host[len] = '\0';
	if (u->host[0] == '.' || strstr(u->host, "..") != NULL)
		return err_set(e, "bad URL: empty label in host name '%s'", u->host);
	u->ip = inet_pton(AF_INET, u->host, addr) == 1 ? 4 : 0;
	return 0;
}

static int
url_parse_port(const char *s, size_t len, struct client_url *u, struct err *e)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return err_set(e, "bad URL: port must be 1 to 65535");
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return err_set(e, "bad URL: port '%.*s' is not a number", (int)len, s);
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return err_set(e, "bad URL: port must be 1 to 65535");
	u->port = (unsigned)v;
	return 0;
}

static int
url_parse_path(const char *s, struct client_url *u, struct err *e)
{
	size_t len = strcspn(s, "#"), i;

	if (len == 0 || s[0] == '?') {
		/* RFC 9112 section 3.2.1: an empty path is sent as "/". */
		if (len + 1 > CLIENT_URL_PATH_MAX)
			return err_set(e, "bad URL: path longer than %d bytes",
			               CLIENT_URL_PATH_MAX);
		u->path[0] = '/';
		memcpy(u->path + 1, s, len);
		u->path[len + 1] = '\0';
	} else {
		if (len > CLIENT_URL_PATH_MAX)
			return err_set(e, "bad URL: path longer than %d bytes",
			               CLIENT_URL_PATH_MAX);
		memcpy(u->path, s, len);
		u->path[len] = '\0';
	}
	for (i = 0; u->path[i] != '\0'; i++)
		if (!url_path_char((unsigned char)u->path[i]))
			return err_set(e,
			               "bad URL: character 0x%02x not allowed in the path "
			               "(percent-encode it)",
			               (unsigned char)u->path[i]);
	return 0;
}

/* host[:port] or [v6][:port] in auth..end into u (port 443 when absent). */
static int
url_parse_authority(const char *auth, const char *end, struct client_url *u, struct err *e)
{
	const char *colon;

	if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
		return err_set(e, "bad URL: user information (user@host) is not supported");
	colon = NULL;
	if (auth < end && auth[0] == '[') {
		const char *rb = memchr(auth, ']', (size_t)(end - auth));
		if (rb == NULL)
			return err_set(e, "bad URL: missing ']' after IPv6 address");
		if (rb + 1 < end && rb[1] != ':')
			return err_set(e, "bad URL: junk after ']'");
		colon = rb + 1 < end ? rb + 1 : NULL;
	} else {
		colon = memchr(auth, ':', (size_t)(end - auth));
	}
	if (url_parse_host(auth, (size_t)((colon ? colon : end) - auth), u, e) == -1)
		return -1;
	u->port = 443;
	if (colon != NULL && url_parse_port(colon + 1, (size_t)(end - colon - 1), u, e) == -1)
		return -1;
	return 0;
}

int
client_url_parse(const char *s, struct client_url *u, struct err *e)
{
	const char *auth, *end;

	memset(u, 0, sizeof(*u));
	if (strncasecmp(s, "https://", 8) != 0) {
		if (strncasecmp(s, "http://", 7) == 0) {
			err_set(e, "bad URL: plain http:// is not supported");
			return err_fix(e, "use https://%s", s + 7);
		}
		err_set(e, "bad URL: '%.64s' does not start with https://", s);
		return err_fix(e, "write the URL as https://HOST[:PORT]/PATH");
	}
	auth = s + 8;
	end = auth + strcspn(auth, "/?#");
	if (url_parse_authority(auth, end, u, e) == -1)
		return -1;
	return url_parse_path(end, u, e);
}

/*
 * RFC 3986 section 5.2.4 (remove_dot_segments) on p[0..len), a path that
 * starts with '/', in place: "." segments go, ".." removes the segment before
 * it (never above the root), and a final "." or ".." leaves a trailing '/'.
 * The output is never longer than the input. Returns the new length.
 */
static size_t
url_remove_dot_segments(char *p, size_t len)
{
	size_t r = 0, w = 0, end, n;

	while (r < len) { /* p[r] is the '/' before a segment */
		for (end = r + 1; end < len && p[end] != '/'; end++)
			;
		n = end - r - 1;
		if (n == 1 && p[r + 1] == '.') {
			if (end == len)
				p[w++] = '/';
		} else if (n == 2 && p[r + 1] == '.' && p[r + 2] == '.') {
			while (w > 0 && p[--w] != '/')
				;
			if (end == len)
				p[w++] = '/';
		} else {
			memmove(p + w, p + r, end - r);
			w += end - r;
		}
		r = end;
	}
	return w;
}

/* Does ref start with a scheme (RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":")? */
static int
url_has_scheme(const char *ref)
{
	size_t i;

	if (!isalpha((unsigned char)ref[0]))
		return 0;
	for (i = 1;
	     isalnum((unsigned char)ref[i]) || ref[i] == '+' || ref[i] == '-' || ref[i] == '.'; i++)
		;
	return ref[i] == ':';
}

int
client_url_resolve(const struct client_url *base, const char *loc, struct client_url *out,
                   struct err *e)
{
	/* The merged path before dot removal: the base's directory and the reference. */
	char buf[CLIENT_URL_PATH_MAX + CLIENT_URL_LOCATION_MAX + 2];
	const char *rest, *auth, *slash, *query;
	size_t loclen = strlen(loc), reflen, pathlen, qlen, dirlen, len;

	memset(out, 0, sizeof(*out)); /* written on every path, failures too */
	if (loclen == 0)
		return err_set(e, "empty Location (it names no target)");
	if (loclen > CLIENT_URL_LOCATION_MAX)
		return err_set(e, "Location of %zu bytes, longer than the limit of %d", loclen,
		               CLIENT_URL_LOCATION_MAX);
	/* RFC 3986 section 5.2.2: the target's authority, and what is left of the reference. */
	if (url_has_scheme(loc) || (loc[0] == '/' && loc[1] == '/')) {
		if (loc[0] != '/' && strncasecmp(loc, "https://", 8) != 0)
			return client_url_parse(loc, out, e); /* says why (http://, ftp:, ...) */
		auth = loc[0] == '/' ? loc + 2 : loc + 8;
		rest = auth + strcspn(auth, "/?#");
		if (url_parse_authority(auth, rest, out, e) == -1)
			return -1;
	} else {
		memcpy(out->host, base->host, sizeof(out->host));
		out->port = base->port;
		out->ip = base->ip;
		rest = loc;
	}
	reflen = strcspn(rest, "#"); /* the fragment is never sent */
	pathlen = strcspn(rest, "?#");
	query = rest + pathlen;
	qlen = reflen - pathlen;
	dirlen = 0;
	if (rest != loc || pathlen == 0 || rest[0] == '/') {
		/* An absolute path, or a relative reference with an empty path. */
		if (rest == loc && pathlen == 0) {
			pathlen = strcspn(base->path, "?");
			memcpy(buf, base->path, pathlen);
			if (qlen == 0) { /* "#frag" alone: the base's query too */
				query = base->path + pathlen;
				qlen = strlen(query);
			}
		} else {
			memcpy(buf, rest, pathlen);
		}
	} else {
		/* RFC 3986 section 5.2.3: the base path up to its last '/', then the reference. */
		for (slash = NULL, len = 0; base->path[len] != '\0' && base->path[len] != '?';
		     len++)
			if (base->path[len] == '/')
				slash = base->path + len;
		dirlen = slash ? (size_t)(slash - base->path) + 1 : 0;
		memcpy(buf, base->path, dirlen);
		memcpy(buf + dirlen, rest, pathlen);
	}
	len = dirlen + pathlen;
	if (len == 0 || buf[0] != '/') { /* an empty path is sent as "/" (RFC 9112 section 3.2.1) */
		memmove(buf + 1, buf, len);
		buf[0] = '/';
		len++;
	}
	len = url_remove_dot_segments(buf, len);
	if (len + qlen > CLIENT_URL_PATH_MAX)
		return err_set(e,
		               "Location of %zu bytes resolves to a path and query of %zu bytes, "
		               "longer than the limit of %d",
		               loclen, len + qlen, CLIENT_URL_PATH_MAX);
	memcpy(buf + len, query, qlen);
	buf[len + qlen] = '\0';
	return url_parse_path(buf, out, e);
}

int
client_url_follow(const struct client_url *cur, const char *const *locs, int nlocs, int hops,
                  struct client_url *next, struct err *e)
{
	memset(next, 0, sizeof(*next));
	if (nlocs != 1) {
		if (nlocs < 1)
			err_set(e, "redirect refused: no Location field");
		else
			/* RFC 9110 section 10.2.2: Location is a single URI reference. */
			err_set(e,
			        "redirect refused: the response has %d Location fields ('%.100s', "
			        "'%.100s'); a redirect names one target",
			        nlocs, locs[0], locs[1]);
		err_fix(e, "run with -v to see the response head, and fetch the URL you trust "
		           "yourself");
		return err_code(e, DEMO_EXIT_REDIRECT);
	}
	if (client_url_resolve(cur, locs[0], next, e) == -1) {
		err_prefix(e, "redirect refused");
		err_fix(e, "the server's Location is not one -L can follow: run with -v to see it, "
		           "and fetch the URL you trust yourself");
		return err_code(e, DEMO_EXIT_REDIRECT);
	}
	if (!client_url_same_origin(cur, next)) {
		err_set(e,
		        "redirect refused: %.200s%s is another origin (-L follows the same host "
		        "and port only)",
		        locs[0], strlen(locs[0]) > 200 ? "..." : "");
		err_fix(e, "fetch that URL yourself if you trust it");
		return err_code(e, DEMO_EXIT_REDIRECT);
	}
	if (hops >= CLIENT_REDIRECTS_MAX) {
		err_set(e, "redirect refused: more than %d redirects", CLIENT_REDIRECTS_MAX);
		err_fix(e, "the server redirects in a loop; fetch the last URL with -v to see why");
		return err_code(e, DEMO_EXIT_REDIRECT);
	}
	return 0;
}

int
client_url_same_origin(const struct client_url *a, const struct client_url *b)
{
	return a->port == b->port && strcmp(a->host, b->host) == 0;
}

const char *
client_url_authority(const struct client_url *u, char *buf, size_t size)
{
	snprintf(buf, size, u->ip == 6 ? "[%s]:%u" : "%s:%u", u->host, u->port);
	return buf;
}
