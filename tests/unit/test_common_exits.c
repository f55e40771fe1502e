/* Unit tests for common/exits.c: one number per meaning, shared by the three programs. */
#include <stdlib.h>
#include <string.h>

#include "exits.h"
#include "fileio.h"
#include "unit.h"

/* Codes in order, each once, each used by some program, with a one-line meaning. */
static void
test_table_shape(void)
{
	const struct demo_exit_row *r;
	int last = -1;

	for (r = exits_table(); r->meaning != NULL; r++) {
		UNIT_CHECK(r->code > last && r->code < 126);
		UNIT_CHECK(r->progs != 0);
		UNIT_CHECK(r->meaning[0] != '\0' && strchr(r->meaning, '\n') == NULL);
		last = r->code;
	}
	UNIT_CHECK_INT(last, DEMO_EXIT_CRL_FOREIGN);
}

/* Success, a failure with no class and a usage error mean the same in all three. */
static void
test_common_rows(void)
{
	static const int everywhere[] = {
	        DEMO_EXIT_OK,   DEMO_EXIT_INTERNAL, DEMO_EXIT_USAGE, DEMO_EXIT_PASSPHRASE,
	        DEMO_EXIT_FILE, DEMO_EXIT_EXPIRED,  DEMO_EXIT_POLICY};
	const unsigned all = DEMO_PROG_CLIENT | DEMO_PROG_SERVER | DEMO_PROG_PKI;
	const struct demo_exit_row *r;
	size_t i;

	for (i = 0; i < sizeof(everywhere) / sizeof(everywhere[0]); i++) {
		for (r = exits_table(); r->meaning != NULL && r->code != everywhere[i]; r++)
			;
		UNIT_CHECK(r->meaning != NULL);
		UNIT_CHECK_INT((int)(r->progs & all), (int)all);
	}
	UNIT_CHECK(exits_meaning(DEMO_EXIT_LISTEN) != NULL);
	UNIT_CHECK(exits_meaning(6) != NULL);
	/* Unused numbers have no meaning. */
	UNIT_CHECK(exits_meaning(31) == NULL);
	UNIT_CHECK(exits_meaning(-1) == NULL);
}

/* --help lists exactly a program's rows. */
static void
test_usage(void)
{
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	UNIT_CHECK(f != NULL);
	exits_usage(f, DEMO_PROG_SERVER);
	fclose(f);
	UNIT_CHECK(strstr(buf, "   6  wrong passphrase") != NULL);
	UNIT_CHECK(strstr(buf, "   7  cannot listen") != NULL);
	UNIT_CHECK(strstr(buf, "  24  local file error") != NULL);
	UNIT_CHECK(strstr(buf, "  17  ") == NULL); /* a client and pki code */
	UNIT_CHECK(strstr(buf, "   8  ") == NULL); /* pki only */
}

/* docs/architecture.md shows the same table, row for row, and no other row. */
static void
test_docs_table(void)
{
	const char *path = HTTPS_DEMO_SOURCE_DIR "/docs/architecture.md";
	const struct demo_exit_row *r;
	char *doc = NULL, *sec, *end, *p, line[512];
	size_t len, rows = 0, shown = 0;
	struct err e;

	err_clear(&e);
	UNIT_CHECK(file_read_all(path, 1 << 20, &doc, &len, &e) == 0);
	if (doc == NULL)
		return;
	sec = strstr(doc, "## Exit codes shared by the three programs");
	UNIT_CHECK(sec != NULL);
	if (sec == NULL) {
		free(doc);
		return;
	}
	end = strstr(sec + 3, "\n## ");
	if (end != NULL)
		*end = '\0';
	for (r = exits_table(); r->meaning != NULL; r++, rows++) {
		snprintf(line, sizeof(line), "\n| %d | %s | %s | %s | %s |\n", r->code, r->meaning,
		         r->progs & DEMO_PROG_CLIENT ? "x" : "",
		         r->progs & DEMO_PROG_SERVER ? "x" : "",
		         r->progs & DEMO_PROG_PKI ? "x" : "");
		if (strstr(sec, line) == NULL)
			fprintf(stderr, "docs/architecture.md lacks the row:%s", line);
		UNIT_CHECK(strstr(sec, line) != NULL);
	}
	for (p = sec; (p = strstr(p, "\n| ")) != NULL; p++)
		if (p[3] >= '0' && p[3] <= '9')
			shown++;
	UNIT_CHECK_INT((int)shown, (int)rows);
	free(doc);
}

int
main(void)
{
	test_table_shape();
	test_common_rows();
	test_usage();
	test_docs_table();
	return unit_done();
}
