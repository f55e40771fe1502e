/*
 * server_core: the connection hooks, reached as civetweb reaches them (dlsym on
 * the library named "libssl.so", our compat library). With one worker slot, a
 * second worker's connection cannot be tracked: it must never be served, only
 * answered 503 and ended (no path fails open).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "conn.h"
#include "err.h"
#include "unit.h"

struct conn_test_fns {
	int (*set_fd)(SSL *, int);
	int (*read)(SSL *, void *, int);
	int (*get_error)(const SSL *, int);
	int (*pending)(const SSL *);
	void (*free)(SSL *);
};

static struct conn_test_fns fns;
static SSL_CTX *conn_test_ctx;

/* What one worker saw: its read's result, the error class, and what the peer received. */
struct conn_test_worker {
	int read_rc, error, pending;
	char peer[64];
	size_t peer_len;
};

/* One worker: binds a connection (a socket pair) and reads from it once. */
static void *
conn_test_worker_run(void *arg)
{
	struct conn_test_worker *w = arg;
	int sv[2];
	char buf[64];
	SSL *ssl = SSL_new(conn_test_ctx);

	if (ssl == NULL || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return NULL;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	SSL_set_accept_state(ssl);
	fns.set_fd(ssl, sv[0]);
	w->read_rc = fns.read(ssl, buf, sizeof(buf));
	w->error = fns.get_error(ssl, w->read_rc);
	w->pending = fns.pending(ssl);
	w->peer_len = 0;
	{
		ssize_t n = read(sv[1], w->peer, sizeof(w->peer) - 1);

		w->peer_len = n > 0 ? (size_t)n : 0;
	}
	fns.free(ssl);
	close(sv[0]);
	close(sv[1]);
	return NULL;
}

static void
test_untracked_is_refused(void)
{
	struct server_conn_limits lim = {5000, 10000, 30000, 5000, 1, 443};
	struct conn_test_worker first = {0}, second = {0};
	struct err e;
	pthread_t t;
	void *shim = dlopen("libssl.so", RTLD_NOW | RTLD_NOLOAD);

	UNIT_CHECK(shim != NULL);
	if (shim == NULL)
		return;
	fns.set_fd = (int (*)(SSL *, int))dlsym(shim, "SSL_set_fd");
	fns.read = (int (*)(SSL *, void *, int))dlsym(shim, "SSL_read");
	fns.get_error = (int (*)(const SSL *, int))dlsym(shim, "SSL_get_error");
	fns.pending = (int (*)(const SSL *))dlsym(shim, "SSL_pending");
	fns.free = (void (*)(SSL *))dlsym(shim, "SSL_free");
	conn_test_ctx = SSL_CTX_new(TLS_server_method());
	err_clear(&e);
	UNIT_CHECK_INT(server_conn_start(&lim, NULL, NULL, &e), 0);

	/* The first worker claims the only slot and keeps it (a worker's slot is its own). */
	UNIT_CHECK_INT(pthread_create(&t, NULL, conn_test_worker_run, &first), 0);
	pthread_join(t, NULL);
	UNIT_CHECK(first.read_rc < 0);
	UNIT_CHECK_INT(first.error, SSL_ERROR_WANT_READ); /* tracked: waiting for a ClientHello */
	UNIT_CHECK_INT(server_conn_active(), 0);          /* freed again */

	/* A second worker finds no slot: its connection is ended, never read. */
	UNIT_CHECK_INT(pthread_create(&t, NULL, conn_test_worker_run, &second), 0);
	pthread_join(t, NULL);
	UNIT_CHECK_INT(second.read_rc, 0);
	UNIT_CHECK_INT(second.error, SSL_ERROR_ZERO_RETURN);
	UNIT_CHECK_INT(second.pending, 0);
	UNIT_CHECK_INT(server_conn_active(), 0);

	server_conn_stop();
	SSL_CTX_free(conn_test_ctx);
}

int
main(void)
{
	test_untracked_is_refused();
	return unit_done();
}
