/* Unit tests for common/fileio.c: capped reads, atomic no-clobber writes. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "unit.h"

static char dir[] = "/tmp/test_common_fileio.XXXXXX";

static int
count_entries(const char *path)
{
	struct dirent *d;
	DIR *dp = opendir(path);
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dp);
	return n;
}

static void
test_write_read(void)
{
	char path[300], *buf;
	struct stat st;
	struct err e;
	size_t len;

	snprintf(path, sizeof(path), "%s/key.pem", dir);
	err_clear(&e);
	UNIT_CHECK_INT(file_write_atomic(path, "hello", 5, 0600, 0, &e), 0);
	UNIT_CHECK_INT(stat(path, &st), 0);
	UNIT_CHECK_INT(st.st_mode & 0777, 0600);
	UNIT_CHECK_INT(file_read_all(path, 100, &buf, &len, &e), 0);
	UNIT_CHECK_INT(len, 5);
	UNIT_CHECK_STR(buf, "hello");
	free(buf);

	/* No clobber without overwrite: the old content survives, no temp left. */
	err_clear(&e);
	UNIT_CHECK_INT(file_write_atomic(path, "other", 5, 0600, 0, &e), -1);
	UNIT_CHECK(strstr(e.msg, "already exists") != NULL);
	UNIT_CHECK(e.fix[0] != '\0');
	UNIT_CHECK_INT(file_read_all(path, 100, &buf, &len, &e), 0);
	UNIT_CHECK_STR(buf, "hello");
	free(buf);
	UNIT_CHECK_INT(count_entries(dir), 1);

	/* With overwrite it is replaced, and the mode is the one asked for. */
	UNIT_CHECK_INT(file_write_atomic(path, "new!", 4, 0644, 1, &e), 0);
	UNIT_CHECK_INT(file_read_all(path, 100, &buf, &len, &e), 0);
	UNIT_CHECK_STR(buf, "new!");
	free(buf);
	UNIT_CHECK_INT(stat(path, &st), 0);
	UNIT_CHECK_INT(st.st_mode & 0777, 0644);

	/* The size cap. */
	err_clear(&e);
	UNIT_CHECK_INT(file_read_all(path, 3, &buf, &len, &e), -1);
	UNIT_CHECK(buf == NULL);
	UNIT_CHECK(strstr(e.msg, "too large") != NULL);
}

static void
test_errors(void)
{
	char path[300], *buf;
	struct err e;
	size_t len;

	err_clear(&e);
	UNIT_CHECK_INT(file_read_all("/nonexistent/x", 10, &buf, &len, &e), -1);
	UNIT_CHECK(strstr(e.msg, "/nonexistent/x") != NULL);
	err_clear(&e);
	UNIT_CHECK_INT(file_read_all(dir, 10, &buf, &len, &e), -1);
	err_clear(&e);
	UNIT_CHECK_INT(file_write_atomic("/nonexistent/dir/f", "x", 1, 0600, 0, &e), -1);

	/*
	 * A directory we cannot write into leaves nothing behind. A parent that
	 * is a regular file fails for root too, who may write anywhere else.
	 */
	snprintf(path, sizeof(path), "%s/plain", dir);
	UNIT_CHECK_INT(file_write_atomic(path, "x", 1, 0600, 0, &e), 0);
	snprintf(path, sizeof(path), "%s/plain/f", dir);
	err_clear(&e);
	UNIT_CHECK_INT(file_write_atomic(path, "x", 1, 0600, 0, &e), -1);
	UNIT_CHECK(strstr(e.msg, "cannot create") != NULL);
	UNIT_CHECK_INT(count_entries(dir), 2); /* key.pem and plain only */
}

static void
test_mkdirs(void)
{
	char path[300];
	struct stat st;
	struct err e;

	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	err_clear(&e);
	UNIT_CHECK_INT(file_mkdirs(path, 0700, &e), 0);
	UNIT_CHECK_INT(stat(path, &st), 0);
	UNIT_CHECK(S_ISDIR(st.st_mode));
	UNIT_CHECK_INT(file_mkdirs(path, 0700, &e), 0); /* again: fine */
	UNIT_CHECK_INT(file_exists(path), 1);
	snprintf(path, sizeof(path), "%s/nope", dir);
	UNIT_CHECK_INT(file_exists(path), 0);
}

static void
test_default_path(void)
{
	char buf[512];

	/* Absolute paths pass through; a missing relative one stays relative. */
	UNIT_CHECK_STR(file_default_path("/etc/hostname", buf, sizeof(buf)), "/etc/hostname");
	UNIT_CHECK_STR(file_default_path("no/such/file", buf, sizeof(buf)), "no/such/file");
	/* A file of the source tree is found from any directory. */
	if (chdir("/") == 0)
		UNIT_CHECK_STR(file_default_path("common/fileio.h", buf, sizeof(buf)),
		               HTTPS_DEMO_SOURCE_DIR "/common/fileio.h");
}

int
main(void)
{
	char cmd[300];

	if (mkdtemp(dir) == NULL)
		return 1;
	test_write_read();
	test_errors();
	test_mkdirs();
	test_default_path();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return unit_done();
}
