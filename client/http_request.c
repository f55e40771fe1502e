/* Building the HTTP/1.1 request (RFC 9112 section 3). */
#include "http_request.h"

#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "http_int.h"

static int
http_header_valid(const char *h, struct err *e)
{
	const char *p;

	for (p = h; *p != '\0' && *p != ':'; p++)
		if (!http_tchar((unsigned char)*p))
			break;
	if (*p != ':' || p == h) {
		err_set(e, "-H '%.60s': not a 'Name: value' header", h);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	for (; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || (!http_vchar((unsigned char)*p))) {
			err_set(e, "-H '%.60s': control characters are not allowed", h);
			return err_code(e, DEMO_EXIT_USAGE);
		}
	if (strncasecmp(h, "Content-Length:", 15) == 0 ||
	    strncasecmp(h, "Transfer-Encoding:", 18) == 0) {
		err_set(e, "-H '%.60s': the body length is set from -d", h);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return 0;
}

/* Returns 1 when one of the user's headers replaces (or, with no value, removes) name. */
static int
http_overridden(const char *name, const char *const *extra, int nextra)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < nextra; i++)
		if (strncasecmp(extra[i], name, len) == 0 && extra[i][len] == ':')
			return 1;
	return 0;
}

/* Appends to buf; returns -1 when it does not fit. */
static int
http_append(char *buf, size_t size, size_t *len, const char *fmt, const char *a, const char *b)
{
	int n = snprintf(buf + *len, size - *len, fmt, a, b);

	if (n < 0 || (size_t)n >= size - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

int
client_http_format_request(char *buf, size_t size, const char *method, const char *path,
                           const char *host, const char *const *extra, int nextra,
                           long long body_len, struct err *e)
{
	static const char *const defaults[][2] = {
	        {"Host", NULL}, {"User-Agent", CLIENT_USER_AGENT}, {"Accept", "*/*"}};
	char cl[32];
	size_t len = 0;
	const char *p, *v;
	int i, bad = 0;

	for (p = method; *p != '\0'; p++)
		if (!http_tchar((unsigned char)*p))
			bad = 1;
	if (bad || *method == '\0') {
		err_set(e, "-X '%.40s': not a valid method name", method);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	for (i = 0; i < nextra; i++)
		if (http_header_valid(extra[i], e) == -1)
			return -1;
	bad |= http_append(buf, size, &len, "%s %s HTTP/1.1\r\n", method, path);
	for (i = 0; i < 3; i++) {
		if (http_overridden(defaults[i][0], extra, nextra))
			continue;
		v = defaults[i][1] ? defaults[i][1] : host;
		bad |= http_append(buf, size, &len, "%s: %s\r\n", defaults[i][0], v);
	}
	for (i = 0; i < nextra; i++) {
		p = strchr(extra[i], ':') + 1;
		p += strspn(p, " \t");
		if (*p != '\0') /* "Name:" alone removes a default header, as in curl */
			bad |= http_append(buf, size, &len, "%s%s\r\n", extra[i], "");
	}
	if (body_len >= 0) {
		snprintf(cl, sizeof(cl), "%lld", body_len);
		bad |= http_append(buf, size, &len, "Content-Length: %s%s\r\n", cl, "");
	}
	bad |= http_append(buf, size, &len, "Connection: close\r\n\r\n%s%s", "", "");
	if (bad) {
		err_set(e, "request head longer than %zu bytes", size);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return (int)len;
}
