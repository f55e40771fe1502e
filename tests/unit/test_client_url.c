/* Unit tests for the client's URL parser and redirect resolution. */
#include <string.h>

#include "url.h"
#include "unit.h"

struct url_case {
	const char *in;
	int ok;
	const char *host;
	unsigned port;
	const char *path;
	int ip;
};

static const struct url_case cases[] = {
        {"https://localhost:8080/", 1, "localhost", 8080, "/", 0},
        {"https://LocalHost", 1, "localhost", 443, "/", 0},
        {"HTTPS://example.com?q=1", 1, "example.com", 443, "/?q=1", 0},
        {"https://127.0.0.1:8443/a/b?c#frag", 1, "127.0.0.1", 8443, "/a/b?c", 4},
        {"https://[::1]:8443/x", 1, "::1", 8443, "/x", 6},
        {"https://a_b.localhost/", 1, "a_b.localhost", 443, "/", 0},
        {"http://localhost/", 0, NULL, 0, NULL, 0},
        {"ftp://localhost/", 0, NULL, 0, NULL, 0},
        {"localhost:8080", 0, NULL, 0, NULL, 0},
        {"https://", 0, NULL, 0, NULL, 0},
        {"https:///path", 0, NULL, 0, NULL, 0},
        {"https://user:pw@localhost/", 0, NULL, 0, NULL, 0},
        {"https://localhost:0/", 0, NULL, 0, NULL, 0},
        {"https://localhost:65536/", 0, NULL, 0, NULL, 0},
        {"https://localhost:8x/", 0, NULL, 0, NULL, 0},
        {"https://localhost:/", 0, NULL, 0, NULL, 0},
        {"https://local host/", 0, NULL, 0, NULL, 0},
        {"https://localhost/a b", 0, NULL, 0, NULL, 0},
        {"https://localhost/a\r\nX: y", 0, NULL, 0, NULL, 0},
        {"https://[::1/", 0, NULL, 0, NULL, 0},
        {"https://[zz]/", 0, NULL, 0, NULL, 0},
        {"https://[::1]x/", 0, NULL, 0, NULL, 0},
        {"https://a..b/", 0, NULL, 0, NULL, 0},
        {"https://.a/", 0, NULL, 0, NULL, 0},
        {"https://%6cocalhost/", 0, NULL, 0, NULL, 0},
};

static void
test_parse(void)
{
	struct client_url u;
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = client_url_parse(cases[i].in, &u, &e);
		if ((rc == 0) != cases[i].ok)
			fprintf(stderr, "case '%s': rc %d\n", cases[i].in, rc);
		UNIT_CHECK_INT(rc == 0, cases[i].ok);
		if (rc != 0 || !cases[i].ok)
			continue;
		UNIT_CHECK_STR(u.host, cases[i].host);
		UNIT_CHECK_INT(u.port, cases[i].port);
		UNIT_CHECK_STR(u.path, cases[i].path);
		UNIT_CHECK_INT(u.ip, cases[i].ip);
	}
}

static void
test_long(void)
{
	static char s[CLIENT_URL_PATH_MAX + 64];
	struct client_url u;
	struct err e;

	strcpy(s, "https://localhost/");
	memset(s + strlen(s), 'a', CLIENT_URL_PATH_MAX + 10);
	UNIT_CHECK_INT(client_url_parse(s, &u, &e), -1);
	strcpy(s, "https://");
	memset(s + 8, 'h', 300);
	s[308] = '\0';
	UNIT_CHECK_INT(client_url_parse(s, &u, &e), -1);
}

static void
test_resolve(void)
{
	struct client_url base, out;
	struct err e;
	char auth[300];

	UNIT_CHECK_INT(client_url_parse("https://localhost:8443/dir/page?x", &base, &e), 0);
	UNIT_CHECK_INT(client_url_resolve(&base, "/other", &out, &e), 0);
	UNIT_CHECK_STR(out.path, "/other");
	UNIT_CHECK(client_url_same_origin(&base, &out));
	UNIT_CHECK_INT(client_url_resolve(&base, "next", &out, &e), 0);
	UNIT_CHECK_STR(out.path, "/dir/next");
	UNIT_CHECK_INT(client_url_resolve(&base, "?y", &out, &e), 0);
	UNIT_CHECK_STR(out.path, "/dir/page?y");
	UNIT_CHECK_INT(client_url_resolve(&base, "https://localhost:8443/z", &out, &e), 0);
	UNIT_CHECK(client_url_same_origin(&base, &out));
	UNIT_CHECK_INT(client_url_resolve(&base, "https://localhost:9000/z", &out, &e), 0);
	UNIT_CHECK(!client_url_same_origin(&base, &out));
	UNIT_CHECK_INT(client_url_resolve(&base, "//example.com/", &out, &e), 0);
	UNIT_CHECK(!client_url_same_origin(&base, &out));
	UNIT_CHECK_INT(client_url_resolve(&base, "http://localhost:8443/", &out, &e), -1);
	UNIT_CHECK_STR(client_url_authority(&base, auth, sizeof(auth)), "localhost:8443");
	UNIT_CHECK_INT(client_url_parse("https://[::1]/", &base, &e), 0);
	UNIT_CHECK_STR(client_url_authority(&base, auth, sizeof(auth)), "[::1]:443");
}

int
main(void)
{
	test_parse();
	test_long();
	test_resolve();
	return unit_done();
}
