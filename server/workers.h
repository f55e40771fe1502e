/*
 * civetweb's worker threads, started as load grows instead of all at start.
 *
 * civetweb 1.15 creates every one of its num_threads workers inside
 * mg_start2() (it has no prespawn option) and then hands each accepted
 * connection to an idle one. This module interposes pthread_create() and
 * pthread_join() (civetweb calls them through the dynamic linker, so the
 * definitions in our executable are the ones it reaches): while armed around
 * mg_start2(), it starts only the first few workers and records the rest; a
 * recorded worker is started when the accept hook (conn.c) sees demand
 * approach the started count, or at the latest when civetweb joins it at
 * shutdown. civetweb hands a connection only to a worker that has announced
 * itself idle, so a worker not started yet is never given one. Every other
 * thread (civetweb's master, OpenSSL's, ours) is created at once, unchanged.
 */
#ifndef SERVER_WORKERS_H
#define SERVER_WORKERS_H

/* Arms the deferral for the next mg_start2(): at most prespawn workers start at once. */
void server_workers_arm(long prespawn);

/* Disarms it (call after mg_start2 returns). */
void server_workers_disarm(void);

/* Starts recorded workers until at least want have been started. Thread-safe. */
void server_workers_ensure(long want);

/* Workers started so far, and all workers civetweb asked for. */
long server_workers_started(void);
long server_workers_total(void);

#endif
