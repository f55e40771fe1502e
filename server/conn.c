/* Connection phases, deadlines, shedding and strict framing on civetweb's I/O path (conn.h). */
#include "conn.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "io_hooks.h"
#include "http.h"
#include "log.h"
#include "strict_http.h"
#include "tls.h"

#define CONN_REAP_MS     100  /* how often deadlines are checked */
#define CONN_SHED_SPARE  4    /* shedding starts this close to the thread limit */
#define CONN_BODY_MIN_MS 1000 /* a body is shed only after this long */

enum conn_phase { CONN_FREE, CONN_HANDSHAKE, CONN_IDLE, CONN_HEAD, CONN_BODY, CONN_BUSY };
enum conn_cut { CONN_NOT_CUT, CONN_CUT_DEADLINE, CONN_CUT_SHED };

/*
 * One per worker thread; the reaper and the shedder read it from other threads.
 * 128 bytes each (a pair of cache lines, as the prefetcher fetches them): a worker
 * writes its slot twice per request, and neighbours sharing a line would bounce it
 * between the cores.
 */
struct conn_slot {
	pthread_mutex_t mu; /* fd and setting cut, against a shutdown() on a reused descriptor */
	int fd;
	atomic_int cut;
	atomic_int phase;
	atomic_llong since;    /* ms, when the phase began */
	atomic_llong deadline; /* ms, 0: none */
} __attribute__((aligned(128)));

/* The calling worker's connection. */
struct conn_cur {
	SSL *ssl;
	struct conn_slot *slot;
	struct strict_http_stream s;
	unsigned long heads_seen;
	int gone;    /* we ended the stream: reads return 0, errors ZERO_RETURN */
	int stalled; /* every byte held here and in OpenSSL was examined: only the socket helps */
	int body_status; /* conn.h server_conn_body_status */
};

static const struct compat_io_real *conn_real;
static struct server_conn_limits conn_lim;
static struct server_log *conn_log;
static const struct server_tls *conn_tls;
static struct strict_http_policy conn_policy;

static struct conn_slot *conn_slots; /* one per worker: conn_lim.threads */
static atomic_int conn_nslots;
static atomic_long conn_held; /* TLS connections bound to a worker (SSL_set_fd to SSL_free) */
static atomic_int conn_running;
static pthread_t conn_reaper;

static _Thread_local struct conn_cur conn_me;

static long long
conn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Relaxed stores: the reaper and the shedder only need a recent value, not an ordered one. */
static void
conn_phase(struct conn_slot *sl, enum conn_phase ph, long limit_ms)
{
	long long now = conn_now_ms();

	atomic_store_explicit(&sl->since, now, memory_order_relaxed);
	atomic_store_explicit(&sl->deadline, limit_ms > 0 ? now + limit_ms : 0,
	                      memory_order_relaxed);
	atomic_store_explicit(&sl->phase, (int)ph, memory_order_relaxed);
}

/* Cuts a connection: reads end at once; a head or body keeps its write side for an answer. */
static void
conn_cut(struct conn_slot *sl, int why)
{
	int ph = atomic_load(&sl->phase);

	pthread_mutex_lock(&sl->mu);
	if (sl->fd >= 0 && sl->cut == CONN_NOT_CUT) {
		sl->cut = why;
		shutdown(sl->fd, ph == CONN_HEAD || ph == CONN_BODY ? SHUT_RD : SHUT_RDWR);
	}
	pthread_mutex_unlock(&sl->mu);
}

/* Slots claimed so far (a failed claim counts for a moment: never past the table). */
static int
conn_slots_claimed(void)
{
	int n = atomic_load(&conn_nslots);

	return n < conn_lim.threads ? n : (int)conn_lim.threads;
}

static void *
conn_reap(void *arg)
{
	struct timespec tick = {0, CONN_REAP_MS * 1000000L};
	long long now, dl;
	int i, n, ph;

	(void)arg;
	while (atomic_load(&conn_running)) {
		nanosleep(&tick, NULL);
		now = conn_now_ms();
		n = conn_slots_claimed();
		for (i = 0; i < n; i++) {
			ph = atomic_load(&conn_slots[i].phase);
			dl = atomic_load(&conn_slots[i].deadline);
			if (ph != CONN_FREE && ph != CONN_BUSY && dl > 0 && now > dl)
				conn_cut(&conn_slots[i], CONN_CUT_DEADLINE);
		}
	}
	return NULL;
}

/* The victim for a new connection: the oldest idle, then handshake, head, slow body. */
static struct conn_slot *
conn_victim(const struct conn_slot *self)
{
	static const int order[] = {CONN_IDLE, CONN_HANDSHAKE, CONN_HEAD, CONN_BODY};
	struct conn_slot *best = NULL;
	long long now = conn_now_ms(), best_since = 0, since;
	int i, k, n = conn_slots_claimed();

	for (k = 0; k < 4 && best == NULL; k++)
		for (i = 0; i < n; i++) {
			if (&conn_slots[i] == self ||
			    atomic_load(&conn_slots[i].phase) != order[k] || conn_slots[i].cut)
				continue;
			since = atomic_load(&conn_slots[i].since);
			if (order[k] == CONN_BODY && now - since < CONN_BODY_MIN_MS)
				continue;
			if (best == NULL || since < best_since) {
				best = &conn_slots[i];
				best_since = since;
			}
		}
	return best;
}

/*
 * A worker just took a new connection. When that leaves fewer than the spare
 * workers free, one connection is shed so that the next newcomer finds a
 * worker (small pools, as in tests, keep one free).
 */
static void
conn_shed_for(const struct conn_slot *self, long held)
{
	long spare = conn_lim.threads >= 16 * CONN_SHED_SPARE ? CONN_SHED_SPARE : 1;
	struct conn_slot *victim;

	if (held > conn_lim.threads - spare && (victim = conn_victim(self)) != NULL)
		conn_cut(victim, CONN_CUT_SHED);
}

static struct conn_slot *
conn_claim_slot(void)
{
	int i = atomic_fetch_add(&conn_nslots, 1);

	if (i >= conn_lim.threads) {
		atomic_fetch_sub(&conn_nslots, 1);
		return NULL;
	}
	pthread_mutex_init(&conn_slots[i].mu, NULL);
	conn_slots[i].fd = -1;
	return &conn_slots[i];
}

/*
 * civetweb binds a new connection to this worker. A connection we cannot
 * track is never served unchecked: conn_read answers it 503 (me->slot NULL).
 */
static int
conn_set_fd(SSL *ssl, int fd)
{
	struct conn_cur *me = &conn_me;
	int rc = conn_real->set_fd(ssl, fd);

	free(me->s.in);
	memset(&me->s, 0, sizeof(me->s));
	me->ssl = ssl;
	me->heads_seen = 0;
	me->gone = me->stalled = me->body_status = 0;
	if (me->slot == NULL && (me->slot = conn_claim_slot()) == NULL)
		return rc;
	pthread_mutex_lock(&me->slot->mu);
	me->slot->fd = fd;
	me->slot->cut = CONN_NOT_CUT;
	pthread_mutex_unlock(&me->slot->mu);
	conn_phase(me->slot, CONN_HANDSHAKE, conn_lim.handshake_ms);
	conn_shed_for(me->slot, atomic_fetch_add(&conn_held, 1) + 1);
	return rc;
}

static int
conn_accept_tls(SSL *ssl)
{
	int rc = conn_real->accept(ssl);

	if (rc == 1 && conn_me.ssl == ssl && conn_me.slot != NULL)
		conn_phase(conn_me.slot, CONN_IDLE, conn_lim.idle_ms);
	return rc;
}

/* Writes a whole response civetweb never sees, and logs it. */
static void
conn_answer(struct conn_cur *me, int status, const char *extra, const char *msg, int closes)
{
	char out[2048], body[256], addr[64];
	const struct strict_http_req *r = &me->s.req;
	int n, blen;

	blen = snprintf(body, sizeof(body), "%d %s: %s\n", status, server_http_reason(status), msg);
	if (blen < 0 || (size_t)blen >= sizeof(body))
		blen = 0;
	n = snprintf(out, sizeof(out),
	             "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	             "Content-Length: %d\r\n" SERVER_SECURITY_HEADERS "%s%s\r\n%s",
	             status, server_http_reason(status), blen, extra,
	             closes ? "Connection: close\r\n" : "", body);
	if (n > 0 && (size_t)n < sizeof(out))
		conn_real->write(me->ssl, out, n);
	server_log_peer(SSL_get_fd(me->ssl), addr, sizeof(addr));
	server_log_raw(conn_log, addr, r->method[0] ? r->method : NULL,
	               r->target[0] ? r->target : NULL, r->version[0] ? r->version : NULL, status,
	               blen);
}

/* The strict layer refused the stream: answer a refused head, or tell the body reader. */
static int
conn_refuse(struct conn_cur *me, int status)
{
	if (me->s.state == STRICT_HTTP_S_HEAD) {
		fprintf(stderr, "https_server: refused a request: %s\n", me->s.req.why);
		conn_answer(me, status, "", me->s.req.why, 1);
	} else {
		me->body_status = status;
	}
	me->gone = 1;
	return 0;
}

/* The phase follows the framing: a head just accepted starts its body or the handler. */
static void
conn_track(struct conn_cur *me)
{
	int body = me->s.state != STRICT_HTTP_S_HEAD;

	if (me->s.heads != me->heads_seen) {
		me->heads_seen = me->s.heads;
		conn_phase(me->slot, body ? CONN_BODY : CONN_BUSY, body ? conn_lim.body_ms : 0);
	} else if (!body && atomic_load(&me->slot->phase) == CONN_BODY) {
		conn_phase(me->slot, CONN_BUSY, 0);
	}
}

static int
conn_deliver(struct conn_cur *me, void *buf, int num)
{
	size_t n = me->s.ready < (size_t)num ? me->s.ready : (size_t)num;

	memcpy(buf, me->s.in, n);
	memmove(me->s.in, me->s.in + n, me->s.len - n);
	me->s.len -= n;
	me->s.ready -= n;
	return (int)n;
}

static int
conn_was_cut(struct conn_cur *me)
{
	return atomic_load_explicit(&me->slot->cut, memory_order_relaxed) != CONN_NOT_CUT;
}

/* The socket ended (or failed): say why when we cut it in the middle of a request. */
static int
conn_read_end(struct conn_cur *me, int r)
{
	int ph = atomic_load(&me->slot->phase), cut, err;

	if (r < 0) {
		err = conn_real->get_error(me->ssl, r);
		if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
			return r; /* not an end: civetweb polls and calls again */
	}
	cut = atomic_load(&me->slot->cut);
	if (ph == CONN_BODY) {
		me->body_status = cut == CONN_CUT_DEADLINE ? 408 : cut == CONN_CUT_SHED ? 503 : 400;
		me->gone = 1;
		return 0;
	}
	if (ph == CONN_HEAD && cut == CONN_CUT_DEADLINE && me->s.len > 0) {
		conn_answer(me, 408, "", "the request head took too long", 1);
		me->gone = 1;
		return 0;
	}
	return r;
}

static int
conn_read(SSL *ssl, void *buf, int num)
{
	struct conn_cur *me = &conn_me;
	int r, rc;

	if (me->ssl != ssl)
		return conn_real->read(ssl, buf, num);
	if (me->slot == NULL && !me->gone) {
		conn_answer(me, 503, "Retry-After: 1\r\n",
		            "the server cannot track more connections", 1);
		me->gone = 1;
	}
	for (;;) {
		if (me->gone)
			return 0;
		if (me->s.len > 0) {
			if ((rc = strict_http_advance(&me->s, &conn_policy)) != 0)
				return conn_refuse(me, rc);
			if (me->s.req.options_star) {
				me->s.req.options_star = 0;
				conn_answer(me, 200, "Allow: GET, HEAD, POST, OPTIONS\r\n",
				            "the server supports GET, HEAD, POST, OPTIONS",
				            me->s.req.close);
				if (me->s.req.close)
					me->gone = 1;
				continue;
			}
			conn_track(me);
			if (me->s.ready > 0)
				return conn_deliver(me, buf, num);
		}
		if (me->s.in == NULL && (me->s.in = malloc(STRICT_HTTP_BUF)) == NULL)
			return conn_refuse(me, 500);
		if (me->s.len >= STRICT_HTTP_BUF)
			return conn_refuse(me, 431);
		/* cut by the reaper or the shedder: end here, OpenSSL never sees the EOF (after
		 * which it would refuse to send the answer) */
		if (conn_was_cut(me))
			return conn_read_end(me, 0);
		r = conn_real->read(ssl, me->s.in + me->s.len, (int)(STRICT_HTTP_BUF - me->s.len));
		me->stalled = r < 0 && conn_real->get_error(ssl, r) == SSL_ERROR_WANT_READ;
		if (r <= 0)
			return conn_read_end(me, r);
		if (me->s.len == 0 && atomic_load(&me->slot->phase) == CONN_IDLE)
			conn_phase(me->slot, CONN_HEAD, conn_lim.head_ms);
		me->s.len += (size_t)r;
	}
}

/*
 * civetweb polls the socket unless SSL_pending() says a read would return
 * without it; when that is true it calls SSL_read() at once, again and again.
 * So this counts only what a read can use now: bytes checked and ready to hand
 * on, decrypted bytes in OpenSSL, and, until a read has looked at them, bytes
 * not yet examined (ours, or records OpenSSL read ahead: read_ahead, tls.c).
 * Once a read found that they need more from the peer (a partial head, body
 * or record), they no longer count: civetweb waits in poll(), not in a loop.
 */
static int
conn_pending(const SSL *ssl)
{
	const struct conn_cur *me = &conn_me;
	int n = conn_real->pending(ssl);

	if (me->ssl != ssl || me->gone)
		return n;
	n += (int)me->s.ready;
	if (n == 0 && !me->stalled && (me->s.len > 0 || SSL_has_pending(ssl)))
		n = STRICT_HTTP_BUF;
	return n;
}

static int
conn_get_error(const SSL *ssl, int ret)
{
	if (conn_me.ssl == ssl && conn_me.gone)
		return SSL_ERROR_ZERO_RETURN;
	return conn_real->get_error(ssl, ret);
}

static void
conn_free(SSL *ssl)
{
	struct conn_cur *me = &conn_me;

	if (me->ssl == ssl) {
		if (me->slot != NULL) {
			pthread_mutex_lock(&me->slot->mu);
			me->slot->fd = -1;
			pthread_mutex_unlock(&me->slot->mu);
			atomic_store(&me->slot->phase, CONN_FREE);
			atomic_fetch_sub(&conn_held, 1);
		}
		free(me->s.in);
		memset(&me->s, 0, sizeof(me->s));
		me->ssl = NULL;
	}
	conn_real->free(ssl);
}

static int
conn_our_host(const char *host, size_t len, void *ctx)
{
	char name[256];

	(void)ctx;
	if (len == 0 || len >= sizeof(name))
		return 0;
	memcpy(name, host, len);
	name[len] = '\0';
	return server_tls_names_host(conn_tls, name);
}

int
server_conn_start(const struct server_conn_limits *l, struct server_log *log,
                  const struct server_tls *tls, struct err *e)
{
	static const struct compat_io_hooks hooks = {
	        conn_set_fd, conn_accept_tls, conn_read, conn_pending, conn_get_error, conn_free,
	};

	conn_lim = *l;
	conn_slots =
	        aligned_alloc(_Alignof(struct conn_slot), (size_t)l->threads * sizeof(*conn_slots));
	if (conn_slots == NULL)
		return err_set(e, "out of memory for %ld connection slots", l->threads);
	memset(conn_slots, 0, (size_t)l->threads * sizeof(*conn_slots)); /* every phase CONN_FREE */
	atomic_store(&conn_nslots, 0);
	conn_log = log;
	conn_tls = tls;
	conn_policy.our_host = conn_our_host;
	conn_policy.port = l->port;
	if ((conn_real = compat_io_install(&hooks)) == NULL)
		return err_set(e, "cannot find libssl.so.3's functions for the I/O hooks");
	atomic_store(&conn_running, 1);
	if (pthread_create(&conn_reaper, NULL, conn_reap, NULL) != 0) {
		atomic_store(&conn_running, 0);
		free(conn_slots);
		conn_slots = NULL;
		return err_set(e, "cannot start the deadline thread");
	}
	return 0;
}

void
server_conn_stop(void)
{
	if (!atomic_exchange(&conn_running, 0))
		return;
	pthread_join(conn_reaper, NULL);
	free(conn_slots); /* after mg_stop: no worker is left to use them */
	conn_slots = NULL;
}

void
server_conn_request_done(void)
{
	struct conn_cur *me = &conn_me;

	if (me->slot == NULL || me->ssl == NULL)
		return;
	if (me->s.len > 0)
		conn_phase(me->slot, CONN_HEAD, conn_lim.head_ms);
	else
		conn_phase(me->slot, CONN_IDLE, conn_lim.idle_ms);
}

int
server_conn_body_status(void)
{
	return conn_me.body_status;
}

long
server_conn_active(void)
{
	return atomic_load(&conn_held);
}

int
server_conn_overloaded(void)
{
	return server_conn_active() >= conn_lim.threads;
}
