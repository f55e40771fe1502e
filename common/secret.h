/*
 * Secrets in memory: wiping that the compiler cannot drop, and keeping them
 * out of core dumps. Secrets on disk: a warning when a file holding one is
 * open to other users.
 */
#ifndef DEMO_SECRET_H
#define DEMO_SECRET_H

#include <stddef.h>
#include <stdio.h>

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

/*
 * Warns on out when the file that holds a private key or a passphrase can be
 * read or written by its group or by others (ssh refuses such a key; we warn,
 * see docs/server.md "Keys and passphrases on disk"):
 *   PROG: warning: PATH is readable by group and others (mode 0644)
 *   fix: chmod 600 PATH
 * PROG is the program's name. fd is the open file (fstat), or -1 to stat
 * path. Each file is warned about once per process (a passphrase file named
 * twice, say). Returns 1 when it warned (now or before), 0 when the file is
 * private, -1 when its mode could not be read (nothing printed: the read that
 * follows says why).
 */
int secret_file_check(int fd, const char *path, FILE *out);

#endif
