/*
 * Whole-file reads with a size cap, and writes that never leave a partial
 * file behind: data goes to a temporary file in the same directory, is
 * synced, then renamed into place. Every failure sets e->code to
 * DEMO_EXIT_FILE, or DEMO_EXIT_EXISTS when a file exists and may not be
 * replaced (common/exits.h), so each program exits with the same code.
 */
#ifndef DEMO_FILEIO_H
#define DEMO_FILEIO_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

/*
 * Opens path for reading, refusing anything but a regular file (a symbolic
 * link to one is followed): a FIFO, a directory or a device gets
 * "PATH is not a regular file (a FIFO)", and opening a FIFO never blocks.
 * Fills *st (left as it was when open fails; errno is then open's). Returns
 * the descriptor (close-on-exec, blocking), or -1 with e set and e->code
 * DEMO_EXIT_FILE.
 */
int file_open_regular(const char *path, struct stat *st, struct err *e);

/* "a regular file", "a FIFO", "a directory", ... for a st_mode. */
const char *file_type_name(mode_t mode);

/*
 * Reads all of path into a new NUL-terminated buffer (*out, *len excludes the
 * NUL). Refuses files larger than max bytes. The caller frees *out (and wipes
 * it first if it may hold a secret). Returns 0 or -1 with e set.
 */
int file_read_all(const char *path, size_t max, char **out, size_t *len, struct err *e);

/*
 * Writes len bytes to path with the given mode (e.g. 0600 for keys), via a
 * temporary file and rename. Without overwrite, an existing path is an error
 * and is left untouched. Returns 0 or -1 with e set; on failure no temporary
 * file is left behind.
 */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int overwrite,
                      struct err *e);

/*
 * The two halves of file_write_atomic, for callers that write a set of files
 * all or nothing. file_write_temp writes and syncs data to a new temporary
 * file beside path (its name goes to tmp, size bytes) and leaves nothing
 * behind on failure. file_install moves tmp to path: with overwrite by
 * rename(2), which replaces path atomically; without, by link(2), which fails
 * if path exists. On failure tmp is left for the caller to remove.
 * Both return 0 or -1 with e set (errno kept).
 */
int file_write_temp(const char *path, const void *data, size_t len, mode_t mode, char *tmp,
                    size_t size, struct err *e);
int file_install(const char *tmp, const char *path, int overwrite, struct err *e);

/* Returns 1 if path exists (any type), 0 otherwise. */
int file_exists(const char *path);

/*
 * Creates directory path and any missing parents with the given mode (like
 * mkdir -p). Existing directories are fine. Returns 0 or -1 with e set.
 */
int file_mkdirs(const char *path, mode_t mode, struct err *e);

/*
 * Resolves a default data path: rel if it exists relative to the current
 * directory; else, for an installed program (PROGRAM_DIR/HTTPS_DEMO_DATA_REL,
 * e.g. /usr/local/bin/../share/https_demo, exists), that directory's rel if it
 * exists; else, for a program in its build tree, HTTPS_DEMO_SOURCE_DIR/rel if
 * that exists; else rel. An installed program never looks into the source tree. Writes into
 * buf (size bytes) and returns buf.
 */
const char *file_default_path(const char *rel, char *buf, size_t size);

#endif
