/*
 * Unit tests for pki/output.c: a set of files is written all or nothing,
 * never over an existing file without force, with the modes asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fileio.h"
#include "output.h"
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
	UNIT_CHECK_INT(e.code, DEMO_EXIT_EXISTS);
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

/* The set of test_each_step: distinct old and new contents in every file. */
static const struct {
	const char *rel, *old, *new;
	mode_t mode;
} set[] = {
        {"c/one.pem", "old one\n", "new one\n", 0644},
        {"c/sub/two.pem", NULL, "new two\n", 0644},
        {"c/three.key", "old three\n", "new three\n", 0600},
        {"c/secret/four.txt", NULL, "new four\n", 0600},
};
#define NSET (sizeof(set) / sizeof(set[0]))

static void
put(const char *rel, const char *text)
{
	char p[1024];
	struct err e;

	path(p, sizeof(p), rel);
	unlink(p);
	err_clear(&e);
	if (text != NULL)
		UNIT_CHECK_INT(file_write_atomic(p, text, strlen(text), 0644, 1, &e), 0);
}

/* The file's text, or "" when it does not exist. */
static const char *
text_of(const char *rel, char *buf, size_t size)
{
	char p[1024];
	FILE *f;
	size_t n;

	path(p, sizeof(p), rel);
	buf[0] = '\0';
	if ((f = fopen(p, "r")) == NULL)
		return buf;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Files in a folder, folders not counted (so no temporaries or backups left over). */
static int
entries(const char *rel)
{
	char p[1024], cmd[1200];
	FILE *f;
	int n = 0, c;

	path(p, sizeof(p), rel);
	snprintf(cmd, sizeof(cmd), "find '%s' -maxdepth 1 -type f 2>/dev/null", p);
	if ((f = popen(cmd, "r")) == NULL)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	pclose(f);
	return n;
}

/* The old files (with force) or none; returns the number of file-system steps. */
static int
reset(int force)
{
	size_t i;
	int steps = 0;

	for (i = 0; i < NSET; i++) {
		put(set[i].rel, force ? set[i].old : NULL);
		steps += (force && set[i].old != NULL) ? 3 : 2; /* temp, [backup,] install */
	}
	return steps;
}

static void
expect_set(int want_new, int force, int step)
{
	char buf[64];
	size_t i;
	int before;

	for (i = 0; i < NSET; i++) {
		const char *want = want_new ? set[i].new : force &&set[i].old ? set[i].old : "";

		if (strcmp(text_of(set[i].rel, buf, sizeof(buf)), want) != 0) {
			fprintf(stderr, "force %d, step %d: %s holds \"%s\", want \"%s\"\n", force,
			        step, set[i].rel, buf, want);
			UNIT_CHECK(0);
		}
	}
	before = force ? 2 : 0;
	UNIT_CHECK_INT(entries("c"), want_new ? 2 : before);
	UNIT_CHECK_INT(entries("c/sub"), want_new ? 1 : 0);
	UNIT_CHECK_INT(entries("c/secret"), want_new ? 1 : 0);
}

static int
commit_set(int force, int fail_step, struct err *e)
{
	struct pki_outset o = {.n = 0};
	char p[1024];
	size_t i;
	int rc;

	for (i = 0; i < NSET; i++) {
		path(p, sizeof(p), set[i].rel);
		UNIT_CHECK_INT(pki_out_add(&o, p, set[i].new, strlen(set[i].new), set[i].mode, e),
		               0);
	}
	o.force = force;
	o.fail_step = fail_step;
	err_clear(e);
	rc = pki_out_commit(&o, e);
	pki_out_free(&o);
	return rc;
}

/*
 * A failure at each step (writing a temporary, keeping an original,
 * renaming into place) leaves every file as it was, with and without force;
 * without a failure every file holds its new text.
 */
static void
test_each_step(void)
{
	struct err e;
	int force, step, steps;

	for (force = 0; force <= 1; force++) {
		steps = reset(force);
		for (step = 1; step <= steps; step++) {
			reset(force);
			UNIT_CHECK_INT(commit_set(force, step, &e), -1);
			UNIT_CHECK(strstr(e.msg, "injected failure") != NULL);
			expect_set(0, force, step);
		}
		reset(force);
		UNIT_CHECK_INT(commit_set(force, 0, &e), 0);
		expect_set(1, force, 0);
	}
	/* One step past the last: the seam never fires, so the count above is complete. */
	steps = reset(1);
	UNIT_CHECK_INT(commit_set(1, steps + 1, &e), 0);
	expect_set(1, 1, steps + 1);
}

/*
 * A folder where a file should go, even under force, is refused before any
 * step (DEMO_EXIT_FILE), so the originals stay.
 */
static void
test_rollback_force(void)
{
	struct pki_outset o = {.n = 0};
	char p[1024], buf[64];
	struct err e;

	reset(1);
	path(p, sizeof(p), "c/dir.pem");
	err_clear(&e);
	UNIT_CHECK_INT(file_mkdirs(p, 0755, &e), 0);
	path(p, sizeof(p), "c/one.pem");
	UNIT_CHECK_INT(pki_out_add(&o, p, "new one\n", 8, 0644, &e), 0);
	path(p, sizeof(p), "c/three.key");
	UNIT_CHECK_INT(pki_out_add(&o, p, "new three\n", 10, 0600, &e), 0);
	path(p, sizeof(p), "c/dir.pem");
	UNIT_CHECK_INT(pki_out_add(&o, p, "new dir\n", 8, 0644, &e), 0);
	o.force = 1;
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_commit(&o, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
	UNIT_CHECK(strstr(e.msg, "dir.pem is a directory, not a file") != NULL);
	UNIT_CHECK(e.fix[0] != '\0');
	UNIT_CHECK_STR(text_of("c/one.pem", buf, sizeof(buf)), "old one\n");
	UNIT_CHECK_STR(text_of("c/three.key", buf, sizeof(buf)), "old three\n");
	UNIT_CHECK_INT(entries("c"), 2); /* one and three; nothing else */
	pki_out_free(&o);
}

/* One path queued twice is refused when queued (a usage error), and the set is unchanged. */
static void
test_duplicate(void)
{
	struct pki_outset o = {.n = 0};
	char p[1024];
	struct err e;

	path(p, sizeof(p), "d/same.pem");
	err_clear(&e);
	UNIT_CHECK_INT(pki_out_add(&o, p, "one\n", 4, 0644, &e), 0);
	UNIT_CHECK_INT(pki_out_add(&o, p, "two\n", 4, 0600, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
	UNIT_CHECK(strstr(e.msg, "is named for two outputs") != NULL);
	UNIT_CHECK_INT(o.n, 1);
	pki_out_free(&o);
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
	test_duplicate();
	test_rollback();
	test_each_step();
	test_rollback_force();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return unit_done();
}
