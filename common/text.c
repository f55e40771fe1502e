#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char text_hexdigits[] = "0123456789abcdef0123456789ABCDEF";

/*
 * Length of the well-formed UTF-8 sequence at p (RFC 3629 section 4), with its
 * code point in *cp; 0 if the bytes there are not one.
 */
static size_t
utf8_seq(const unsigned char *p, uint32_t *cp)
{
	size_t n, i;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

char *
text_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p), o = 0, n;
	uint32_t cp;
	char *out;

	/* Worst case: every byte becomes a six-character escape. */
	if ((out = malloc(6 * len + 3)) == NULL)
		return NULL;
	out[o++] = '"';
	while (*p != '\0') {
		n = utf8_seq(p, &cp);
		if (n == 0) {
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
			p++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			out[o++] = '\\';
			out[o++] = (char)cp;
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = text_hexdigits[cp >> 4];
			out[o + 5] = text_hexdigits[cp & 15];
			o += 6;
		} else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

static char *
text_hex_pairs(const unsigned char *p, size_t n, char sep, int upper, char *out, size_t size)
{
	const char *digits = text_hexdigits + (upper ? 16 : 0);
	size_t i, o = 0;

	if (size == 0)
		return out;
	for (i = 0; i < n && o + 2 + (i > 0 && sep) < size; i++) {
		if (i > 0 && sep)
			out[o++] = sep;
		out[o++] = digits[p[i] >> 4];
		out[o++] = digits[p[i] & 15];
	}
	out[o] = '\0';
	return out;
}

char *
text_fingerprint(const unsigned char *p, size_t n, char *out, size_t size)
{
	return text_hex_pairs(p, n, ':', 1, out, size);
}

char *
text_hex(const unsigned char *p, size_t n, char *out, size_t size)
{
	return text_hex_pairs(p, n, 0, 0, out, size);
}
