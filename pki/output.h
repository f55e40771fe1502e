/* A set of output files written all or nothing (output.c). */
#ifndef PKI_OUTPUT_H
#define PKI_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define PKI_OUT_MAX 48

/* A set of files written all or nothing (as far as the file system allows). */
struct pki_outset {
	struct {
		char *path;
		char *data;
		size_t len;
		mode_t mode;
		char *tmp; /* its temporary's name ("" while none exists) */
		size_t tmpsize;
		int existed, backed_up, installed;
	} f[PKI_OUT_MAX];
	int n;
	int force;
	int fail_step; /* tests only: make the Nth file-system step fail (0: never) */
	int steps;
};

/*
 * Queues a file (data is copied; it may be a secret, it is wiped on free). A
 * path already queued is refused (DEMO_EXIT_USAGE): two outputs, one file.
 */
int pki_out_add(struct pki_outset *o, const char *path, const char *data, size_t len, mode_t mode,
                struct err *e);

/*
 * Checks that no file exists (unless force), creates the parent folders
 * (0700 for private_ca/ and secret/, else 0755), writes every file to a
 * temporary beside it, keeps a hard link to each file it replaces, then
 * renames the temporaries into place. On a failure at any step every file is
 * as it was before the call (originals restored, new files removed, no
 * temporaries left); only created folders stay. Returns 0 or -1 with e set.
 */
int pki_out_commit(struct pki_outset *o, struct err *e);

/*
 * Fails with DEMO_EXIT_FILE when path exists and is not a regular file (a
 * directory, a device): no option makes such a path an output.
 */
int pki_out_check_kind(const char *path, struct err *e);

/*
 * Fails as pki_out_check_kind does, then with DEMO_EXIT_EXISTS (the message
 * pki_out_commit gives) when path exists and force is off. Commands call it before the costly key derivation,
 * so "already exists" comes at once; pki_out_commit checks again.
 */
int pki_out_precheck(const char *path, int force, struct err *e);

/* Wipes and frees everything queued. */
void pki_out_free(struct pki_outset *o);

#endif
