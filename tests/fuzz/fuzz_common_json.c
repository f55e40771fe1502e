/*
 * libFuzzer harness for common/json.c, the JSON writer of --report, -w
 * '%{json}', /whoami and inspect --json: the input is a program of writer
 * calls (open an object or array in any layout, close, put a string cut from
 * the input with any bytes, a number, a real including NaN and infinities,
 * true/false, null; keys from the input, missing or present where they do
 * not belong). Whatever the calls, the document written must be exactly one
 * valid JSON value (RFC 8259, checked by the small parser below, UTF-8
 * included), and json_writer_finish must say 0 only when nothing was misused.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- an independent validator ------------------------------------------ */

struct val {
	const unsigned char *p, *end;
	int depth;
};

static void
ws(struct val *v)
{
	while (v->p < v->end && (*v->p == ' ' || *v->p == '\t' || *v->p == '\n' || *v->p == '\r'))
		v->p++;
}

static int value(struct val *v);

static int
lit(struct val *v, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(v->end - v->p) < n || memcmp(v->p, s, n) != 0)
		return -1;
	v->p += n;
	return 0;
}

/* One UTF-8 sequence, well formed (RFC 3629). */
static int
utf8(struct val *v)
{
	unsigned c = *v->p, n, i, cp;

	n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	if (n == 0 || (size_t)(v->end - v->p) < n)
		return -1;
	cp = c & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((v->p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (v->p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	v->p += n;
	return 0;
}

static int
string(struct val *v)
{
	int i;

	if (lit(v, "\"") == -1)
		return -1;
	while (v->p < v->end && *v->p != '"') {
		if (*v->p < 0x20)
			return -1;
		if (*v->p == '\\') {
			if (++v->p >= v->end)
				return -1;
			if (*v->p == 'u') {
				for (i = 1; i <= 4; i++)
					if (v->p + i >= v->end ||
					    strchr("0123456789abcdefABCDEF", v->p[i]) == NULL ||
					    v->p[i] == 0)
						return -1;
				v->p += 5;
			} else if (*v->p != 0 && strchr("\"\\/bfnrt", *v->p) != NULL) {
				v->p++;
			} else {
				return -1;
			}
		} else if (*v->p >= 0x80) {
			if (utf8(v) == -1)
				return -1;
		} else {
			v->p++;
		}
	}
	return lit(v, "\"");
}

static int
digits(struct val *v)
{
	const unsigned char *s = v->p;

	while (v->p < v->end && *v->p >= '0' && *v->p <= '9')
		v->p++;
	return v->p > s ? 0 : -1;
}

static int
number(struct val *v)
{
	if (v->p < v->end && *v->p == '-')
		v->p++;
	if (v->p < v->end && *v->p == '0')
		v->p++;
	else if (digits(v) == -1)
		return -1;
	if (v->p < v->end && *v->p == '.') {
		v->p++;
		if (digits(v) == -1)
			return -1;
	}
	if (v->p < v->end && (*v->p == 'e' || *v->p == 'E')) {
		v->p++;
		if (v->p < v->end && (*v->p == '+' || *v->p == '-'))
			v->p++;
		if (digits(v) == -1)
			return -1;
	}
	return 0;
}

static int
members(struct val *v, int object)
{
	char close = object ? '}' : ']';

	v->p++;
	ws(v);
	if (v->p < v->end && *v->p == close) {
		v->p++;
		return 0;
	}
	for (;;) {
		ws(v);
		if (object) {
			if (string(v) == -1)
				return -1;
			ws(v);
			if (lit(v, ":") == -1)
				return -1;
		}
		if (value(v) == -1)
			return -1;
		ws(v);
		if (v->p < v->end && *v->p == ',') {
			v->p++;
			continue;
		}
		return lit(v, object ? "}" : "]");
	}
}

static int
value(struct val *v)
{
	int rc;

	ws(v);
	if (v->p >= v->end || ++v->depth > 64)
		return -1;
	if (*v->p == '{' || *v->p == '[')
		rc = members(v, *v->p == '{');
	else if (*v->p == '"')
		rc = string(v);
	else if (*v->p == 't')
		rc = lit(v, "true");
	else if (*v->p == 'f')
		rc = lit(v, "false");
	else if (*v->p == 'n')
		rc = lit(v, "null");
	else
		rc = number(v);
	v->depth--;
	return rc;
}

/* --- the program of writer calls ---------------------------------------- */

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned
byte(struct in *in)
{
	unsigned b = in->n ? *in->p : 0;

	if (in->n)
		in->p++, in->n--;
	return b;
}

/* A NUL-terminated piece of the input (any bytes but NUL), or NULL. */
static char *
piece(struct in *in, char *buf, size_t size)
{
	size_t len = byte(in), i;

	if (len == 0xff)
		return NULL;
	len %= size;
	for (i = 0; i < len && in->n > 0; i++)
		if ((buf[i] = (char)byte(in)) == '\0')
			buf[i] = '\x01';
	buf[i] = '\0';
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	struct json_writer j;
	char key[64], str[256], *out = NULL, *k;
	size_t len = 0;
	int steps = 0, rc, opens = 0, closes = 0;
	struct val v;
	FILE *f = open_memstream(&out, &len);
	static const double reals[] = {0.0, -1.5, 1e300, NAN, INFINITY, -INFINITY, 0.0125};

	if (f == NULL)
		return 0;
	json_writer_init(&j, f);
	while (in.n > 0 && steps++ < 400) {
		unsigned op = byte(&in), hi, lo;

		k = (op & 0x80) ? piece(&in, key, sizeof(key)) : NULL;
		switch (op & 0x0f) {
		case 0:
		case 1:
			json_object_open(&j, k, (enum json_layout)(byte(&in) % 4));
			opens++;
			break;
		case 2:
		case 3:
			json_array_open(&j, k, (enum json_layout)(byte(&in) % 4));
			opens++;
			break;
		case 4:
		case 5:
			json_close(&j);
			closes++;
			break;
		case 6:
		case 7:
		case 8:
			json_string_put(&j, k, piece(&in, str, sizeof(str)));
			break;
		case 9:
			hi = byte(&in);
			lo = byte(&in);
			json_int_put(&j, k, (long long)(hi << 24 | lo) - 0x7fffffffLL);
			break;
		case 10:
			json_uint_put(&j, k, ~0ULL - byte(&in));
			break;
		case 11:
			json_real_put(&j, k, reals[byte(&in) % 7]);
			break;
		case 12:
			json_bool_put(&j, k, (int)(byte(&in) & 1));
			break;
		default:
			json_null_put(&j, k);
		}
	}
	rc = json_writer_finish(&j);
	if (fclose(f) != 0)
		abort();
	v.p = (const unsigned char *)out;
	v.end = v.p + len;
	v.depth = 0;
	if (value(&v) == -1)
		abort(); /* not JSON */
	ws(&v);
	if (v.p != v.end)
		abort(); /* more than one value */
	if (rc == 0 && opens != closes)
		abort(); /* containers left open, yet no misuse reported */
	free(out);
	return 0;
}
