/*
 * Unit tests for redirect resolution (client_url_resolve) and the -L step
 * (client_url_follow): the examples of RFC 3986 sections 5.4.1 and 5.4.2
 * that apply to https, limits with their lengths in the message, an empty
 * Location, two Locations, and an output that is written even on failure.
 */
#include <string.h>

#include "client.h"
#include "url.h"
#include "unit.h"

/* RFC 3986 section 5.4's base, as https: "http://a/b/c/d;p?q". */
#define BASE "https://a/b/c/d;p?q"

struct resolve_case {
	const char *ref;
	const char *host; /* NULL: refused */
	const char *path; /* path and query as sent */
};

static const struct resolve_case rfc_cases[] = {
        /* 5.4.1 normal examples ("g:h" is another scheme; "" is refused below). */
        {"g:h", NULL, NULL},
        {"g", "a", "/b/c/g"},
        {"./g", "a", "/b/c/g"},
        {"g/", "a", "/b/c/g/"},
        {"/g", "a", "/g"},
        {"//g", "g", "/"},
        {"?y", "a", "/b/c/d;p?y"},
        {"g?y", "a", "/b/c/g?y"},
        {"#s", "a", "/b/c/d;p?q"},
        {"g#s", "a", "/b/c/g"},
        {"g?y#s", "a", "/b/c/g?y"},
        {";x", "a", "/b/c/;x"},
        {"g;x", "a", "/b/c/g;x"},
        {"g;x?y#s", "a", "/b/c/g;x?y"},
        {".", "a", "/b/c/"},
        {"./", "a", "/b/c/"},
        {"..", "a", "/b/"},
        {"../", "a", "/b/"},
        {"../g", "a", "/b/g"},
        {"../..", "a", "/"},
        {"../../", "a", "/"},
        {"../../g", "a", "/g"},
        /* 5.4.2 abnormal examples. */
        {"../../../g", "a", "/g"},
        {"../../../../g", "a", "/g"},
        {"/./g", "a", "/g"},
        {"/../g", "a", "/g"},
        {"g.", "a", "/b/c/g."},
        {".g", "a", "/b/c/.g"},
        {"g..", "a", "/b/c/g.."},
        {"..g", "a", "/b/c/..g"},
        {"./../g", "a", "/b/g"},
        {"./g/.", "a", "/b/c/g/"},
        {"g/./h", "a", "/b/c/g/h"},
        {"g/../h", "a", "/b/c/h"},
        {"g;x=1/./y", "a", "/b/c/g;x=1/y"},
        {"g;x=1/../y", "a", "/b/c/y"},
        {"g?y/./x", "a", "/b/c/g?y/./x"},
        {"g?y/../x", "a", "/b/c/g?y/../x"},
        {"g#s/./x", "a", "/b/c/g"},
        {"g#s/../x", "a", "/b/c/g"},
        {"http:g", NULL, NULL}, /* plain http is refused, strict or not */
        /* Absolute references get their dot segments removed too (5.2.2). */
        {"https://a/x/../y/./z", "a", "/y/z"},
        {"HTTPS://A:8443/./p/..", "a", "/"},
        {"//g/a/b/../../../c?d/../e", "g", "/c?d/../e"},
        {"//g?q", "g", "/?q"},
        {"/a//../b", "a", "/a/b"},
        {"a/../../b/./c", "a", "/b/b/c"},
        /* What the parser refuses stays refused. */
        {"http://a/", NULL, NULL},
        {"ftp://a/", NULL, NULL},
        {"//user@g/", NULL, NULL},
        {"//g:0/", NULL, NULL},
        {"//[::1/", NULL, NULL},
        {"/a b", NULL, NULL},
        {"//", NULL, NULL},
};

static void
test_rfc3986(void)
{
	struct client_url base, out;
	struct err e;
	size_t i;
	int rc;

	UNIT_CHECK_INT(client_url_parse(BASE, &base, &e), 0);
	for (i = 0; i < sizeof(rfc_cases) / sizeof(rfc_cases[0]); i++) {
		const struct resolve_case *c = &rfc_cases[i];

		err_clear(&e);
		rc = client_url_resolve(&base, c->ref, &out, &e);
		if ((rc == 0) != (c->host != NULL))
			fprintf(stderr, "case '%s': rc %d (%s)\n", c->ref, rc, e.msg);
		UNIT_CHECK_INT(rc == 0, c->host != NULL);
		if (c->host == NULL) {
			UNIT_CHECK(e.msg[0] != '\0');
			continue;
		}
		if (rc != 0)
			continue;
		if (strcmp(out.path, c->path) != 0)
			fprintf(stderr, "case '%s'\n", c->ref);
		UNIT_CHECK_STR(out.host, c->host);
		UNIT_CHECK_STR(out.path, c->path);
	}
}

/* The output is written on failure: every byte of out is set (zero but for what was parsed). */
static void
test_empty(void)
{
	struct client_url base, out;
	struct err e;

	UNIT_CHECK_INT(client_url_parse(BASE, &base, &e), 0);
	memset(&out, 0x55, sizeof(out));
	err_clear(&e);
	UNIT_CHECK_INT(client_url_resolve(&base, "", &out, &e), -1);
	UNIT_CHECK(strstr(e.msg, "empty Location") != NULL);
	UNIT_CHECK_STR(out.host, "");
	UNIT_CHECK_STR(out.path, "");
	UNIT_CHECK_INT(out.port, 0);
	UNIT_CHECK(!client_url_same_origin(&base, &out));
}

static void
test_long(void)
{
	static char loc[CLIENT_URL_LOCATION_MAX + 64];
	struct client_url base, out;
	struct err e;
	size_t n;

	UNIT_CHECK_INT(client_url_parse(BASE, &base, &e), 0);

	/* Longer than a Location may be: refused before anything is merged. */
	memset(loc, 'a', CLIENT_URL_LOCATION_MAX + 1);
	loc[CLIENT_URL_LOCATION_MAX + 1] = '\0';
	memset(&out, 0x55, sizeof(out));
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), -1);
	UNIT_CHECK(strstr(e.msg, "Location of 8193 bytes") != NULL);
	UNIT_CHECK(strstr(e.msg, "limit of 8192") != NULL);
	UNIT_CHECK_STR(out.host, "");

	/* The case: 4,400 bytes, which the old 4,382-byte buffer cut. */
	loc[0] = '/';
	memset(loc + 1, 'a', 4399);
	loc[4400] = '\0';
	memset(&out, 0x55, sizeof(out));
	err_clear(&e);
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), -1);
	UNIT_CHECK(strstr(e.msg, "Location of 4400 bytes resolves to a path and query of 4400 "
	                         "bytes, longer than the limit of 4096") != NULL);
	UNIT_CHECK_STR(out.path, "");
	UNIT_CHECK_STR(out.host, "a"); /* what was resolved before the failure, and no more */

	/* Exactly the limit is accepted; one byte more is not. */
	loc[4096] = '\0';
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), 0);
	UNIT_CHECK_INT(strlen(out.path), CLIENT_URL_PATH_MAX);
	loc[4096] = 'a';
	loc[4097] = '\0';
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), -1);

	/* A relative reference merged onto a long base path counts the base too. */
	UNIT_CHECK_INT(client_url_resolve(&base, loc + 4000, &out, &e), 0); /* 97 bytes */
	UNIT_CHECK_INT(client_url_parse("https://a/", &base, &e), 0);
	memset(base.path + 1, 'd', 4000);
	strcpy(base.path + 4001, "/x");
	UNIT_CHECK_INT(client_url_resolve(&base, loc + 4000, &out, &e), -1);
	UNIT_CHECK(strstr(e.msg, "Location of 97 bytes resolves to a path and query of 4099") !=
	           NULL);

	/* The limit applies after dot removal (RFC 3986 5.2.4 first). */
	UNIT_CHECK_INT(client_url_parse(BASE, &base, &e), 0);
	strcpy(loc, "/");
	for (n = 0; n < 1500; n++)
		strcat(loc, "x/../");
	strcat(loc, "g");
	UNIT_CHECK(strlen(loc) > CLIENT_URL_PATH_MAX);
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), 0);
	UNIT_CHECK_STR(out.path, "/g");
	/* A long absolute URL: the same limit and message. */
	strcpy(loc, "https://a/");
	memset(loc + 10, 'b', 4200);
	loc[4210] = '\0';
	err_clear(&e);
	UNIT_CHECK_INT(client_url_resolve(&base, loc, &out, &e), -1);
	UNIT_CHECK(strstr(e.msg, "Location of 4210 bytes resolves to a path and query of 4201") !=
	           NULL);
}

static void
test_follow(void)
{
	struct client_url cur, next;
	struct err e;
	const char *two[] = {"/first", "/second"}, *one[1];

	UNIT_CHECK_INT(client_url_parse("https://localhost:8443/d/p", &cur, &e), 0);

	/* Negative cases first: each refused with code 21, a message and a fix. */
	memset(&next, 0x55, sizeof(next));
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, two, 2, 0, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);
	UNIT_CHECK(strstr(e.msg, "2 Location fields ('/first', '/second')") != NULL);
	UNIT_CHECK(e.fix[0] != '\0');
	UNIT_CHECK_STR(next.path, "");

	one[0] = "";
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 1, 0, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);
	UNIT_CHECK_STR(e.msg, "redirect refused: empty Location (it names no target)");
	UNIT_CHECK(e.fix[0] != '\0');

	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 0, 0, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);

	one[0] = "https://localhost:9000/";
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 1, 0, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);
	UNIT_CHECK(strstr(e.msg, "is another origin") != NULL);

	one[0] = "http://localhost:8443/";
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 1, 0, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);
	UNIT_CHECK(strstr(e.msg, "redirect refused: bad URL: plain http://") != NULL);

	one[0] = "x";
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 1, CLIENT_REDIRECTS_MAX, &next, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_REDIRECT);
	UNIT_CHECK(strstr(e.msg, "more than 5 redirects") != NULL);

	/* Followed: same origin, dot segments removed. */
	one[0] = "a/../../b/./c";
	err_clear(&e);
	UNIT_CHECK_INT(client_url_follow(&cur, one, 1, CLIENT_REDIRECTS_MAX - 1, &next, &e), 0);
	UNIT_CHECK_STR(next.path, "/b/c");
	UNIT_CHECK_STR(next.host, "localhost");
	UNIT_CHECK_INT(next.port, 8443);
	UNIT_CHECK_STR(e.msg, "");
}

int
main(void)
{
	test_rfc3986();
	test_empty();
	test_long();
	test_follow();
	return unit_done();
}
