/*
 * A set of output files written all or nothing: every name is checked before
 * the first byte is written; every file is written to a temporary first; the
 * files about to be replaced are kept (hard links); only then is each
 * temporary renamed into place. A failure at any step puts every original
 * back and removes what this run made, so a failed command (with or without
 * --force) leaves exactly the files that were there before.
 */
#include "output.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fileio.h"
#include "pki.h"
#include "secret.h"

int
pki_out_add(struct pki_outset *o, const char *path, const char *data, size_t len, mode_t mode,
            struct err *e)
{
	int i = o->n, j;

	if (i >= PKI_OUT_MAX)
		return err_set(e, "internal: too many output files");
	for (j = 0; j < o->n; j++) {
		if (strcmp(o->f[j].path, path) == 0) {
			err_code(e, DEMO_EXIT_USAGE);
			err_set(e, "%s is named for two outputs", path);
			return err_fix(
			        e, "give each output its own file (cert_file, key_file, --out)");
		}
	}
	o->f[i].path = strdup(path);
	o->f[i].data = malloc(len + 1);
	o->f[i].tmpsize = strlen(path) + 32;
	o->f[i].tmp = malloc(o->f[i].tmpsize);
	if (o->f[i].path == NULL || o->f[i].data == NULL || o->f[i].tmp == NULL) {
		free(o->f[i].path);
		free(o->f[i].data);
		free(o->f[i].tmp);
		return err_set(e, "out of memory");
	}
	memcpy(o->f[i].data, data, len);
	o->f[i].data[len] = '\0';
	o->f[i].len = len;
	o->f[i].mode = mode;
	o->f[i].tmp[0] = '\0';
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

/* The test seam: a unit test makes the Nth file-system step fail. */
static int
out_step(struct pki_outset *o, struct err *e)
{
	if (o->fail_step == 0 || ++o->steps != o->fail_step)
		return 0;
	errno = EIO;
	return err_set_errno(e, "injected failure at step %d", o->fail_step);
}

static int
out_backup_name(const char *path, char *buf, size_t size, struct err *e)
{
	if (snprintf(buf, size, "%s.orig.%ld", path, (long)getpid()) >= (int)size)
		return err_set(e, "path too long: %s", path);
	return 0;
}

/*
 * Puts everything back: each file this run installed is removed, or, if it
 * existed, its original is renamed back into place; then the temporaries and
 * backups go. A backup that cannot be restored is kept and named in e.
 */
static void
out_rollback(struct pki_outset *o, struct err *e)
{
	char bak[PATH_MAX];
	int i;

	for (i = 0; i < o->n; i++) {
		if (o->f[i].installed && !o->f[i].backed_up)
			unlink(o->f[i].path);
		if (o->f[i].backed_up && out_backup_name(o->f[i].path, bak, sizeof(bak), e) == 0) {
			if (o->f[i].installed ? rename(bak, o->f[i].path) == -1 : unlink(bak) == -1)
				err_set(e, "%s could not be restored; its original is %s",
				        o->f[i].path, bak);
		}
		if (o->f[i].tmp[0] != '\0')
			unlink(o->f[i].tmp);
		o->f[i].tmp[0] = '\0';
		o->f[i].installed = o->f[i].backed_up = 0;
	}
}

/* Step 1: every file goes to a temporary beside its place; nothing is replaced yet. */
static int
out_write_temps(struct pki_outset *o, struct err *e)
{
	int i;

	for (i = 0; i < o->n; i++) {
		if (make_parent(o->f[i].path, e) == -1 || out_step(o, e) == -1 ||
		    file_write_temp(o->f[i].path, o->f[i].data, o->f[i].len, o->f[i].mode,
		                    o->f[i].tmp, o->f[i].tmpsize, e) == -1) {
			o->f[i].tmp[0] = '\0';
			return -1;
		}
	}
	return 0;
}

/* Step 2: a hard link keeps each file about to be replaced, so it can come back. */
static int
out_backup(struct pki_outset *o, struct err *e)
{
	char bak[PATH_MAX];
	int i;

	for (i = 0; i < o->n; i++) {
		if (!o->f[i].existed)
			continue;
		if (out_backup_name(o->f[i].path, bak, sizeof(bak), e) == -1 ||
		    out_step(o, e) == -1)
			return -1;
		if (link(o->f[i].path, bak) == -1)
			return err_set_errno(e, "cannot keep a copy of %s", o->f[i].path);
		o->f[i].backed_up = 1;
	}
	return 0;
}

/* Step 3: each temporary is renamed (or, without force, linked) into place. */
static int
out_install(struct pki_outset *o, struct err *e)
{
	int i;

	for (i = 0; i < o->n; i++) {
		if (out_step(o, e) == -1 ||
		    file_install(o->f[i].tmp, o->f[i].path, o->force, e) == -1)
			return -1;
		o->f[i].installed = 1;
		o->f[i].tmp[0] = '\0';
	}
	return 0;
}

int
pki_out_check_kind(const char *path, struct err *e)
{
	struct stat st;

	if (stat(path, &st) == -1 || S_ISREG(st.st_mode))
		return 0;
	err_code(e, DEMO_EXIT_FILE);
	err_set(e, "%s is %s, not a file", path,
	        S_ISDIR(st.st_mode) ? "a directory" : "something other than a regular file");
	return err_fix(e, "name a file to write, e.g. %s%sNAME.pem", path,
	               path[strlen(path) - 1] == '/' ? "" : "/");
}

int
pki_out_precheck(const char *path, int force, struct err *e)
{
	if (pki_out_check_kind(path, e) == -1)
		return -1;
	if (force || !file_exists(path))
		return 0;
	err_code(e, DEMO_EXIT_EXISTS);
	err_set(e, "%s already exists", path);
	return err_fix(e, "remove it, choose another place, or pass --force to replace it");
}

int
pki_out_commit(struct pki_outset *o, struct err *e)
{
	char bak[PATH_MAX];
	int i, saved;

	o->steps = 0;
	for (i = 0; i < o->n; i++) {
		o->f[i].existed = file_exists(o->f[i].path);
		o->f[i].tmp[0] = '\0';
		o->f[i].installed = o->f[i].backed_up = 0;
		if (pki_out_precheck(o->f[i].path, o->force, e) == -1)
			return -1;
	}
	if (out_write_temps(o, e) == -1 || out_backup(o, e) == -1 || out_install(o, e) == -1) {
		saved = errno;
		out_rollback(o, e);
		if (saved == EACCES || saved == EROFS)
			err_fix(e, "choose a folder you can write to (--dir, --cert, --key)");
		return -1;
	}
	for (i = 0; i < o->n; i++)
		if (o->f[i].backed_up && out_backup_name(o->f[i].path, bak, sizeof(bak), e) == 0)
			unlink(bak);
	return 0;
}

void
pki_out_free(struct pki_outset *o)
{
	int i;

	for (i = 0; i < o->n; i++) {
		free(o->f[i].path);
		free(o->f[i].tmp);
		secret_free(o->f[i].data, o->f[i].len);
	}
	o->n = 0;
}
