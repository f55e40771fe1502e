#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exits.h"

const char *
file_type_name(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

int
file_open_regular(const char *path, struct stat *st, struct err *e)
{
	int fd, flags, saved;

	/* O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		saved = errno;
		err_set_errno(e, "cannot open %s", path);
		err_code(e, DEMO_EXIT_FILE);
		errno = saved; /* for callers that word the message their own way */
		return -1;
	}
	if (fstat(fd, st) == -1) {
		err_set_errno(e, "cannot stat %s", path);
		close(fd);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (!S_ISREG(st->st_mode)) {
		err_set(e, "%s is not a regular file (%s)", path, file_type_name(st->st_mode));
		close(fd);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if ((flags = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

static int
file_read_all_do(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	*out = NULL;
	*len = 0;
	if ((fd = file_open_regular(path, &st, e)) == -1)
		return -1;
	if ((size_t)st.st_size > max) {
		close(fd);
		err_set(e, "%s is too large (%lld bytes, at most %zu)", path, (long long)st.st_size,
		        max);
		return err_fix(e, "check that it is the file you meant: files of this kind are far "
		                  "smaller");
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return err_set(e, "out of memory reading %s", path);
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return err_set(e, "short read from %s", path);
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
file_write_temp_do(const char *path, const void *data, size_t len, mode_t mode, char *tmp,
                   size_t size, struct err *e)
{
	int fd;

	if (snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid()) >= (int)size)
		return err_set(e, "path too long: %s", path);
	/* O_EXCL: never follow a planted symlink; mode applies from the first byte. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd == -1)
		return err_set_errno(e, "cannot create %s", path);
	if (fchmod(fd, mode) == -1 || write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		err_set_errno(e, "cannot write %s", path);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) == -1) {
		err_set_errno(e, "cannot write %s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
file_install_do(const char *tmp, const char *path, int overwrite, struct err *e)
{
	/* Without overwrite, link() fails if path appeared meanwhile: no race. */
	if (!overwrite) {
		if (link(tmp, path) == -1)
			return err_set_errno(e, "cannot create %s", path);
		unlink(tmp);
		return 0;
	}
	if (rename(tmp, path) == -1)
		return err_set_errno(e, "cannot replace %s", path);
	return 0;
}

int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int overwrite,
                  struct err *e)
{
	char tmp[PATH_MAX];

	if (!overwrite && file_exists(path)) {
		err_set(e, "%s already exists", path);
		err_fix(e, "remove it first, or pass --force to replace it");
		return err_code(e, DEMO_EXIT_EXISTS);
	}
	if (file_write_temp(path, data, len, mode, tmp, sizeof(tmp), e) == -1)
		return -1;
	if (file_install(tmp, path, overwrite, e) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int
file_mkdirs_do(const char *path, mode_t mode, struct err *e)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return err_set(e, "path too long: %s", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST)
			return err_set_errno(e, "cannot create directory %s", buf);
		*p = '/';
	}
	if (mkdir(buf, mode) == -1 && errno != EEXIST)
		return err_set_errno(e, "cannot create directory %s", buf);
	return 0;
}

/* The directory of the running program, without a trailing '/'; "" when unknown. */
static void
file_exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
}

static int
file_under(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return strncmp(path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

const char *
file_default_path(const char *rel, char *buf, size_t size)
{
	char exe[PATH_MAX];

	if (file_exists(rel) || rel[0] == '/') {
		snprintf(buf, size, "%s", rel);
		return buf;
	}
	file_exe_dir(exe, sizeof(exe));
	/* Installed: the data directory relative to the program (relocatable prefix). */
	snprintf(buf, size, "%s/%s", exe, HTTPS_DEMO_DATA_REL);
	if (exe[0] != '\0' && file_exists(buf)) {
		snprintf(buf, size, "%s/%s/%s", exe, HTTPS_DEMO_DATA_REL, rel);
		if (!file_exists(buf))
			snprintf(buf, size, "%s", rel);
		return buf;
	}
	if (exe[0] != '\0' && !file_under(exe, HTTPS_DEMO_BUILD_DIR)) {
		snprintf(buf, size, "%s", rel);
		return buf;
	}
	/* In the build tree: the source tree it was built from. */
	snprintf(buf, size, "%s/%s", HTTPS_DEMO_SOURCE_DIR, rel);
	if (!file_exists(buf))
		snprintf(buf, size, "%s", rel);
	return buf;
}

/* The public entry points: a failure is a local file error (common/exits.h). */

int
file_read_all(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	if (file_read_all_do(path, max, out, len, e) == -1)
		return err_code(e, DEMO_EXIT_FILE);
	return 0;
}

int
file_write_temp(const char *path, const void *data, size_t len, mode_t mode, char *tmp, size_t size,
                struct err *e)
{
	if (file_write_temp_do(path, data, len, mode, tmp, size, e) == -1)
		return err_code(e, DEMO_EXIT_FILE);
	return 0;
}

int
file_install(const char *tmp, const char *path, int overwrite, struct err *e)
{
	if (file_install_do(tmp, path, overwrite, e) == -1)
		return err_code(e,
		                !overwrite && errno == EEXIST ? DEMO_EXIT_EXISTS : DEMO_EXIT_FILE);
	return 0;
}

int
file_mkdirs(const char *path, mode_t mode, struct err *e)
{
	if (file_mkdirs_do(path, mode, e) == -1)
		return err_code(e, DEMO_EXIT_FILE);
	return 0;
}
