/*
 * Secrets in memory: wiping that the compiler cannot drop, and keeping them
 * out of core dumps.
 */
#ifndef DEMO_SECRET_H
#define DEMO_SECRET_H

#include <stddef.h>

/* Overwrites len bytes at p with zeros; never optimised away. NULL is fine. */
void secret_wipe(void *p, size_t len);

/* Wipes len bytes at p, then frees p (a buffer from malloc). NULL is fine. */
void secret_free(void *p, size_t len);

/* Wipes the whole C string s (up to its NUL) in place. NULL is fine. */
void secret_wipe_str(char *s);

/*
 * Keeps secrets out of core dumps: sets RLIMIT_CORE to 0 and marks the
 * process non-dumpable. Returns 0, or -1 if either call failed (not fatal).
 */
int secret_no_core_dumps(void);

#endif
