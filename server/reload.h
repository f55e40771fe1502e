/*
 * Replacing the certificate and key while the server runs (SIGHUP), without
 * a restart and without touching an SSL_CTX that worker threads are using.
 *
 * The SSL_CTX gets a certificate callback (SSL_CTX_set_cert_cb) that, at each
 * handshake, copies the current keypair into that one connection
 * (SSL_use_cert_and_key). A reload reads and checks a whole new keypair first,
 * then swaps one pointer under a lock; handshakes that already took the old
 * keypair keep it through OpenSSL's reference counts, so no request in flight
 * is dropped. A reload that fails changes nothing.
 */
#ifndef SERVER_RELOAD_H
#define SERVER_RELOAD_H

#include <signal.h>
#include <stdio.h>

#include "err.h"
#include "tls.h"

struct server_reload;

/*
 * Takes the keypair already installed in ctx (an SSL_CTX *) as the current
 * one and installs the certificate callback. o is copied by pointer: the
 * strings it names must outlive r. Returns 0 with *out set (free with
 * server_reload_free after the server stopped), or -1 with e set.
 */
int server_reload_init(struct server_reload **out, void *ctx, const struct server_tls_options *o,
                       struct err *e);

/*
 * Reads o->cert and o->key again (and the passphrase source, for an
 * encrypted key), checks them as at start (validity, key match, plain-key
 * rules) and makes them current. Writes one line to log: the new leaf's
 * serial and fingerprint, or why the reload failed and which serial is still
 * served. Returns 0, or -1 with e set (the current keypair is unchanged).
 */
int server_reload_run(struct server_reload *r, FILE *log, struct err *e);

/*
 * Describes the current leaf in buf: "serial HEX, sha256 AB:CD:.., subject
 * .., issuer .., valid until ..".
 */
void server_reload_describe(struct server_reload *r, char *buf, size_t size);

/* Seconds between two looks at the certificate and key files on disk. */
#define SERVER_RELOAD_CHECK_S 1

/*
 * Compares --cert and --key on disk with the files last loaded (replaced,
 * rewritten or removed since); on the first difference logs once that the
 * server still serves the loaded certificate, and how to load the new one.
 */
void server_reload_check_files(struct server_reload *r, FILE *log);

/*
 * Waits in sigtimedwait() for the signals in sigs (blocked in every thread;
 * SIGHUP among them) and runs server_reload_run, logging to log, on each
 * SIGHUP; every SERVER_RELOAD_CHECK_S seconds without a signal it runs
 * server_reload_check_files. Returns the first other signal received.
 */
int server_reload_wait(struct server_reload *r, const sigset_t *sigs, FILE *log);

/*
 * After each successful reload, calls fn(arg, chain) in the reloading thread,
 * chain being the new STACK_OF(X509) (leaf first; only lent for the call).
 * One hook; NULL removes it.
 */
void server_reload_on_change(struct server_reload *r, void (*fn)(void *arg, void *chain),
                             void *arg);

/* Frees r. NULL is fine. */
void server_reload_free(struct server_reload *r);

#endif
