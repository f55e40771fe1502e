/*
 * A set of output files written all or nothing: every name is checked before
 * the first byte is written, and files this run created are removed again if
 * a later one fails, so a failed command leaves no partial set behind.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "secret.h"
#include "pki.h"

int
pki_out_add(struct pki_outset *o, const char *path, const char *data, size_t len, mode_t mode,
            struct err *e)
{
	int i = o->n;

	if (i >= PKI_OUT_MAX)
		return err_set(e, "internal: too many output files");
	o->f[i].path = strdup(path);
	o->f[i].data = malloc(len + 1);
	if (o->f[i].path == NULL || o->f[i].data == NULL) {
		free(o->f[i].path);
		free(o->f[i].data);
		return err_set(e, "out of memory");
	}
	memcpy(o->f[i].data, data, len);
	o->f[i].data[len] = '\0';
	o->f[i].len = len;
	o->f[i].mode = mode;
	o->f[i].written = 0;
	o->n++;
	return 0;
}

/* Folders holding secrets are private to the user. */
static mode_t
dir_mode(const char *dir)
{
	const char *base = strrchr(dir, '/');

	base = base ? base + 1 : dir;
	if (strcmp(base, "private_ca") == 0 || strcmp(base, "secret") == 0)
		return 0700;
	return 0755;
}

static int
make_parent(const char *path, struct err *e)
{
	char copy[PATH_MAX];
	char *dir;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return err_set(e, "path too long: %s", path);
	dir = dirname(copy);
	if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0)
		return 0;
	return file_mkdirs(dir, dir_mode(dir), e);
}

static void
rollback(struct pki_outset *o)
{
	int i;

	for (i = 0; i < o->n; i++) {
		if (o->f[i].written && !o->f[i].existed)
			unlink(o->f[i].path);
		o->f[i].written = 0;
	}
}

int
pki_out_precheck(const char *path, int force, struct err *e)
{
	if (force || !file_exists(path))
		return 0;
	err_code(e, PKI_EXIT_EXISTS);
	err_set(e, "%s already exists", path);
	return err_fix(e, "remove it, choose another place, or pass --force to replace it");
}

int
pki_out_commit(struct pki_outset *o, struct err *e)
{
	int i;

	for (i = 0; i < o->n; i++) {
		o->f[i].existed = file_exists(o->f[i].path);
		if (pki_out_precheck(o->f[i].path, o->force, e) == -1)
			return -1;
	}
	for (i = 0; i < o->n; i++) {
		if (make_parent(o->f[i].path, e) == -1 ||
		    file_write_atomic(o->f[i].path, o->f[i].data, o->f[i].len, o->f[i].mode,
		                      o->force, e) == -1) {
			rollback(o);
			if (errno == EACCES || errno == EROFS)
				err_fix(e,
				        "choose a folder you can write to (--dir, --cert, --key)");
			return -1;
		}
		o->f[i].written = 1;
	}
	return 0;
}

void
pki_out_free(struct pki_outset *o)
{
	int i;

	for (i = 0; i < o->n; i++) {
		free(o->f[i].path);
		pki_secret_free(o->f[i].data, o->f[i].len);
	}
	o->n = 0;
}
