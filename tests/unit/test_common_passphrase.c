/* Unit tests for common/passphrase.c and common/secret.c. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passphrase.h"
#include "secret.h"
#include "unit.h"

static char dir[] = "/tmp/test_common_passphrase.XXXXXX";

static void
write_file(const char *name, const char *content)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, content, strlen(content)) != (ssize_t)strlen(content))
		abort();
	close(fd);
}

static void
test_source_valid(void)
{
	static const struct {
		const char *spec;
		int want;
	} cases[] = {
	        {"file:/x", 1}, {"env:V", 1}, {"fd:0", 1},   {"fd:12", 1},  {"prompt", 1},
	        {"file:", 0},   {"env:", 0},  {"fd:", 0},    {"fd:-1", 0},  {"fd:3x", 0},
	        {"hunter2", 0}, {"", 0},      {"pass:x", 0}, {"PROMPT", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_INT(passphrase_source_valid(cases[i].spec), cases[i].want);
	UNIT_CHECK_INT(passphrase_source_valid(NULL), 0);
}

static void
test_read(void)
{
	static const struct {
		const char *content;
		int want_len;
		const char *want;
	} cases[] = {
	        {"secret\n", 6, "secret"},
	        {"secret", 6, "secret"},
	        {"dos line\r\nsecond\n", 8, "dos line"},
	        {"first\nsecond\n", 5, "first"},
	        {"with spaces inside \n", 19, "with spaces inside "},
	        {"\n", -1, NULL}, /* empty passphrase is refused */
	        {"", -1, NULL},
	};
	char buf[64], spec[300];
	struct err e;
	size_t i;
	int len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file("p", cases[i].content);
		snprintf(spec, sizeof(spec), "file:%s/p", dir);
		err_clear(&e);
		len = passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e);
		UNIT_CHECK_INT(len, cases[i].want_len);
		if (cases[i].want != NULL)
			UNIT_CHECK_STR(buf, cases[i].want);
		else
			UNIT_CHECK(e.msg[0] != '\0');
	}
}

static void
test_read_errors(void)
{
	char buf[8], spec[300];
	struct err e;
	int fds[2];

	/* Too long for the buffer: refused and wiped. */
	write_file("long", "0123456789\n");
	snprintf(spec, sizeof(spec), "file:%s/long", dir);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), -1);
	UNIT_CHECK(strstr(e.msg, "longer") != NULL);
	UNIT_CHECK_INT(buf[0], 0);

	/* Missing file names the file. */
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("file:/nonexistent/p", NULL, 0, buf, sizeof(buf), &e), -1);
	UNIT_CHECK(strstr(e.msg, "/nonexistent/p") != NULL);

	/* A passphrase typed where a source belongs is refused and not echoed. */
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("hunter2", NULL, 0, buf, sizeof(buf), &e), -1);
	UNIT_CHECK(strstr(e.msg, "hunter2") == NULL);
	UNIT_CHECK(e.fix[0] != '\0');

	/* env: reads, then removes the variable. */
	setenv("TEST_PASSPHRASE_VAR", "fromenv", 1);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("env:TEST_PASSPHRASE_VAR", NULL, 0, buf, sizeof(buf), &e),
	               7);
	UNIT_CHECK_STR(buf, "fromenv");
	UNIT_CHECK(getenv("TEST_PASSPHRASE_VAR") == NULL);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read("env:TEST_PASSPHRASE_VAR", NULL, 0, buf, sizeof(buf), &e),
	               -1);

	/* fd: reads one line and leaves the rest in the pipe. */
	if (pipe(fds) == -1 || write(fds[1], "abc\nrest", 8) != 8)
		abort();
	close(fds[1]);
	snprintf(spec, sizeof(spec), "fd:%d", fds[0]);
	err_clear(&e);
	UNIT_CHECK_INT(passphrase_read(spec, NULL, 0, buf, sizeof(buf), &e), 3);
	UNIT_CHECK_STR(buf, "abc");
	UNIT_CHECK_INT(read(fds[0], buf, sizeof(buf)), 4);
	close(fds[0]);
}

static void
test_wipe(void)
{
	char s[] = "secret";
	unsigned char b[4] = {1, 2, 3, 4};

	secret_wipe_str(s);
	UNIT_CHECK(memcmp(s, "\0\0\0\0\0\0", 6) == 0);
	secret_wipe(b, sizeof(b));
	UNIT_CHECK(b[0] == 0 && b[3] == 0);
	secret_wipe(NULL, 10);
	secret_wipe_str(NULL);
	UNIT_CHECK_INT(secret_no_core_dumps(), 0);
}

int
main(void)
{
	char path[300];

	if (mkdtemp(dir) == NULL)
		return 1;
	test_source_valid();
	test_read();
	test_read_errors();
	test_wipe();
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return unit_done();
}
