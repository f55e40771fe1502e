/* server_core: what the plain-HTTP listener accepts as an ACME token and as a Host. */
#include <string.h>

#include "acme_http.h"
#include "unit.h"

static const struct {
	const char *token;
	int want;
} token_cases[] = {
        {"k-SVkQob9-eKLEwGWPTUYB255OcyrXnHbJNCjyjnL-8", 1}, /* a real one, 43 characters */
        {"a", 1},
        {"A_z-09", 1},
        {"", 0},
        {".", 0},
        {"..", 0},
        {"../secret", 0},
        {"a/b", 0},
        {"a%2fb", 0},
        {"%2e%2e", 0},
        {"a.b", 0},
        {"a b", 0},
        {"a\\b", 0},
        {"a\rb", 0},
        {"a+b", 0}, /* base64, not base64url */
        {"a=", 0},  /* no padding in ACME tokens */
        {"\xc3\xa9", 0},
};

static const struct {
	const char *host;
	int want;
} host_cases[] = {
        {"localhost", 1},    {"localhost:5002", 1},  {"127.0.0.1", 1},
        {"127.0.0.1:80", 1}, {"www.example.org", 1}, {"", 0},
        {":80", 0},          {"localhost:", 0},      {"localhost:123456", 0},
        {"localhost:8a", 0}, {"local host", 0},      {"localhost\r\nSet-Cookie: x=1", 0},
        {"evil/path", 0},    {"user@localhost", 0},  {"[::1]:80", 0}, /* no IPv6 in this build */
        {".localhost", 0},   {"-localhost", 0},      {"a_b", 0},
};

int
main(void)
{
	char longest[SERVER_ACME_TOKEN_MAX + 2], longhost[300];
	size_t i;

	for (i = 0; i < sizeof(token_cases) / sizeof(token_cases[0]); i++) {
		int got = server_acme_token_valid(token_cases[i].token);

		if (got != token_cases[i].want)
			fprintf(stderr, "token case %zu: '%s'\n", i, token_cases[i].token);
		UNIT_CHECK_INT(got, token_cases[i].want);
	}
	memset(longest, 'a', sizeof(longest));
	longest[SERVER_ACME_TOKEN_MAX] = '\0';
	UNIT_CHECK_INT(server_acme_token_valid(longest), 1);
	longest[SERVER_ACME_TOKEN_MAX] = 'a';
	longest[SERVER_ACME_TOKEN_MAX + 1] = '\0';
	UNIT_CHECK_INT(server_acme_token_valid(longest), 0);

	for (i = 0; i < sizeof(host_cases) / sizeof(host_cases[0]); i++) {
		int got = server_acme_host_valid(host_cases[i].host);

		if (got != host_cases[i].want)
			fprintf(stderr, "host case %zu: '%s'\n", i, host_cases[i].host);
		UNIT_CHECK_INT(got, host_cases[i].want);
	}
	memset(longhost, 'a', sizeof(longhost));
	longhost[sizeof(longhost) - 1] = '\0';
	UNIT_CHECK_INT(server_acme_host_valid(longhost), 0);
	return unit_done();
}
