/*
 * libFuzzer harness for the -v handshake reader (tls_trace.c): the input is cut
 * into chunks, each led by one byte whose low bit picks the direction and whose
 * other bits give the chunk's length; the list is then printed (stderr goes to
 * /dev/null meanwhile, and comes back for the sanitizers' reports).
 */
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "tls_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct client_tls_trace tr;
	struct client_report rep = {0};
	struct client_trace_facts f = {1, 0, 2, 0, 0, "localhost", "http/1.1"};
	size_t off = 0, n;
	int saved, null;

	client_tls_trace_reset(&tr);
	while (off < size) {
		n = (size_t)(data[off] >> 1) + 1;
		if (n > size - off - 1)
			n = size - off - 1;
		client_tls_trace_feed(&tr, data[off] & 1, data + off + 1, n);
		off += n + 1;
	}
	rep.verbose = 1;
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY);
	if (saved != -1 && null != -1 && dup2(null, 2) != -1) {
		client_tls_trace_print(&tr, &f, &rep);
		fflush(stderr);
		dup2(saved, 2);
	}
	if (null != -1)
		close(null);
	if (saved != -1)
		close(saved);
	return 0;
}
