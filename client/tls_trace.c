/* Reading TLS records off our own socket for -v; see tls_trace.h. */
#include "tls_trace.h"

#include "tls_fail.h"

#include <string.h>

#define TRACE_RECORD_MAX (16384 + 2048) /* RFC 8446 section 5.2: the largest ciphertext */

/* RFC 8446 section 4.1.3: a ServerHello with this random is a HelloRetryRequest. */
static const unsigned char trace_hrr_random[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11,
                                                   0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
                                                   0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
                                                   0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

enum {
	HS_CLIENT_HELLO = 1,
	HS_SERVER_HELLO = 2,
	HS_NEW_SESSION_TICKET = 4,
	HS_ENCRYPTED_EXTENSIONS = 8,
	HS_CERTIFICATE = 11,
	HS_SERVER_KEY_EXCHANGE = 12,
	HS_CERTIFICATE_REQUEST = 13,
	HS_SERVER_HELLO_DONE = 14,
	HS_CERTIFICATE_VERIFY = 15,
	HS_CLIENT_KEY_EXCHANGE = 16,
	HS_FINISHED = 20,
};

enum { REC_CCS = 20, REC_ALERT = 21, REC_HANDSHAKE = 22, REC_APPDATA = 23 };

void
client_tls_trace_reset(struct client_tls_trace *tr)
{
	memset(tr, 0, sizeof(*tr));
}

static struct client_trace_event *
trace_add(struct client_tls_trace *tr, int from_server, enum client_trace_kind kind,
          unsigned long size)
{
	struct client_trace_event *ev;

	if (tr->nev == CLIENT_TRACE_EVENTS_MAX) {
		tr->dropped++;
		return NULL;
	}
	ev = &tr->ev[tr->nev++];
	memset(ev, 0, sizeof(*ev));
	ev->from_server = from_server;
	ev->kind = kind;
	ev->hs_type = -1;
	ev->size = size;
	return ev;
}

static unsigned
trace_u16(const unsigned char *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

/* Reads what the ServerHello picked from its first bytes (b, n); every read bounded by n. */
static void
trace_server_hello(struct client_tls_trace *tr, struct client_trace_event *ev,
                   const unsigned char *b, size_t n)
{
	size_t off, end;

	if (n < 35)
		return;
	ev->version = trace_u16(b);
	ev->hrr = memcmp(b + 2, trace_hrr_random, 32) == 0;
	off = 35 + b[34]; /* after the legacy session id */
	if (off + 5 > n)
		return;
	ev->suite = trace_u16(b + off);
	end = off + 5 + trace_u16(b + off + 3);
	for (off += 5; off + 4 <= n && off + 4 <= end; off += 4 + trace_u16(b + off + 2))
		if (trace_u16(b + off) == 43 && trace_u16(b + off + 2) == 2 && off + 6 <= n)
			ev->version = trace_u16(b + off + 4); /* supported_versions */
	if (ev->version == 0x0304)
		tr->tls13 = 1;
}

static void
trace_message_done(struct client_tls_trace *tr, struct client_trace_dir *d, int from_server)
{
	unsigned long len = ((unsigned long)d->hs_hdr[1] << 16) |
	                    ((unsigned long)d->hs_hdr[2] << 8) | d->hs_hdr[3];
	struct client_trace_event *ev = trace_add(tr, from_server, CLIENT_TRACE_HANDSHAKE, len);

	if (ev != NULL) {
		ev->hs_type = d->hs_hdr[0];
		if (ev->hs_type == HS_SERVER_HELLO && from_server)
			trace_server_hello(tr, ev, d->body, d->body_got);
	}
	d->hs_got = 0;
}

/* Handshake bytes in clear: 4-byte message headers, then bodies, across records. */
static void
trace_handshake_bytes(struct client_tls_trace *tr, struct client_trace_dir *d, int from_server,
                      const unsigned char *p, size_t n)
{
	size_t take;

	while (n > 0) {
		if (d->hs_got < 4) {
			d->hs_hdr[d->hs_got++] = *p++;
			n--;
			if (d->hs_got == 4) {
				d->hs_left = ((unsigned long)d->hs_hdr[1] << 16) |
				             ((unsigned long)d->hs_hdr[2] << 8) | d->hs_hdr[3];
				d->body_got = 0;
				if (d->hs_left == 0)
					trace_message_done(tr, d, from_server);
			}
			continue;
		}
		take = n < d->hs_left ? n : (size_t)d->hs_left;
		if (d->body_got < sizeof(d->body)) {
			size_t keep = sizeof(d->body) - d->body_got;
			keep = keep < take ? keep : take;
			memcpy(d->body + d->body_got, p, keep);
			d->body_got += keep;
		}
		p += take;
		n -= take;
		d->hs_left -= take;
		if (d->hs_left == 0)
			trace_message_done(tr, d, from_server);
	}
}

/* A complete record header: check it, note what it is. */
static void
trace_record_start(struct client_tls_trace *tr, struct client_trace_dir *d, int from_server)
{
	struct client_trace_event *ev;

	d->rec_type = d->hdr[0];
	d->rec_left = trace_u16(d->hdr + 3);
	if (d->rec_type < REC_CCS || d->rec_type > REC_APPDATA || d->hdr[1] != 3 ||
	    d->rec_left > TRACE_RECORD_MAX) {
		tr->broken = 1;
		return;
	}
	/* TLS 1.2 encrypts a side's records after its ChangeCipherSpec; 1.3 uses type 23. */
	d->rec_encrypted = d->rec_type == REC_APPDATA || (d->ccs_seen && !tr->tls13);
	d->alert_got = 0;
	if (d->rec_type == REC_CCS) {
		d->ccs_seen = 1;
		trace_add(tr, from_server, CLIENT_TRACE_CCS, d->rec_left);
	} else if (d->rec_encrypted) {
		ev = trace_add(tr, from_server, CLIENT_TRACE_ENCRYPTED, d->rec_left);
		if (ev != NULL)
			ev->hs_type = d->rec_type == REC_HANDSHAKE ? HS_FINISHED : -1;
		if (ev != NULL && d->rec_type == REC_ALERT)
			ev->alert_level = -1; /* an encrypted alert */
	}
}

void
client_tls_trace_feed(struct client_tls_trace *tr, int from_server, const void *buf, size_t n)
{
	struct client_trace_dir *d = &tr->dir[from_server ? 1 : 0];
	const unsigned char *p = buf;
	struct client_trace_event *ev;
	size_t take;

	while (n > 0 && !tr->broken) {
		if (d->hdr_got < 5) {
			d->hdr[d->hdr_got++] = *p++;
			n--;
			if (d->hdr_got == 5)
				trace_record_start(tr, d, from_server);
			if (d->hdr_got == 5 && d->rec_left == 0)
				d->hdr_got = 0;
			continue;
		}
		take = n < d->rec_left ? n : (size_t)d->rec_left;
		if (d->rec_type == REC_HANDSHAKE && !d->rec_encrypted)
			trace_handshake_bytes(tr, d, from_server, p, take);
		else if (d->rec_type == REC_ALERT && !d->rec_encrypted)
			for (size_t i = 0; i < take && d->alert_got < 2; i++) {
				d->alert[d->alert_got++] = p[i];
				if (d->alert_got == 2 &&
				    (ev = trace_add(tr, from_server, CLIENT_TRACE_ALERT, 2)) !=
				            NULL) {
					ev->alert_level = d->alert[0];
					ev->alert_desc = d->alert[1];
				}
			}
		p += take;
		n -= take;
		d->rec_left -= take;
		if (d->rec_left == 0)
			d->hdr_got = 0;
	}
}

/* --- printing --------------------------------------------------------------- */

static const char *
trace_suite_name(unsigned id)
{
	static const struct {
		unsigned id;
		const char *name;
	} suites[] = {
	        {0x1301, "TLS_AES_128_GCM_SHA256"},
	        {0x1302, "TLS_AES_256_GCM_SHA384"},
	        {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
	        {0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256"},
	        {0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384"},
	        {0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305"},
	        {0xc02f, "ECDHE-RSA-AES128-GCM-SHA256"},
	        {0xc030, "ECDHE-RSA-AES256-GCM-SHA384"},
	        {0xcca8, "ECDHE-RSA-CHACHA20-POLY1305"},
	};
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (suites[i].id == id)
			return suites[i].name;
	return "a suite";
}

static void
trace_line(const struct client_report *rep, int from_server, const char *name, unsigned long size,
           const char *what)
{
	client_report_step(rep, '*', "  %c %-22s %6lu  %s", from_server ? '<' : '>', name, size,
	                   what);
}

/* One handshake message read in clear. */
static void
trace_print_clear(const struct client_tls_trace *tr, const struct client_trace_event *ev,
                  const struct client_trace_facts *f, const struct client_report *rep)
{
	char what[256];
	int s = ev->from_server;

	switch (ev->hs_type) {
	case HS_CLIENT_HELLO:
		snprintf(what, sizeof(what),
		         "our offer in clear: versions, suites, groups%s, SNI %s, ALPN %s, a fresh "
		         "random",
		         tr->tls13 ? " and a key share" : "", f->sni[0] ? f->sni : "(none)",
		         f->alpn);
		trace_line(rep, s, "ClientHello", ev->size, what);
		return;
	case HS_SERVER_HELLO:
		if (ev->hrr) {
			trace_line(
			        rep, s, "HelloRetryRequest", ev->size,
			        "the server wants a key share for another of our groups: we send "
			        "a second ClientHello");
			return;
		}
		snprintf(what, sizeof(what), "picks TLS 1.%u and %s%s", ev->version - 0x0301,
		         trace_suite_name(ev->suite),
		         tr->tls13
		                 ? ", with its key share: both sides now derive the handshake keys "
		                   "(ECDHE)"
		                 : ", and its random");
		trace_line(rep, s, "ServerHello", ev->size, what);
		return;
	case HS_CERTIFICATE:
		if (!s) {
			trace_line(rep, s, "Certificate", ev->size,
			           f->have_cert ? "our client certificate chain"
			                        : "empty: we have no client certificate (--cert)");
			return;
		}
		snprintf(what, sizeof(what),
		         "the server's chain, %d certificate%s, leaf first, IN CLEAR: onlookers "
		         "read "
		         "it; we check trust, dates and name",
		         f->nchain, f->nchain == 1 ? "" : "s");
		trace_line(rep, s, "Certificate", ev->size, what);
		return;
	case HS_SERVER_KEY_EXCHANGE:
		trace_line(rep, s, "ServerKeyExchange", ev->size,
		           "the server's one-time ECDHE public key, signed with the leaf's private "
		           "key: proves it holds that key; gives forward secrecy");
		return;
	case HS_CERTIFICATE_REQUEST:
		trace_line(rep, s, "CertificateRequest", ev->size,
		           "the server asks for a client certificate (mutual TLS)");
		return;
	case HS_SERVER_HELLO_DONE:
		trace_line(rep, s, "ServerHelloDone", ev->size,
		           "the server's first flight is complete");
		return;
	case HS_CLIENT_KEY_EXCHANGE:
		trace_line(rep, s, "ClientKeyExchange", ev->size,
		           "our one-time ECDHE public key: both sides now compute the same secret");
		return;
	case HS_CERTIFICATE_VERIFY:
		trace_line(rep, s, "CertificateVerify", ev->size,
		           "our signature over the handshake: proves we hold the client key");
		return;
	case HS_NEW_SESSION_TICKET:
		trace_line(rep, s, "NewSessionTicket", ev->size,
		           "a ticket to resume this session later without a full handshake");
		return;
	default:
		snprintf(what, sizeof(what), "handshake message type %d", ev->hs_type);
		trace_line(rep, s, "Handshake", ev->size, what);
	}
}

static const char *const trace_finished =
        "a MAC over the whole handshake with the new keys: proves both ends saw the same "
        "messages, untampered";

/* One message hidden in a TLS 1.3 encrypted record, by name. */
static void
trace_print_hidden(int from_server, int type, unsigned long size,
                   const struct client_trace_facts *f, const struct client_report *rep)
{
	char what[256];

	switch (type) {
	case HS_ENCRYPTED_EXTENSIONS:
		trace_line(rep, from_server, "EncryptedExtensions", size,
		           "the rest of the server's answers (such as ALPN), the first encrypted "
		           "message");
		break;
	case HS_CERTIFICATE_REQUEST:
		trace_line(rep, from_server, "CertificateRequest", size,
		           "the server asks for a client certificate (mutual TLS)");
		break;
	case HS_CERTIFICATE:
		if (from_server)
			snprintf(what, sizeof(what),
			         "the server's chain, %d certificate%s, leaf first, encrypted: "
			         "onlookers do not see it",
			         f->nchain, f->nchain == 1 ? "" : "s");
		else
			snprintf(what, sizeof(what), "%s",
			         f->have_cert ? "our client certificate chain"
			                      : "empty: we have no client certificate (--cert)");
		trace_line(rep, from_server, "Certificate", size, what);
		break;
	case HS_CERTIFICATE_VERIFY:
		trace_line(rep, from_server, "CertificateVerify", size,
		           from_server
		                   ? "signature over the handshake with the leaf's private key: "
		                     "proves the server holds it"
		                   : "our signature over the handshake: proves we hold the "
		                     "client key");
		break;
	default:
		trace_line(rep, from_server, "Finished", size, trace_finished);
	}
}

/*
 * A run of n TLS 1.3 encrypted records from one side, holding the messages
 * types[0..ntypes): one line per record when the counts match (as OpenSSL
 * sends them), else one line for the run.
 */
static void
trace_print_run(const struct client_trace_event *ev, int n, const int *types, int ntypes,
                const struct client_trace_facts *f, const struct client_report *rep)
{
	unsigned long total = 0;
	char what[256];
	int i;

	if (n == ntypes) {
		for (i = 0; i < n; i++)
			trace_print_hidden(ev[i].from_server, types[i], ev[i].size, f, rep);
		return;
	}
	for (i = 0; i < n; i++)
		total += ev[i].size;
	snprintf(what, sizeof(what), "%d encrypted records holding %d handshake messages", n,
	         ntypes);
	trace_line(rep, ev[0].from_server, "(encrypted)", total, what);
	for (i = 0; i < ntypes; i++)
		trace_print_hidden(ev[0].from_server, types[i], 0, f, rep);
}

/* Length of the run of encrypted records from one side starting at i. */
static int
trace_run(const struct client_tls_trace *tr, int i)
{
	int n = 0;

	while (i + n < tr->nev && tr->ev[i + n].kind == CLIENT_TRACE_ENCRYPTED &&
	       tr->ev[i + n].from_server == tr->ev[i].from_server)
		n++;
	return n;
}

/* The TLS 1.3 messages the records from i on hide, derived from what the connection did. */
static int
trace_print_tls13_run(const struct client_tls_trace *tr, int i, int *runs,
                      const struct client_trace_facts *f, const struct client_report *rep)
{
	const struct client_trace_event *ev = &tr->ev[i];
	int n = trace_run(tr, i), types[5], nt = 0, next = i + n;
	int peer_n = next < tr->nev ? trace_run(tr, next) : 0;
	int asked = f->asked_cert || (!f->resumed && ev->from_server && n == 5) ||
	            (!ev->from_server && n >= 2);

	if (ev->from_server && *runs == 0) {
		if (!f->resumed && !asked && peer_n >= 2 && f->ok)
			asked = 1; /* we sent a Certificate: the server must have asked */
		types[nt++] = HS_ENCRYPTED_EXTENSIONS;
		if (!f->resumed && asked)
			types[nt++] = HS_CERTIFICATE_REQUEST;
		if (!f->resumed) {
			types[nt++] = HS_CERTIFICATE;
			types[nt++] = HS_CERTIFICATE_VERIFY;
		}
		types[nt++] = HS_FINISHED;
	} else if (!ev->from_server && *runs == 1 && f->ok) {
		if (asked) {
			types[nt++] = HS_CERTIFICATE;
			if (f->have_cert)
				types[nt++] = HS_CERTIFICATE_VERIFY;
		}
		types[nt++] = HS_FINISHED;
	} else {
		trace_line(rep, ev->from_server, "(encrypted)", ev->size,
		           !ev->from_server && !f->ok
		                   ? "an encrypted alert: we tell the server why we stop"
		                   : "encrypted record (an alert, a ticket or application data)");
		return i + 1;
	}
	(*runs)++;
	trace_print_run(ev, n, types, nt, f, rep);
	return next;
}

static void
trace_print_other(const struct client_tls_trace *tr, const struct client_trace_event *ev,
                  const struct client_report *rep)
{
	char what[128];

	if (ev->kind == CLIENT_TRACE_CCS) {
		trace_line(rep, ev->from_server, "ChangeCipherSpec", ev->size,
		           tr->tls13
		                   ? "a dummy record for old middleboxes; means nothing in TLS 1.3"
		                   : "from here on this side encrypts");
	} else if (ev->kind == CLIENT_TRACE_ALERT) {
		snprintf(what, sizeof(what), "%s alert in clear: %s",
		         ev->alert_level == 2 ? "a fatal" : "a warning",
		         client_tls_alert_name(ev->alert_desc));
		trace_line(rep, ev->from_server, "Alert", ev->size, what);
	} else if (ev->hs_type == HS_FINISHED) {
		trace_line(rep, ev->from_server, "Finished", ev->size, trace_finished);
	} else {
		trace_line(rep, ev->from_server, "(encrypted)", ev->size,
		           ev->alert_level == -1 ? "an encrypted alert" : "application data");
	}
}

void
client_tls_trace_print(const struct client_tls_trace *tr, const struct client_trace_facts *f,
                       const struct client_report *rep)
{
	int i = 0, runs = 0;

	if (!rep->verbose || tr->nev == 0)
		return;
	client_report_step(rep, '*',
	                   "the handshake on the wire, in order (> we sent, < we received; "
	                   "bytes of the message, or of the record when encrypted):");
	while (i < tr->nev) {
		const struct client_trace_event *ev = &tr->ev[i];

		if (ev->kind == CLIENT_TRACE_HANDSHAKE)
			trace_print_clear(tr, ev, f, rep), i++;
		else if (ev->kind == CLIENT_TRACE_ENCRYPTED && tr->tls13)
			i = trace_print_tls13_run(tr, i, &runs, f, rep);
		else
			trace_print_other(tr, ev, rep), i++;
	}
	if (tr->broken)
		client_report_step(rep, '*', "  (bytes that are not TLS records: stopped reading)");
	if (tr->dropped)
		client_report_step(rep, '*', "  (%d more records not shown)", tr->dropped);
	if (tr->tls13)
		client_report_step(rep, '*',
		                   "  (names of encrypted messages are derived from this "
		                   "connection%s; wolfSSL 5.5.4 does not report the TLS 1.3 "
		                   "messages it decrypts; the record sizes are real)",
		                   f->resumed ? " (resumed: no certificate)" : "");
}
