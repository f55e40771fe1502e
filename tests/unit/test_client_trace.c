/* client_core: the -v handshake reader (tls_trace.c) on records built by hand. */
#include <string.h>

#include "tls_trace.h"
#include "unit.h"

/* Appends a record of type with body (n bytes) to out at *len. */
static void
rec(unsigned char *out, size_t *len, int type, const unsigned char *body, size_t n)
{
	out[(*len)++] = (unsigned char)type;
	out[(*len)++] = 3;
	out[(*len)++] = 3;
	out[(*len)++] = (unsigned char)(n >> 8);
	out[(*len)++] = (unsigned char)n;
	memcpy(out + *len, body, n);
	*len += n;
}

/* A ServerHello body: version, random, empty session id, suite, compression, extensions. */
static size_t
server_hello(unsigned char *b, int hrr, unsigned suite, unsigned version)
{
	static const unsigned char hrr_random[32] = {
	        0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	        0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	        0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
	size_t n = 0;

	b[n++] = 2; /* handshake type, then a 3-byte length filled below */
	n += 3;
	b[n++] = 3;
	b[n++] = 3;
	if (hrr)
		memcpy(b + n, hrr_random, 32);
	else
		memset(b + n, 0x42, 32);
	n += 32;
	b[n++] = 0; /* session id */
	b[n++] = (unsigned char)(suite >> 8);
	b[n++] = (unsigned char)suite;
	b[n++] = 0; /* compression */
	b[n++] = 0;
	b[n++] = version ? 6 : 0; /* extensions length */
	if (version) {
		b[n++] = 0, b[n++] = 43, b[n++] = 0, b[n++] = 2;
		b[n++] = (unsigned char)(version >> 8), b[n++] = (unsigned char)version;
	}
	b[1] = 0, b[2] = 0, b[3] = (unsigned char)(n - 4);
	return n;
}

/* Feeds buf in pieces of step bytes (0: at once). */
static void
feed(struct client_tls_trace *tr, int from_server, const unsigned char *buf, size_t n, size_t step)
{
	size_t off;

	if (step == 0) {
		client_tls_trace_feed(tr, from_server, buf, n);
		return;
	}
	for (off = 0; off < n; off += step)
		client_tls_trace_feed(tr, from_server, buf + off, n - off < step ? n - off : step);
}

static void
test_tls12_flight(size_t step)
{
	struct client_tls_trace tr;
	unsigned char wire[2048], msgs[1024];
	size_t len = 0, m;
	const unsigned char cert[] = {11, 0, 0, 3, 0, 0, 0}, ske[] = {12, 0, 0, 1, 9},
	                    done[] = {14, 0, 0, 0}, ccs[] = {1}, fin[40] = {0};

	client_tls_trace_reset(&tr);
	/* ServerHello, Certificate and ServerKeyExchange in one record; done in its own. */
	m = server_hello(msgs, 0, 0xc02b, 0);
	memcpy(msgs + m, cert, sizeof(cert));
	memcpy(msgs + m + sizeof(cert), ske, sizeof(ske));
	rec(wire, &len, 22, msgs, m + sizeof(cert) + sizeof(ske));
	rec(wire, &len, 22, done, sizeof(done));
	rec(wire, &len, 20, ccs, sizeof(ccs));
	rec(wire, &len, 22, fin, sizeof(fin)); /* after CCS: encrypted Finished */
	feed(&tr, 1, wire, len, step);
	UNIT_CHECK_INT(tr.broken, 0);
	UNIT_CHECK_INT(tr.tls13, 0);
	UNIT_CHECK_INT(tr.nev, 6);
	UNIT_CHECK_INT(tr.ev[0].hs_type, 2);
	UNIT_CHECK_INT(tr.ev[0].suite, 0xc02b);
	UNIT_CHECK_INT(tr.ev[0].version, 0x0303);
	UNIT_CHECK_INT(tr.ev[1].hs_type, 11);
	UNIT_CHECK_INT(tr.ev[1].size, 3);
	UNIT_CHECK_INT(tr.ev[2].hs_type, 12);
	UNIT_CHECK_INT(tr.ev[3].hs_type, 14);
	UNIT_CHECK_INT(tr.ev[4].kind, CLIENT_TRACE_CCS);
	UNIT_CHECK_INT(tr.ev[5].kind, CLIENT_TRACE_ENCRYPTED);
	UNIT_CHECK_INT(tr.ev[5].hs_type, 20);
	UNIT_CHECK_INT(tr.ev[5].size, 40);
}

static void
test_tls13_and_hrr(void)
{
	struct client_tls_trace tr;
	unsigned char wire[512], msg[128], enc[30] = {0};
	size_t len = 0, m;

	client_tls_trace_reset(&tr);
	m = server_hello(msg, 1, 0x1301, 0x0304);
	rec(wire, &len, 22, msg, m);
	m = server_hello(msg, 0, 0x1302, 0x0304);
	rec(wire, &len, 22, msg, m);
	rec(wire, &len, 23, enc, sizeof(enc));
	feed(&tr, 1, wire, len, 3);
	UNIT_CHECK_INT(tr.nev, 3);
	UNIT_CHECK_INT(tr.ev[0].hrr, 1);
	UNIT_CHECK_INT(tr.ev[1].hrr, 0);
	UNIT_CHECK_INT(tr.ev[1].suite, 0x1302);
	UNIT_CHECK_INT(tr.ev[1].version, 0x0304);
	UNIT_CHECK_INT(tr.tls13, 1);
	UNIT_CHECK_INT(tr.ev[2].kind, CLIENT_TRACE_ENCRYPTED);
	UNIT_CHECK_INT(tr.ev[2].size, sizeof(enc));
}

static void
test_alert_and_bad_input(void)
{
	struct client_tls_trace tr;
	const unsigned char alert[] = {21, 3, 3, 0, 2, 2, 40};
	const unsigned char http[] = "HTTP/1.1 400 Bad Request\r\n";
	const unsigned char huge[] = {23, 3, 3, 0xff, 0xff};
	const unsigned char truncated_hello[] = {22, 3, 3, 0, 6, 2, 0, 0, 2, 3, 3};

	client_tls_trace_reset(&tr);
	client_tls_trace_feed(&tr, 1, alert, sizeof(alert));
	UNIT_CHECK_INT(tr.nev, 1);
	UNIT_CHECK_INT(tr.ev[0].kind, CLIENT_TRACE_ALERT);
	UNIT_CHECK_INT(tr.ev[0].alert_level, 2);
	UNIT_CHECK_INT(tr.ev[0].alert_desc, 40);

	client_tls_trace_reset(&tr); /* a plain-HTTP answer is not TLS */
	client_tls_trace_feed(&tr, 1, http, sizeof(http) - 1);
	UNIT_CHECK_INT(tr.broken, 1);
	UNIT_CHECK_INT(tr.nev, 0);

	client_tls_trace_reset(&tr); /* a record longer than TLS allows */
	client_tls_trace_feed(&tr, 1, huge, sizeof(huge));
	UNIT_CHECK_INT(tr.broken, 1);

	client_tls_trace_reset(&tr); /* a 2-byte ServerHello: noted, nothing read past it */
	client_tls_trace_feed(&tr, 1, truncated_hello, sizeof(truncated_hello));
	UNIT_CHECK_INT(tr.broken, 0);
	UNIT_CHECK_INT(tr.nev, 1);
	UNIT_CHECK_INT(tr.ev[0].suite, 0);
	UNIT_CHECK_INT(tr.tls13, 0);
}

static void
test_many_records(void)
{
	struct client_tls_trace tr;
	const unsigned char empty_app[] = {23, 3, 3, 0, 1, 0};
	int i;

	client_tls_trace_reset(&tr);
	for (i = 0; i < CLIENT_TRACE_EVENTS_MAX + 10; i++)
		client_tls_trace_feed(&tr, i & 1, empty_app, sizeof(empty_app));
	UNIT_CHECK_INT(tr.nev, CLIENT_TRACE_EVENTS_MAX);
	UNIT_CHECK_INT(tr.dropped, 10);
}

int
main(void)
{
	test_tls12_flight(0);
	test_tls12_flight(1); /* one byte at a time: the same events */
	test_tls12_flight(7);
	test_tls13_and_hrr();
	test_alert_and_bad_input();
	test_many_records();
	return unit_done();
}
