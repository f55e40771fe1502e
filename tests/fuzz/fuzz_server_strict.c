/*
 * libFuzzer harness for the strict request framing (strict_http.c): the input
 * is fed in pieces whose sizes come from the input itself; whatever the
 * bytes, no crash or overflow, the checked prefix never exceeds what is held,
 * and every head handed on passes the head check again (normalisation is
 * stable) without Content-Length and Transfer-Encoding together.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strict_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_host(const char *host, size_t len, void *ctx)
{
	(void)ctx;
	return len == 9 && memcmp(host, "localhost", 9) == 0;
}

static const struct strict_http_policy fuzz_policy = {fuzz_host, NULL, 8443};

/* A head just handed on (at the start of out) must check again, as origin-form. */
static void
fuzz_recheck(const char *out, size_t len, unsigned long heads_before, unsigned long heads)
{
	struct strict_http_req r;
	size_t toff, tlen, poff, i;

	if (heads == heads_before)
		return;
	for (i = 0; i + 3 < len; i++)
		if (memcmp(out + i, "\r\n\r\n", 4) == 0)
			break;
	if (i + 3 >= len)
		return;
	if (strict_http_check_head(out, i + 4, &fuzz_policy, &r, &toff, &tlen, &poff) != 0 ||
	    poff != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strict_http_stream s;
	size_t pos = 0, piece;
	unsigned long heads;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	if ((s.in = malloc(STRICT_HTTP_BUF)) == NULL)
		return 0;
	while (pos < size && rc == 0) {
		piece = 1 + data[pos] % 64;
		pos++;
		if (piece > size - pos)
			piece = size - pos;
		if (piece > STRICT_HTTP_BUF - s.len)
			break;
		memcpy(s.in + s.len, data + pos, piece);
		s.len += piece;
		pos += piece;
		heads = s.heads;
		rc = strict_http_advance(&s, &fuzz_policy);
		s.req.options_star = 0;
		if (s.ready > s.len)
			abort();
		fuzz_recheck(s.in, s.ready, heads, s.heads);
		memmove(s.in, s.in + s.ready, s.len - s.ready);
		s.len -= s.ready;
		s.ready = 0;
	}
	free(s.in);
	return 0;
}
