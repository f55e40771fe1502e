/*
 * Unit tests for the bounds of pki/config.c on hostile YAML: nesting deeper
 * than 16, more than 64 anchors or 256 aliases, a second document, and tags
 * are refused with file:line:column and exit 9, also at the 1 MiB input cap;
 * files just inside each bound still parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "pki.h"
#include "unit.h"

#define BASE                                                       \
	"root:\n  subject: CN=R\nintermediate:\n  subject: CN=I\n" \
	"leaves:\n  site:\n    sans: [localhost]\n"

/* doc is refused with DEMO_EXIT_CONFIG, a message containing want, a fix containing fix. */
static void
check_refused(const char *doc, size_t len, const char *want, const char *fix)
{
	struct pki_config cfg;
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(doc, len, "t.yaml", &cfg, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_CONFIG);
	if (strstr(e.msg, want) == NULL || strstr(e.fix, fix) == NULL)
		fprintf(stderr, "got '%s' / '%s', want '%s' / '%s'\n", e.msg, e.fix, want, fix);
	UNIT_CHECK(strstr(e.msg, want) != NULL);
	UNIT_CHECK(strstr(e.fix, fix) != NULL);
}

static void
check_accepted(const char *doc, size_t len)
{
	struct pki_config cfg;
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(doc, len, "t.yaml", &cfg, &e), 0);
	if (e.msg[0])
		fprintf(stderr, "unexpected: %s\n", e.msg);
	else
		UNIT_CHECK_INT(cfg.nleaf, 1);
	if (e.msg[0] == '\0')
		pki_config_free(&cfg);
}

static void
test_documents(void)
{
	static const char two[] = BASE "---\nx-a: 1\n";
	static const char after_end[] = BASE "...\nx-a: 1\n";
	static const char empty_second[] = BASE "---\n";
	static const char explicit_one[] = "---\n" BASE "...\n# nothing after the end\n";

	check_refused(two, sizeof(two) - 1,
	              "t.yaml:8:1: a second YAML document; a config is one document",
	              "keep one document");
	check_refused(after_end, sizeof(after_end) - 1,
	              "t.yaml:9:1: content after '...', the end of the document; a config is "
	              "one document",
	              "remove the '...' and what follows");
	check_refused(empty_second, sizeof(empty_second) - 1, "t.yaml:8:1: a second YAML document",
	              "keep one document");
	/* One document with explicit markers, and a comment after its end, is fine. */
	check_accepted(explicit_one, sizeof(explicit_one) - 1);
}

static void
test_tags(void)
{
	static const char local[] = "root: !foo {}\n";
	static const char std[] = "root:\n  subject: !!str CN=R\n";
	static const char seq[] = BASE "x-a: !!seq [a]\n";
	static const char key[] = BASE "!!str x-a: 1\n";
	static const char bare[] = BASE "x-a: ! a\n";

	check_refused(local, sizeof(local) - 1,
	              "t.yaml:1:7: YAML tags are not part of the format (this one is '!foo')",
	              "remove the tag");
	check_refused(std, sizeof(std) - 1,
	              "t.yaml:2:12: YAML tags are not part of the format (this one is "
	              "'tag:yaml.org,2002:str')",
	              "remove the tag");
	check_refused(seq, sizeof(seq) - 1, "t.yaml:8:6: YAML tags", "remove the tag");
	check_refused(key, sizeof(key) - 1, "t.yaml:8:1: YAML tags", "remove the tag");
	check_refused(bare, sizeof(bare) - 1, "t.yaml:8:6: YAML tags", "remove the tag");
}

/* BASE then "x-a: " and depth-1 levels of open, closed again: depth levels in all. */
static size_t
nested(char *buf, size_t size, int depth, const char *open, const char *close)
{
	size_t n = (size_t)snprintf(buf, size, BASE "x-a: ");
	int i;

	for (i = 1; i < depth; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s", open);
	for (i = 1; i < depth; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s", close);
	n += (size_t)snprintf(buf + n, size - n, "\n");
	return n;
}

static void
test_depth(void)
{
	char buf[1024];
	size_t n;
	int i;

	/* The top-level mapping is level 1; 16 levels parse, 17 do not. */
	check_accepted(buf, nested(buf, sizeof(buf), 16, "[", "]"));
	check_refused(buf, nested(buf, sizeof(buf), 17, "[", "]"),
	              "t.yaml:8:21: mappings and lists nested more than 16 deep (the format "
	              "needs 4)",
	              "compare with pki/example-config.yaml");
	check_accepted(buf, nested(buf, sizeof(buf), 16, "{a: ", "}"));
	check_refused(buf, nested(buf, sizeof(buf), 17, "{a: ", "}"), "t.yaml:8:66: mappings",
	              "compare with");
	/* Block nesting counts the same: a list of lists written "- - - v". */
	n = (size_t)snprintf(buf, sizeof(buf), BASE "x-a:\n");
	for (i = 2; i < 16; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- ");
	check_accepted(buf, n + (size_t)snprintf(buf + n, sizeof(buf) - n, "- v\n"));
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- ");
	check_refused(buf, n + (size_t)snprintf(buf + n, sizeof(buf) - n, "- v\n"),
	              "t.yaml:9:31: mappings", "compare with");
	/* Indented mappings, one level per line. */
	n = (size_t)snprintf(buf, sizeof(buf), BASE "x-a:\n");
	for (i = 1; i < 16; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%*sk:\n", i, "");
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%*sk: v\n", i, "");
	check_refused(buf, n, "t.yaml:24:17: mappings and lists nested more than 16 deep",
	              "compare with");
}

static void
test_anchors_aliases(void)
{
	char buf[8192];
	size_t n;
	int i;

	n = (size_t)snprintf(buf, sizeof(buf), BASE "x-a:\n");
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- &a%d x\n", i);
	check_accepted(buf, n);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- &a%d x\n", i);
	check_refused(buf, n, "t.yaml:73:3: more than 64 anchors (&name)",
	              "write some values out instead of anchoring them");

	n = (size_t)snprintf(buf, sizeof(buf), BASE "x-a: &a x\nx-b:\n");
	for (i = 0; i < 256; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- *a\n");
	check_accepted(buf, n);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "- *a\n");
	check_refused(buf, n, "t.yaml:266:3: more than 256 aliases (*name)",
	              "write some values out instead of aliasing them");
}

/* Hostile shapes just under the 1 MiB cap are refused at their first bad event. */
static void
test_cap(void)
{
	size_t n = PKI_INPUT_MAX - 16, half, i;
	char *buf = malloc(n);

	UNIT_CHECK(buf != NULL);
	if (buf == NULL)
		return;
	/* "root: " + "["*k + "]"*k: libyaml alone took minutes on it. */
	half = (n - 6) / 2;
	memcpy(buf, "root: ", 6);
	memset(buf + 6, '[', half);
	memset(buf + 6 + half, ']', half);
	check_refused(buf, 6 + 2 * half, "t.yaml:1:22: mappings and lists nested more than 16 deep",
	              "compare with");
	memset(buf + 6, '{', half);
	memset(buf + 6 + half, '}', half);
	check_refused(buf, 6 + 2 * half, "t.yaml:1:22: mappings and lists nested", "compare with");
	/* "- - - ... a": compact block lists. */
	memcpy(buf, "root:\n", 6);
	for (i = 6; i + 2 < n; i += 2)
		memcpy(buf + i, "- ", 2);
	buf[i++] = 'a';
	check_refused(buf, i, "t.yaml:2:31: mappings and lists nested", "compare with");
	/* One anchor a line: libyaml's duplicate-anchor check is quadratic. */
	memcpy(buf, "x-a:\n", 5);
	for (i = 5; i + 16 < n;)
		i += (size_t)snprintf(buf + i, n - i, "- &a%zu x\n", i);
	check_refused(buf, i, "t.yaml:66:3: more than 64 anchors", "anchoring");
	free(buf);
}

int
main(void)
{
	test_documents();
	test_tags();
	test_depth();
	test_anchors_aliases();
	test_cap();
	return unit_done();
}
