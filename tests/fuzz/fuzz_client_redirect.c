/*
 * libFuzzer harness for one -L step, the decision fetch_redirect delegates to
 * client_url_follow: resolve the Location (RFC 3986 5.2.2 and 5.2.4), refuse
 * an empty, doubled, too long or cross-origin one, count hops. Its ctest run
 * passes -max_len=16384 (tests/CMakeLists.txt), so Locations longer than
 * every limit (8192 bytes for a Location, 4096 for the path) are reached.
 *
 * Input: URL NUL LOCATION [NUL LOCATION]... (up to 3 Locations; hops is the
 * size modulo 7). A first part that is not a URL makes the whole input one
 * Location against RFC 3986's base, https://a/b/c/d;p?q.
 *
 * Checked on every input: a refusal has a message, a fix and code 21; a URL
 * to follow is same-origin, a path starting with '/', within the limit, with
 * no "." or ".." segment left, and resolving it again changes nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "url.h"

#define FUZZ_LOCS_MAX 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Does the path part of p (before '?') still hold a "." or ".." segment? */
static int
fuzz_has_dot_segment(const char *p)
{
	size_t end = strcspn(p, "?"), i = 0, n;

	while (i < end) {
		i++; /* the '/' */
		n = strcspn(p + i, "/?");
		if (i + n > end)
			n = end - i;
		if ((n == 1 && p[i] == '.') || (n == 2 && p[i] == '.' && p[i + 1] == '.'))
			return 1;
		i += n;
	}
	return 0;
}

static void
fuzz_check(const struct client_url *cur, const struct client_url *next, int rc, const struct err *e)
{
	struct client_url again;
	struct err e2;

	if (rc == -1) {
		if (e->msg[0] == '\0' || e->fix[0] == '\0' || e->code != DEMO_EXIT_REDIRECT)
			abort();
		if (memchr(next->path, '\0', sizeof(next->path)) == NULL ||
		    memchr(next->host, '\0', sizeof(next->host)) == NULL)
			abort();
		return;
	}
	if (rc != 0 || !client_url_same_origin(cur, next) || next->path[0] != '/' ||
	    strlen(next->path) > CLIENT_URL_PATH_MAX || fuzz_has_dot_segment(next->path))
		abort();
	/* Idempotent: the result, as an absolute path, resolves to itself ("//" would be a host). */
	if (next->path[1] != '/') {
		if (client_url_resolve(next, next->path, &again, &e2) != 0 ||
		    strcmp(again.path, next->path) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_url cur, next;
	struct err e;
	const char *locs[FUZZ_LOCS_MAX];
	char *s, *p, *end;
	int n = 0, rc;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	end = s + size;
	memset(&e, 0, sizeof(e));
	if (client_url_parse(s, &cur, &e) == 0 && strlen(s) < size) {
		for (p = s + strlen(s) + 1; n < FUZZ_LOCS_MAX; p += strlen(p) + 1) {
			locs[n++] = p;
			if (p + strlen(p) >= end)
				break;
		}
	} else {
		if (client_url_parse("https://a/b/c/d;p?q", &cur, &e) != 0)
			abort();
		locs[n++] = s; /* up to the first NUL */
	}
	memset(&e, 0, sizeof(e));
	memset(&next, 0xa5, sizeof(next));
	rc = client_url_follow(&cur, locs, n, (int)(size % (CLIENT_REDIRECTS_MAX + 2)), &next, &e);
	fuzz_check(&cur, &next, rc, &e);
	free(s);
	return 0;
}
