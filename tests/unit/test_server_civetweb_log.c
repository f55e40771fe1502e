/* Unit tests for server/civetweb_log.c: civetweb's raw lines get a sentence and a fix first. */
#include <string.h>

#include "civetweb_log.h"
#include "unit.h"

static void
test_explain(void)
{
	static const struct {
		const char *raw, *want_start, *want_fix;
	} cases[] = {
	        {"sslize error: error:0A0000C7:SSL routines::peer did not return a certificate",
	         "a client connected without a client certificate", "fix: give the client"},
	        {"sslize error: error:0A000086:SSL routines::certificate verify failed",
	         "a client's certificate was refused", "fix: issue the client"},
	        {"sslize error: error:0A00009C:SSL routines::http request",
	         "a client spoke plain HTTP to the HTTPS port", "fix: use https://"},
	        {"sslize error: error:0A000102:SSL routines::unsupported protocol",
	         "a client offered only TLS versions this server refuses", "fix: "},
	        {"sslize error: error:0A0000C1:SSL routines::no shared cipher",
	         "a client offered no cipher suite", "fix: "},
	        /* Unknown codes and other lines: still a sentence first, no invented fix. */
	        {"sslize error: error:0A0000FF:SSL routines::something new",
	         "a TLS handshake with a client failed (civetweb: sslize error", NULL},
	        {"cannot open file", "the web server library reported a problem (civetweb: cannot",
	         NULL},
	        {"sslize error: error:zz", "a TLS handshake with a client failed", NULL},
	};
	char buf[1024];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = server_civetweb_explain(cases[i].raw, buf, sizeof(buf));

		if (strncmp(got, cases[i].want_start, strlen(cases[i].want_start)) != 0)
			fprintf(stderr, "case %zu: got '%s'\n", i, got);
		UNIT_CHECK(strncmp(got, cases[i].want_start, strlen(cases[i].want_start)) == 0);
		UNIT_CHECK(strstr(got, cases[i].raw) != NULL); /* the raw text is kept, after */
		if (cases[i].want_fix != NULL)
			UNIT_CHECK(strstr(got, cases[i].want_fix) != NULL);
		else
			UNIT_CHECK(strstr(got, "fix:") == NULL);
	}
}

int
main(void)
{
	test_explain();
	return unit_done();
}
