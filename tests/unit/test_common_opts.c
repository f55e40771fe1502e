/* Unit tests for common/opts.c: the option table parser. */
#include <stdlib.h>

#include "opts.h"
#include "unit.h"

struct cfg {
	int verbose, help;
	long port;
	const char *cert;
	int headers;
};

static int
count_header(const char *arg, void *ctx, struct err *e)
{
	if (arg[0] == '\0')
		return err_set(e, "empty header");
	(*(int *)ctx)++;
	return 0;
}

static struct cfg cfg;
static const struct opt table[] = {
        {"verbose", 'v', NULL, "more output", OPT_COUNT, &cfg.verbose, 0, 0, NULL},
        {"help", 'h', NULL, "this help", OPT_FLAG, &cfg.help, 0, 0, NULL},
        {"port", 'p', "N", "port", OPT_INT, &cfg.port, 1, 65535, NULL},
        {"cert", 0, "FILE", "certificate", OPT_STRING, &cfg.cert, 0, 0, NULL},
        {"header", 'H', "LINE", "header", OPT_FUNC, &cfg.headers, 0, 0, count_header},
        {NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL},
};

struct parse_case {
	const char *argv[8];
	int want_index; /* -1: must fail */
	int want_verbose;
	long want_port;
	const char *want_cert;
	int want_headers;
	const char *want_operand;
};

static const struct parse_case cases[] = {
        {{"x", NULL}, 1, 0, 0, NULL, 0, NULL},
        {{"x", "-v", "-v", "URL", NULL}, 3, 2, 0, NULL, 0, "URL"},
        {{"x", "--port", "443", NULL}, 3, 0, 443, NULL, 0, NULL},
        {{"x", "--port=8443", "u", NULL}, 2, 0, 8443, NULL, 0, "u"},
        {{"x", "-p8080", NULL}, 2, 0, 8080, NULL, 0, NULL},
        {{"x", "u", "--cert", "c.pem", NULL}, 3, 0, 0, "c.pem", 0, "u"},
        {{"x", "-H", "A: b", "--header=C: d", NULL}, 4, 0, 0, NULL, 2, NULL},
        {{"x", "--", "-v", NULL}, 2, 0, 0, NULL, 0, "-v"},
        {{"x", "-", NULL}, 1, 0, 0, NULL, 0, "-"},
        /* Bundled short options, as getopt and curl read them. */
        {{"x", "-vv", NULL}, 2, 2, 0, NULL, 0, NULL},
        {{"x", "-vvp8443", "u", NULL}, 2, 2, 8443, NULL, 0, "u"},
        {{"x", "-vp", "443", "u", NULL}, 3, 1, 443, NULL, 0, "u"},
        {{"x", "-vH", "A: b", NULL}, 3, 1, 0, NULL, 1, NULL},
        /* Negative cases. */
        {{"x", "--nope", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "-z", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--port", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--port", "0", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--port", "65536", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--port", "80x", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--port", "", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "--verbose=2", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "-vz", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "-vp", NULL}, -1, 0, 0, NULL, 0, NULL},
        {{"x", "-H", "", NULL}, -1, 0, 0, NULL, 0, NULL},
};

static void
test_parse(void)
{
	size_t i;
	int argc, idx;
	char *argv[8];
	struct err e;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];

		memset(&cfg, 0, sizeof(cfg));
		err_clear(&e);
		for (argc = 0; c->argv[argc] != NULL; argc++)
			argv[argc] = (char *)c->argv[argc];
		argv[argc] = NULL;
		idx = opts_parse(table, argc, argv, &e);
		UNIT_CHECK_INT(idx, c->want_index);
		if (c->want_index == -1) {
			UNIT_CHECK(e.msg[0] != '\0');
			continue;
		}
		UNIT_CHECK_INT(cfg.verbose, c->want_verbose);
		UNIT_CHECK_INT(cfg.port, c->want_port);
		UNIT_CHECK_INT(cfg.headers, c->want_headers);
		if (c->want_cert != NULL)
			UNIT_CHECK_STR(cfg.cert, c->want_cert);
		if (c->want_operand != NULL)
			UNIT_CHECK_STR(argv[idx], c->want_operand);
	}
}

static void
test_usage(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	opts_usage(f, table);
	fclose(f);
	UNIT_CHECK(strstr(buf, "-p, --port N") != NULL);
	UNIT_CHECK(strstr(buf, "    --cert FILE") != NULL);
	UNIT_CHECK(strstr(buf, "more output") != NULL);
	free(buf);
}

static void
test_suggest(void)
{
	static const struct {
		const char *arg, *want_fix; /* want_fix NULL: no suggestion */
	} suggest_cases[] = {
	        {"--prot", "did you mean --port?"},
	        {"--verbos", "did you mean --verbose?"},
	        {"--cret=x", "did you mean --cert?"},
	        {"--headr", "did you mean --header?"},
	        {"--verb", "did you mean --verbose?"},
	        {"--zzzzzzzz", NULL},
	        {"--x", NULL},
	};
	char *argv[3];
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(suggest_cases) / sizeof(suggest_cases[0]); i++) {
		err_clear(&e);
		argv[0] = (char *)"x";
		argv[1] = (char *)suggest_cases[i].arg;
		argv[2] = NULL;
		UNIT_CHECK_INT(opts_parse(table, 2, argv, &e), -1);
		UNIT_CHECK(strstr(e.msg, "unknown option") != NULL);
		if (suggest_cases[i].want_fix != NULL)
			UNIT_CHECK(strstr(e.fix, suggest_cases[i].want_fix) != NULL);
		else
			UNIT_CHECK(strstr(e.fix, "did you mean") == NULL);
	}
}

int
main(void)
{
	test_parse();
	test_suggest();
	test_usage();
	return unit_done();
}
