/*
 * libFuzzer harness for the client's HTTP/1.1 response parser: the input is
 * what a server sends, read in pieces whose sizes come from the first byte,
 * so lines and chunks are split at every possible place.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct feed {
	const uint8_t *p;
	size_t len, step;
};

static long
feed_read(void *ctx, void *buf, size_t n, struct err *e)
{
	struct feed *f = ctx;
	size_t k = f->len < n ? f->len : n;

	(void)e;
	if (k > f->step)
		k = f->step;
	memcpy(buf, f->p, k);
	f->p += k;
	f->len -= k;
	return (long)k;
}

static volatile uint8_t fuzz_sink_byte;

static int
feed_sink(void *ctx, const void *d, size_t n, struct err *e)
{
	(void)ctx;
	(void)e;
	/* Touch every byte so the sanitizers see any read past the buffer. */
	for (size_t i = 0; i < n; i++)
		fuzz_sink_byte ^= ((const uint8_t *)d)[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct client_http_reader r;
	static struct client_http_response resp;
	struct feed f;
	struct err e;
	int head_req;

	if (size < 1)
		return 0;
	f.step = (size_t)(data[0] & 0x7f) + 1;
	head_req = data[0] >> 7;
	f.p = data + 1;
	f.len = size - 1;
	client_http_reader_init(&r, feed_read, &f);
	if (client_http_read_head(&r, &resp, head_req, &e) == 0)
		client_http_read_body(&r, &resp, 1 << 20, feed_sink, NULL, &e);
	return 0;
}
