/* server_core: request-path checks, the in-memory pages, the access-log format, escaping. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "pages.h"
#include "unit.h"

static const struct {
	const char *uri;
	const char *want; /* NULL: refused (400) */
} path_cases[] = {
        {"/", "/"},
        {"/index.html", "/index.html"},
        {"/sub/page.html", "/sub/page.html"},
        {"/%69ndex.html", "/index.html"},
        {"/a%20b", "/a b"},
        {"/..", NULL},
        {"/../secret/reminder.txt", NULL},
        {"/sub/../../secret", NULL},
        {"/%2e%2e/secret", NULL},
        {"/%2E%2E/secret", NULL},
        {"/..%2fsecret", NULL},
        {"/%252e%252e/secret", NULL}, /* doubly encoded */
        {"/./index.html", NULL},
        {"/sub/.", NULL},
        {"//etc/passwd", NULL},
        {"/a//b", NULL},
        {"/..\\secret", NULL},
        {"/%5c..%5csecret", NULL},
        {"/index.html%00.txt", NULL},
        {"/a%0d%0aSet-Cookie:x", NULL},
        {"/a%0aX", NULL},
        {"/a\rb", NULL},
        {"/a%7f", NULL},
        {"/a%", NULL},
        {"/a%4", NULL},
        {"/a%zz", NULL},
        {"index.html", NULL},
        {"https://localhost/index.html", NULL},
        {"", NULL},
        {"/.%2e/secret", NULL},
        {"/%2e/index.html", NULL},
        {"/sub/%2e%2e", NULL},
        {"/%2f%2fetc/passwd", NULL},
        {"/%25%30%64", NULL},           /* %0d, doubly encoded */
        {"/%%30d", NULL},               /* not a valid escape */
        {"/a%09b", NULL},               /* TAB */
        {"/%ff%fe", NULL},              /* not UTF-8 */
        {"/%c0%ae%c0%ae/secret", NULL}, /* overlong UTF-8 "..": not UTF-8 */
        {"/%e0%80%ae", NULL},           /* overlong, three bytes */
        {"/%ed%a0%80", NULL},
        {"/%f5%80%80%80", NULL},                /* past U+10FFFF */
        {"/%f4%90%80%80", NULL},                /* past U+10FFFF */
        {"/%f0%9f%94%92", "/\xf0\x9f\x94\x92"}, /* U+1F512, four bytes */
        {"/%c3", NULL},
        /* cut short */                           /* a UTF-16 surrogate */
        {"/caf%c3%a9.html", "/caf\xc3\xa9.html"}, /* UTF-8: a name */
        {"/100%25.html", "/100%.html"},           /* decoded once: %25 is a literal % */
        {"/%2541", "/%41"},                       /* not "/A" */
        {"/100%25", "/100%"},
        {"/a%252fb", NULL}, /* %2f after one more decoding */
        {"/%252e%252e", NULL},
        {"/x/%25%32%65%25%32%65/y", NULL}, /* %2e%2e after one more decoding */
        {"/.hidden", "/.hidden"},          /* allowed as a path; the page table never holds it */
        {"/..hidden", "/..hidden"},
};

static void
test_path_clean(void)
{
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		int rc = server_path_clean(path_cases[i].uri, out, sizeof(out));

		if (path_cases[i].want == NULL) {
			if (rc != -1)
				fprintf(stderr, "case %zu: %s accepted as %s\n", i,
				        path_cases[i].uri, out);
			UNIT_CHECK_INT(rc, -1);
		} else {
			UNIT_CHECK_INT(rc, 0);
			UNIT_CHECK_STR(out, path_cases[i].want);
		}
	}
	UNIT_CHECK_INT(server_path_clean(NULL, out, sizeof(out)), -1);
	UNIT_CHECK_INT(server_path_clean("/very-long-name", out, 8), -1); /* no overflow */
}

static void
put(const char *path, const char *text)
{
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(file_write_atomic(path, text, strlen(text), 0644, 1, &e), 0);
}

/* A root with a secret beside it, a hidden file and symbolic links (file, folder) out. */
static void
pages_make_root(char *root, size_t size)
{
	static const char *const files[][2] = {
	        {"secret.txt", "SECRET"},          {"outside/page.html", "SECRET-DIR"},
	        {"www/index.html", "<p>home</p>"}, {"www/sub/index.html", "<p>sub</p>"},
	        {"www/style.css", "body{}"},       {"www/.hidden", "hidden"},
	};
	char p[600];
	struct err e;
	size_t i;

	err_clear(&e);
	snprintf(root, size, "%s/unit_server_pages", TEST_WORK_ROOT);
	snprintf(p, sizeof(p), "%s/www/sub", root);
	UNIT_CHECK_INT(file_mkdirs(p, 0755, &e), 0);
	snprintf(p, sizeof(p), "%s/outside", root);
	UNIT_CHECK_INT(file_mkdirs(p, 0755, &e), 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, files[i][0]);
		put(p, files[i][1]);
	}
	snprintf(p, sizeof(p), "%s/www/link.txt", root);
	unlink(p);
	UNIT_CHECK_INT(symlink("../secret.txt", p), 0);
	snprintf(p, sizeof(p), "%s/www/linkdir", root);
	unlink(p);
	UNIT_CHECK_INT(symlink("../outside", p), 0);
}

static void
test_pages(void)
{
	char root[512], p[600];
	struct server_pages *pages = NULL;
	const struct server_page *pg;
	struct err e;

	err_clear(&e);
	pages_make_root(root, sizeof(root));
	snprintf(p, sizeof(p), "%s/www", root);
	UNIT_CHECK_INT(server_pages_load(&pages, p, &e), 0);
	if (pages == NULL)
		return;
	UNIT_CHECK_INT(server_pages_count(pages), 3);
	pg = server_pages_find(pages, "/");
	UNIT_CHECK(pg != NULL && strcmp(pg->body, "<p>home</p>") == 0);
	pg = server_pages_find(pages, "/sub/");
	UNIT_CHECK(pg != NULL && pg->len == strlen("<p>sub</p>"));
	pg = server_pages_find(pages, "/style.css");
	UNIT_CHECK(pg != NULL && strcmp(pg->type, "text/css; charset=utf-8") == 0);
	UNIT_CHECK(server_pages_find(pages, "/.hidden") == NULL);
	UNIT_CHECK(server_pages_find(pages, "/link.txt") == NULL);
	UNIT_CHECK(server_pages_find(pages, "/linkdir/page.html") == NULL);
	UNIT_CHECK(server_pages_find(pages, "/secret.txt") == NULL);
	UNIT_CHECK(server_pages_find(pages, "/sub") == NULL);
	UNIT_CHECK(server_pages_find(pages, "/nope.html") == NULL);
	server_pages_free(pages);
	server_pages_free(NULL);

	UNIT_CHECK_INT(server_pages_load(&pages, "/nonexistent/docroot", &e), -1);
	UNIT_CHECK(pages == NULL);
	UNIT_CHECK(strstr(e.msg, "/nonexistent/docroot") != NULL);
	UNIT_CHECK(e.fix[0] != '\0');
}

static void
test_types(void)
{
	UNIT_CHECK_STR(server_pages_type("/a/index.html"), "text/html; charset=utf-8");
	UNIT_CHECK_STR(server_pages_type("x.svg"), "image/svg+xml");
	UNIT_CHECK_STR(server_pages_type("x.png"), "image/png");
	UNIT_CHECK_STR(server_pages_type("html"), "application/octet-stream");
	UNIT_CHECK_STR(server_pages_type("x.exe"), "application/octet-stream");
}

static void
test_log_format(void)
{
	char line[512];
	size_t n;

	setenv("TZ", "UTC", 1);
	n = server_log_format(line, sizeof(line), "127.0.0.1", 0, "GET", "/index.html", NULL, "1.1",
	                      200, 1234, NULL, "curl/7.88.1");
	UNIT_CHECK_STR(line, "127.0.0.1 - - [01/Jan/1970:00:00:00 +0000] \"GET /index.html "
	                     "HTTP/1.1\" 200 1234 \"-\" \"curl/7.88.1\"");
	UNIT_CHECK_INT(n, strlen(line));
	/* Quotes, backslashes, CR/LF and high bytes are escaped: one line, unambiguous. */
	server_log_format(line, sizeof(line), "127.0.0.1", 0, "GET", "/a\"b\r\nc\\", "q=1", "1.1",
	                  404, 0, "http://x/\"", "ua\x01\xff");
	UNIT_CHECK(strchr(line, '\n') == NULL && strchr(line, '\r') == NULL);
	UNIT_CHECK(strstr(line, "\"GET /a\\x22b\\x0d\\x0ac\\x5c?q=1 HTTP/1.1\" 404 0") != NULL);
	UNIT_CHECK(strstr(line, "\"http://x/\\x22\" \"ua\\x01\\xff\"") != NULL);
	/* NULL fields (a request civetweb could not parse) */
	server_log_format(line, sizeof(line), "127.0.0.1", 0, NULL, NULL, NULL, NULL, 400, 10, NULL,
	                  NULL);
	UNIT_CHECK(strstr(line, "\"- - HTTP/-\" 400 10 \"-\" \"-\"") != NULL);
	/* A tiny buffer truncates and stays terminated. */
	n = server_log_format(line, 16, "127.0.0.1", 0, "GET", "/", NULL, "1.1", 200, 1, NULL,
	                      NULL);
	UNIT_CHECK(n < 16 && strlen(line) == n);
}

static void
test_buf(void)
{
	struct server_buf b = {0};

	server_buf_html(&b, "<a href=\"x\">&'</a>");
	UNIT_CHECK_STR(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	server_buf_free(&b);
	server_buf_json(&b, "a\"b\\c\n\x01");
	UNIT_CHECK_STR(b.p, "\"a\\\"b\\\\c\\u000a\\u0001\"");
	server_buf_free(&b);
	/* A certificate subject as OpenSSL prints it (RFC 2253), hostile markup inside. */
	server_buf_json(&b, "CN=Eve \\\"q\\\" \\<script\\>\xc3\xa9");
	UNIT_CHECK_STR(b.p, "\"CN=Eve \\\\\\\"q\\\\\\\" \\\\<script\\\\>\xc3\xa9\"");
	server_buf_free(&b);
	/* The same rule as every program's (common/text.c): é stays, bad bytes become U+FFFD. */
	server_buf_json(&b, "\xc3\xa9\x7f\xe9");
	UNIT_CHECK_STR(b.p, "\"\xc3\xa9\\u007f\\ufffd\"");
	server_buf_free(&b);
	server_buf_html(&b, "CN=Eve \\\"q\\\" \\<script\\>");
	UNIT_CHECK_STR(b.p, "CN=Eve \\&quot;q\\&quot; \\&lt;script\\&gt;");
	server_buf_free(&b);
	server_buf_printf(&b, "%d-%s", 42, "x");
	server_buf_add(&b, "!");
	UNIT_CHECK_STR(b.p, "42-x!");
	UNIT_CHECK_INT(b.len, 5);
	UNIT_CHECK_INT(b.oom, 0);
	server_buf_free(&b);
}

int
main(void)
{
	test_path_clean();
	test_pages();
	test_types();
	test_log_format();
	test_buf();
	return unit_done();
}
