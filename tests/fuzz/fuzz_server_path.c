/*
 * libFuzzer harness for the server's request-path check, the access-log
 * formatter and the HTML/JSON escaping of /whoami: whatever the bytes, no
 * crash, no overflow; an accepted path never contains a control byte, a
 * backslash, or a "." / ".." segment; HTML output never holds markup, and JSON
 * output follows the one rule of common/text.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "pages.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_check_clean(const char *out)
{
	const char *s;

	if (out[0] != '/')
		abort();
	for (s = out; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\')
			abort();
	if (strstr(out, "/../") || strstr(out, "/./") || strstr(out, "//"))
		abort();
	s = out + strlen(out);
	if ((s - out >= 3 && strcmp(s - 3, "/..") == 0) ||
	    (s - out >= 2 && strcmp(s - 2, "/.") == 0))
		abort();
}

/*
 * HTML: no < > " ' left. JSON: exactly the common rule of text_json_string
 * (whose own harness, fuzz_common_text, checks the rule itself).
 */
static void
fuzz_check_escape(const char *in)
{
	struct server_buf b = {0};
	char *want;

	server_buf_html(&b, in);
	if (b.len > 0 && strpbrk(b.p, "<>\"'") != NULL)
		abort();
	server_buf_free(&b);
	server_buf_json(&b, in);
	want = text_json_string(in);
	if (!b.oom && want != NULL && (b.p == NULL || strcmp(b.p, want) != 0))
		abort();
	free(want);
	server_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *uri = malloc(size + 1), out[512], line[1024];

	if (uri == NULL)
		return 0;
	memcpy(uri, data, size);
	uri[size] = '\0';
	if (server_path_clean(uri, out, sizeof(out)) == 0)
		fuzz_check_clean(out);
	server_log_format(line, sizeof(line), uri, 0, uri, uri, uri, uri, 200, 1, uri, uri);
	if (strchr(line, '\n') != NULL || strlen(line) >= sizeof(line))
		abort();
	fuzz_check_escape(uri);
	free(uri);
	return 0;
}
