/*
 * Unit tests for common/text.c: one JSON string rule for every program, and
 * hex and fingerprint formatting.
 */
#include <stdlib.h>

#include "text.h"
#include "unit.h"

static void
check_json(const char *in, const char *want)
{
	char *got = text_json_string(in);

	UNIT_CHECK_STR(got, want);
	free(got);
}

static void
test_json(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	        {"", "\"\""},
	        {"plain ASCII", "\"plain ASCII\""},
	        {"quote \" and \\ backslash", "\"quote \\\" and \\\\ backslash\""},
	        {"tab\tnl\ncr\r", "\"tab\\u0009nl\\u000acr\\u000d\""},
	        {"\x01\x1f", "\"\\u0001\\u001f\""},
	        {"del\x7f", "\"del\\u007f\""},      /* DEL is a control */
	        {"caf\xc3\xa9", "\"caf\xc3\xa9\""}, /* é passes through */
	        {"\xe2\x82\xac \xf0\x9f\x94\x92", "\"\xe2\x82\xac \xf0\x9f\x94\x92\""}, /* € 🔒 */
	        {"\xc2\x85", "\"\\u0085\""},                   /* C1 control U+0085 */
	        {"\xc2\xa0", "\"\xc2\xa0\""},                  /* U+00A0 is not a control */
	        {"\xe9t\xe9", "\"\\ufffdt\\ufffd\""},          /* Latin-1 é: invalid */
	        {"\x80", "\"\\ufffd\""},                       /* stray continuation */
	        {"\xc3", "\"\\ufffd\""},                       /* truncated at the end */
	        {"\xc3(", "\"\\ufffd(\""},                     /* truncated mid-string */
	        {"\xc0\xaf", "\"\\ufffd\\ufffd\""},            /* overlong '/' */
	        {"\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\""}, /* overlong, 3 bytes */
	        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""}, /* a surrogate */
	        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* past U+10FFFF */
	        {"\xff\xfe", "\"\\ufffd\\ufffd\""},
	};
	char in[2], want[16];
	size_t i;
	int c;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_json(cases[i].in, cases[i].want);
	check_json(NULL, "\"\"");
	/* Every single byte 0x80-0xff on its own is invalid UTF-8: each one escaped alike. */
	for (c = 0x80; c <= 0xff; c++) {
		in[0] = (char)c;
		in[1] = '\0';
		snprintf(want, sizeof(want), "\"\\ufffd\"");
		check_json(in, want);
	}
	/* Every control byte as \u00XX, lower-case hex. */
	for (c = 1; c < 0x20; c++) {
		in[0] = (char)c;
		in[1] = '\0';
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		check_json(in, want);
	}
}

static void
test_hex(void)
{
	static const unsigned char b[] = {0x00, 0xab, 0x7f, 0xff};
	char out[TEXT_FPR_SIZE(4)], small[6];

	UNIT_CHECK_STR(text_fingerprint(b, 4, out, sizeof(out)), "00:AB:7F:FF");
	UNIT_CHECK_STR(text_hex(b, 4, out, sizeof(out)), "00ab7fff");
	UNIT_CHECK_STR(text_fingerprint(b, 0, out, sizeof(out)), "");
	/* Too small: whole pairs only, always terminated. */
	UNIT_CHECK_STR(text_fingerprint(b, 4, small, sizeof(small)), "00:AB");
	UNIT_CHECK_STR(text_hex(b, 4, small, sizeof(small)), "00ab");
	UNIT_CHECK_STR(text_hex(b, 4, small, 1), "");
}

int
main(void)
{
	test_json();
	test_hex();
	return unit_done();
}
