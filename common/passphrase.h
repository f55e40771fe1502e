/*
 * Passphrase sources. A passphrase never comes from argv; a source names
 * where to read it:
 *
 *   file:PATH   first line of PATH (the trailing newline is dropped)
 *   env:VAR     the value of environment variable VAR (unset after reading)
 *   fd:N        first line read from open descriptor N
 *   prompt      ask on the terminal (/dev/tty) without echo
 *
 * A bare word that is none of these is refused, so a passphrase typed by
 * mistake in place of a source is never used (and never echoed back).
 */
#ifndef DEMO_PASSPHRASE_H
#define DEMO_PASSPHRASE_H

#include <stddef.h>

#include "err.h"

/* Returns 1 if spec has the form of a valid source, 0 otherwise. */
int passphrase_source_valid(const char *spec);

/*
 * Reads a passphrase from source spec into buf (NUL-terminated, at most
 * size - 1 bytes). prompt is the text shown when spec is "prompt"; when
 * confirm is non-zero the prompt is asked twice and both must match.
 * Refuses an empty passphrase. Returns the length, or -1 with e set and
 * e->code DEMO_EXIT_USAGE (not a source), DEMO_EXIT_FILE (the file cannot be
 * read) or DEMO_EXIT_PASSPHRASE (none came), and a fix line that fits the
 * source; buf is wiped on failure. The caller wipes buf with secret_wipe() after use.
 */
int passphrase_read(const char *spec, const char *prompt, int confirm, char *buf, size_t size,
                    struct err *e);

/*
 * Reads the first line of the open descriptor fd into buf, as for "fd:N".
 * Returns the length, or -1 with e set.
 */
int passphrase_read_fd(int fd, char *buf, size_t size, struct err *e);

#endif
