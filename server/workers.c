/* Worker threads on demand: pthread_create/pthread_join interposed (see workers.h). */
#define _GNU_SOURCE
#include "workers.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "server.h"

enum workers_state { WORKER_FREE, WORKER_DEFERRED, WORKER_STARTED };

struct workers_slot {
	enum workers_state state;
	void *(*fn)(void *);
	void *arg;
	size_t stack;
	pthread_t real;
};

typedef int (*workers_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*workers_join_fn)(pthread_t, void **);

static pthread_mutex_t workers_mu = PTHREAD_MUTEX_INITIALIZER;
static struct workers_slot workers_slots[SERVER_MAX_THREADS];
static long workers_nslots;
static atomic_long workers_started_n;
static int workers_armed;
static long workers_prespawn;
static void *(*workers_last_fn)(void *);
static void *(*workers_worker_fn)(void *);

static workers_create_fn
workers_real_create(void)
{
	static workers_create_fn real;

	if (real == NULL)
		real = (workers_create_fn)dlsym(RTLD_NEXT, "pthread_create");
	return real;
}

static workers_join_fn
workers_real_join(void)
{
	static workers_join_fn real;

	if (real == NULL)
		real = (workers_join_fn)dlsym(RTLD_NEXT, "pthread_join");
	return real;
}

void
server_workers_arm(long prespawn)
{
	pthread_mutex_lock(&workers_mu);
	workers_armed = 1;
	workers_prespawn = prespawn < 1 ? 1 : prespawn;
	workers_last_fn = workers_worker_fn = NULL;
	workers_nslots = 0;
	atomic_store(&workers_started_n, 0);
	pthread_mutex_unlock(&workers_mu);
}

void
server_workers_disarm(void)
{
	pthread_mutex_lock(&workers_mu);
	workers_armed = 0;
	pthread_mutex_unlock(&workers_mu);
}

/* Starts slot s for real, with the stack size civetweb asked for. Caller holds workers_mu. */
static int
workers_start(struct workers_slot *s)
{
	pthread_attr_t attr;
	int rc;

	pthread_attr_init(&attr);
	if (s->stack > 0)
		pthread_attr_setstacksize(&attr, s->stack);
	rc = workers_real_create()(&s->real, &attr, s->fn, s->arg);
	pthread_attr_destroy(&attr);
	if (rc == 0) {
		s->state = WORKER_STARTED;
		atomic_fetch_add(&workers_started_n, 1);
	}
	return rc;
}

void
server_workers_ensure(long want)
{
	long i;

	if (atomic_load(&workers_started_n) >= want)
		return;
	pthread_mutex_lock(&workers_mu);
	for (i = 0; i < workers_nslots && atomic_load(&workers_started_n) < want; i++)
		if (workers_slots[i].state == WORKER_DEFERRED &&
		    workers_start(&workers_slots[i]) != 0)
			break; /* out of threads: civetweb's started workers carry on */
	pthread_mutex_unlock(&workers_mu);
}

long
server_workers_started(void)
{
	return atomic_load(&workers_started_n);
}

long
server_workers_total(void)
{
	long n;

	pthread_mutex_lock(&workers_mu);
	n = workers_nslots;
	pthread_mutex_unlock(&workers_mu);
	return n;
}

/*
 * Records a worker (the routine civetweb starts again and again while armed),
 * starting it now only within the prespawn count. Returns -1 when fn is not a
 * worker, else pthread_create's result. Caller holds workers_mu.
 */
static int
workers_record(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct workers_slot *s;
	size_t stack = 0;

	if (workers_worker_fn == NULL && fn == workers_last_fn) {
		workers_worker_fn = fn; /* the previous call started the first worker */
		atomic_store(&workers_started_n, 1);
	}
	workers_last_fn = fn;
	if (fn != workers_worker_fn || workers_nslots >= SERVER_MAX_THREADS)
		return -1;
	s = &workers_slots[workers_nslots++];
	if (attr != NULL)
		pthread_attr_getstacksize(attr, &stack);
	s->fn = fn;
	s->arg = arg;
	s->stack = stack;
	s->state = WORKER_DEFERRED;
	*t = (pthread_t)s;
	if (atomic_load(&workers_started_n) < workers_prespawn)
		return workers_start(s);
	return 0;
}

int
pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	int rc = -1;

	pthread_mutex_lock(&workers_mu);
	if (workers_armed)
		rc = workers_record(t, attr, fn, arg);
	pthread_mutex_unlock(&workers_mu);
	if (rc != -1)
		return rc;
	return workers_real_create()(t, attr, fn, arg);
}

/* A recorded worker never started is started now: it sees the stop flag and ends. */
int
pthread_join(pthread_t t, void **ret)
{
	struct workers_slot *s = (struct workers_slot *)t;
	pthread_t real = t;

	if (s >= workers_slots && s < workers_slots + SERVER_MAX_THREADS) {
		pthread_mutex_lock(&workers_mu);
		if (s->state == WORKER_DEFERRED && workers_start(s) != 0) {
			pthread_mutex_unlock(&workers_mu);
			return 0;
		}
		real = s->real;
		s->state = WORKER_FREE;
		pthread_mutex_unlock(&workers_mu);
	}
	return workers_real_join()(real, ret);
}
