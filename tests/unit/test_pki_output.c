/*
 * Unit tests for pki/output.c: a set of files is written all or nothing,
 * never over an existing file without force, with the modes asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "pki.h"
#include "unit.h"

static char dir[400];

static void
path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", dir, rel);
}

static int
mode_of(const char *rel)
{
	char p[1024];
	struct stat st;

	path(p, sizeof(p), rel);
	return stat(p, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static int
queue(struct pki_outset *o, const char *rel, mode_t mode)
{
	char p[1024];
	struct err e;

	path(p, sizeof(p), rel);
	err_clear(&e);
	return pki_out_add(o, p, "data\n", 5, mode, &e);
}

static void
test_commit(void)
{
	static const struct {
		const char *rel;
		mode_t mode;
		int want_dir_mode; /* of the parent folder */
	} files[] = {
	        {"a/private_ca/k.pem", 0600, 0700},
	        {"a/secret/reminder.txt", 0600, 0700},
	        {"a/certificates/c.pem", 0644, 0755},
	};
	struct pki_outset o = {.n = 0};
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		UNIT_CHECK_INT(queue(&o, files[i].rel, files[i].mode), 0);
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char parent[100];

		UNIT_CHECK_INT(mode_of(files[i].rel), (int)files[i].mode);
		snprintf(parent, sizeof(parent), "%.*s",
		         (int)(strrchr(files[i].rel, '/') - files[i].rel), files[i].rel);
		UNIT_CHECK_INT(mode_of(parent), files[i].want_dir_mode);
	}
	/* Again: everything exists now, so nothing is written without force. */
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), -1);
	UNIT_CHECK_INT(e.code, PKI_EXIT_EXISTS);
	o.force = 1;
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), 0);
	pki_out_free(&o);
}

/* The third file cannot be written (its folder is a file): the first two go again. */
static void
test_rollback(void)
{
	struct pki_outset o = {.n = 0};
	char p[1024];
	struct err e;
	FILE *f;

	path(p, sizeof(p), "b");
	err_clear(&e);
	UNIT_CHECK_INT(file_mkdirs(p, 0755, &e), 0);
	path(p, sizeof(p), "b/blocker");
	f = fopen(p, "w");
	UNIT_CHECK(f != NULL);
	if (f)
		fclose(f);
	UNIT_CHECK_INT(queue(&o, "b/one.pem", 0644), 0);
	UNIT_CHECK_INT(queue(&o, "b/sub/two.pem", 0600), 0);
	UNIT_CHECK_INT(queue(&o, "b/blocker/three.pem", 0644), 0);
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), -1);
	UNIT_CHECK(e.msg[0] != '\0');
	UNIT_CHECK_INT(mode_of("b/one.pem"), -1);
	UNIT_CHECK_INT(mode_of("b/sub/two.pem"), -1);
	UNIT_CHECK_INT(mode_of("b/blocker/three.pem"), -1);
	pki_out_free(&o);
}

/* Under force, a failed set still removes what it created, never what was there. */
static void
test_rollback_force(void)
{
	struct pki_outset o = {.n = 0};
	struct err e;
	char p[1024];

	UNIT_CHECK_INT(queue(&o, "a/certificates/c.pem", 0644), 0); /* exists from test_commit */
	UNIT_CHECK_INT(queue(&o, "a/new.pem", 0644), 0);
	UNIT_CHECK_INT(queue(&o, "b/blocker/x.pem", 0644), 0);
	o.force = 1;
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), -1);
	UNIT_CHECK_INT(mode_of("a/certificates/c.pem"), 0644);
	UNIT_CHECK_INT(mode_of("a/new.pem"), -1);
	pki_out_free(&o);
	path(p, sizeof(p), "a/new.pem");
	UNIT_CHECK(!file_exists(p));
}

int
main(void)
{
	char cmd[1024];
	struct err e;

	snprintf(dir, sizeof(dir), "%s/unit_pki_output.%ld", TEST_WORK_ROOT, (long)getpid());
	err_clear(&e);
	if (file_mkdirs(dir, 0755, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	umask(022);
	test_commit();
	test_rollback();
	test_rollback_force();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return unit_done();
}
