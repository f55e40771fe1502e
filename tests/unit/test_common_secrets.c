/*
 * Unit tests for secrets in hostile places (common/passphrase.c, secret.c,
 * fileio.c): env: wipes the value where /proc/self/environ shows it; file:
 * refuses a FIFO at once (no hang), a directory and a device; the signal mask
 * is given back after a read; secret_file_check warns for group/other bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exits.h"
#include "fileio.h"
#include "passphrase.h"
#include "secret.h"
#include "unit.h"

#define ENV_VALUE "env-secret-4f1c9a"

static char dir[] = "/tmp/test_common_secrets.XXXXXX";

/* 1 if /proc/self/environ holds needle anywhere. */
static int
environ_holds(const char *needle)
{
	char buf[65536];
	size_t len = 0, n = strlen(needle), i;
	ssize_t r;
	int fd = open("/proc/self/environ", O_RDONLY);

	if (fd == -1)
		abort();
	while ((r = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)r;
	close(fd);
	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return 1;
	return 0;
}

static void
test_env_wiped(void)
{
	char buf[64];
	struct err e;

	/* The variable came with exec (main re-executes us), so it is in the original block. */
	UNIT_CHECK(environ_holds("TEST_SECRETS_PW=" ENV_VALUE));
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("env:TEST_SECRETS_PW", NULL, 0, buf, sizeof(buf), &e),
	               (int)strlen(ENV_VALUE));
	UNIT_CHECK_STR(buf, ENV_VALUE);
	UNIT_CHECK(!environ_holds(ENV_VALUE));
	UNIT_CHECK(getenv("TEST_SECRETS_PW") == NULL);
	/* Negative: the check sees what is there (another variable is untouched). */
	UNIT_CHECK(environ_holds("TEST_SECRETS_CHILD=1"));
}

static void
test_file_kinds(void)
{
	char path[300], spec[320], buf[64];
	struct timespec t0, t1;
	struct err e;
	int fd;

	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0600) == -1)
		abort();
	snprintf(spec, sizeof(spec), "file:%s", path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	UNIT_CHECK(t1.tv_sec - t0.tv_sec < 2); /* no wait for a writer */
	UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
	UNIT_CHECK(strstr(e.msg, "is not a regular file (a FIFO)") != NULL);
	UNIT_CHECK(strstr(e.fix, "fd:N") != NULL);

	/* A whole-file read refuses it too (the key file of every program). */
	{
		struct stat st;

		err_clear(&e);
		UNIT_CHECK_INT(file_open_regular(path, &st, &e), -1);
		UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
		UNIT_CHECK(strstr(e.msg, "(a FIFO)") != NULL);
	}

	err_clear(&e);
	snprintf(spec, sizeof(spec), "file:%s", dir);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), -1);
	UNIT_CHECK(strstr(e.msg, "(a directory)") != NULL);
	UNIT_CHECK(strstr(e.fix, "fd:N") == NULL);

	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("file:/dev/null", NULL, 0, buf, sizeof(buf), &e), -1);
	UNIT_CHECK(strstr(e.msg, "(a character device)") != NULL);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);

	/* Negative: a regular file, and a symbolic link to one, are read. */
	snprintf(path, sizeof(path), "%s/p", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, "regular\n", 8) != 8)
		abort();
	close(fd);
	snprintf(spec, sizeof(spec), "%s/link", dir);
	if (symlink(path, spec) == -1)
		abort();
	snprintf(spec, sizeof(spec), "file:%s/link", dir);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), 7);
	UNIT_CHECK_STR(buf, "regular");
}

/* The caller's blocked signals are blocked again after a read (the server's sigwait needs them). */
static void
test_mask_restored(void)
{
	sigset_t block, now;
	char spec[320], buf[64];
	struct err e;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	snprintf(spec, sizeof(spec), "file:%s/p", dir);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), 7);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	UNIT_CHECK(sigismember(&now, SIGINT) == 1 && sigismember(&now, SIGTERM) == 1);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("env:TEST_SECRETS_NOT_SET", NULL, 0, buf, sizeof(buf), &e),
	               -1);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	UNIT_CHECK(sigismember(&now, SIGINT) == 1);
	pthread_sigmask(SIG_UNBLOCK, &block, NULL);
}

/* secret_file_check's line for a file of the given mode ("" when it stays quiet). */
static int
mode_check(mode_t mode, char *out, size_t size)
{
	char path[300];
	FILE *f;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/m", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || fchmod(fd, mode) == -1 || (f = tmpfile()) == NULL)
		abort();
	close(fd);
	rc = secret_file_check(-1, path, f);
	rewind(f);
	out[0] = '\0';
	if (fgets(out, (int)size, f) == NULL)
		out[0] = '\0';
	fclose(f);
	return rc;
}

static void
test_file_check(void)
{
	char line[512];

	UNIT_CHECK_INT(mode_check(0644, line, sizeof(line)), 1);
	UNIT_CHECK(strstr(line, ": warning: ") != NULL);
	UNIT_CHECK(strstr(line, "/m is readable by group and others (mode 0644)") != NULL);
	UNIT_CHECK_INT(mode_check(0640, line, sizeof(line)), 1);
	UNIT_CHECK(strstr(line, "is readable by group (mode 0640)") != NULL);
	UNIT_CHECK_INT(mode_check(0602, line, sizeof(line)), 1);
	UNIT_CHECK(strstr(line, "is writable by others (mode 0602)") != NULL);
	UNIT_CHECK_INT(mode_check(0666, line, sizeof(line)), 1);
	UNIT_CHECK(strstr(line, "readable by group and others, writable by group and others") !=
	           NULL);
	/* Negative: private files, and the execute bit alone, stay quiet. */
	UNIT_CHECK_INT(mode_check(0600, line, sizeof(line)), 0);
	UNIT_CHECK_STR(line, "");
	UNIT_CHECK_INT(mode_check(0400, line, sizeof(line)), 0);
	UNIT_CHECK_INT(mode_check(0711, line, sizeof(line)), 0);
	UNIT_CHECK_INT(secret_file_check(-1, "/nonexistent/key.pem", stderr), -1);
}

int
main(int argc, char **argv)
{
	char path[300];

	(void)argc;
	/* Once more with the variable in the environment exec hands over. */
	if (getenv("TEST_SECRETS_CHILD") == NULL) {
		setenv("TEST_SECRETS_CHILD", "1", 1);
		setenv("TEST_SECRETS_PW", ENV_VALUE, 1);
		execv("/proc/self/exe", argv);
		perror("execv /proc/self/exe");
		return 1;
	}
	if (mkdtemp(dir) == NULL)
		return 1;
	test_env_wiped();
	test_file_kinds();
	test_mask_restored();
	test_file_check();
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return unit_done();
}
