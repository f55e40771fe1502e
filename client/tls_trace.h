/*
 * The handshake as it happened on the wire, for -v: every TLS record our
 * socket sends or receives passes through here (the I/O callbacks of tls.c),
 * and a small bounded reader notes the record types and sizes and, for the
 * handshake messages still in clear, their types. After the handshake the list
 * is printed in order and direction, one line each on what the message
 * carries or proves.
 *
 * Debian's wolfSSL 5.5.4 reports nothing of the TLS 1.3 messages it decrypts
 * (its message callback sees only the ClientHello; it has no key-log or
 * handshake callback), so the names of the encrypted TLS 1.3 messages are
 * derived from what the connection did (full or resumed handshake, client
 * certificate asked for or not), and the output says so. Their record sizes
 * are real. This file does not use wolfSSL: it reads bytes only.
 */
#ifndef CLIENT_TLS_TRACE_H
#define CLIENT_TLS_TRACE_H

#include <stddef.h>

#include "report.h"

#define CLIENT_TRACE_EVENTS_MAX 48
#define CLIENT_TRACE_BODY_MAX   128 /* first bytes kept of a clear handshake message */

enum client_trace_kind {
	CLIENT_TRACE_HANDSHAKE, /* a handshake message in clear (type in hs_type) */
	CLIENT_TRACE_CCS,       /* ChangeCipherSpec record */
	CLIENT_TRACE_ALERT,     /* alert in clear */
	CLIENT_TRACE_ENCRYPTED, /* an encrypted record: its content is unknown on the wire */
};

struct client_trace_event {
	int from_server;
	enum client_trace_kind kind;
	int hs_type;        /* handshake type (RFC 8446 section 4), or -1 */
	unsigned long size; /* the message's length, or the record's for CCS/alert/encrypted */
	int alert_level, alert_desc;
	int hrr;          /* a ServerHello that is a HelloRetryRequest */
	unsigned version; /* ServerHello: the version it picks */
	unsigned suite;   /* ServerHello: the suite it picks */
};

/* The reader of one direction: a record header, then its body. */
struct client_trace_dir {
	unsigned char hdr[5];
	size_t hdr_got;
	unsigned long rec_left;
	int rec_type, rec_encrypted;
	int ccs_seen; /* TLS 1.2: this side encrypts from its ChangeCipherSpec on */
	/* the handshake message being read (messages may span records) */
	unsigned char hs_hdr[4];
	size_t hs_got;
	unsigned long hs_left;
	unsigned char body[CLIENT_TRACE_BODY_MAX];
	size_t body_got;
	unsigned char alert[2];
	size_t alert_got;
};

struct client_tls_trace {
	struct client_trace_dir dir[2]; /* [0] what we send, [1] what we receive */
	struct client_trace_event ev[CLIENT_TRACE_EVENTS_MAX];
	int nev, dropped;
	int tls13;  /* the ServerHello picked TLS 1.3 */
	int broken; /* bytes that are not TLS records: reading stopped */
};

/* What the connection did, for naming what the wire hides. */
struct client_trace_facts {
	int ok;           /* the handshake succeeded */
	int resumed;      /* a resumed session (no certificate sent) */
	int nchain;       /* certificates the server sent */
	int asked_cert;   /* the server asked for a client certificate (as far as we know) */
	int have_cert;    /* we had one to send */
	const char *sni;  /* "" for none */
	const char *alpn; /* what we offered */
};

/* Empties tr for a new connection. */
void client_tls_trace_reset(struct client_tls_trace *tr);

/* Notes n bytes that went over the socket (from_server: received). Never fails. */
void client_tls_trace_feed(struct client_tls_trace *tr, int from_server, const void *buf, size_t n);

/* With -v, prints the handshake so far in order, one line per message. */
void client_tls_trace_print(const struct client_tls_trace *tr, const struct client_trace_facts *f,
                            const struct client_report *rep);

#endif
