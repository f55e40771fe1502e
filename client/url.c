#include "url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int
client_url_parse(const char *s, struct client_url *u, struct err *e)
{
	const char *auth, *end, *colon;

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
	if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
		return err_set(e, "bad URL: user information (user@host) is not supported");
	colon = NULL;
	if (auth[0] == '[') {
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
	return url_parse_path(end, u, e);
}

int
client_url_resolve(const struct client_url *base, const char *loc, struct client_url *out,
                   struct err *e)
{
	char abs[CLIENT_URL_HOST_MAX + CLIENT_URL_PATH_MAX + 32], auth[CLIENT_URL_HOST_MAX + 16];
	const char *slash;
	size_t dirlen;
	int n;

	client_url_authority(base, auth, sizeof(auth));
	if (strncasecmp(loc, "https://", 8) == 0 || strncasecmp(loc, "http://", 7) == 0)
		n = snprintf(abs, sizeof(abs), "%s", loc);
	else if (loc[0] == '/' && loc[1] == '/')
		n = snprintf(abs, sizeof(abs), "https:%s", loc);
	else if (loc[0] == '/')
		n = snprintf(abs, sizeof(abs), "https://%s%s", auth, loc);
	else if (loc[0] == '?')
		n = snprintf(abs, sizeof(abs), "https://%s%.*s%s", auth,
		             (int)strcspn(base->path, "?"), base->path, loc);
	else {
		/* Relative path: replace the last segment of the base path. */
		slash = strrchr(base->path, '/');
		dirlen = slash ? (size_t)(slash - base->path) + 1 : 0;
		n = snprintf(abs, sizeof(abs), "https://%s%.*s%s", auth, (int)dirlen, base->path,
		             loc);
	}
	if (n < 0 || (size_t)n >= sizeof(abs))
		return err_set(e, "redirect location too long");
	return client_url_parse(abs, out, e);
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
