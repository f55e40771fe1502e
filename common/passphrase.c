#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "defaults.h"
#include "exits.h"
#include "secret.h"

static int
parse_fd(const char *s, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > INT_MAX)
		return -1;
	*fd = (int)v;
	return 0;
}

int
passphrase_source_valid(const char *spec)
{
	int fd;

	if (spec == NULL)
		return 0;
	if (strncmp(spec, "file:", 5) == 0)
		return spec[5] != '\0';
	if (strncmp(spec, "env:", 4) == 0)
		return spec[4] != '\0';
	if (strncmp(spec, "fd:", 3) == 0)
		return parse_fd(spec + 3, &fd) == 0;
	return strcmp(spec, "prompt") == 0;
}

/* Reads one line byte by byte so nothing past it is consumed from a pipe. */
int
passphrase_read_fd(int fd, char *buf, size_t size, struct err *e)
{
	size_t len = 0;
	char c;
	ssize_t n;

	for (;;) {
		n = read(fd, &c, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			secret_wipe(buf, size);
			return err_set_errno(e, "cannot read passphrase");
		}
		if (n == 0 || c == '\n')
			break;
		if (len + 1 >= size) {
			secret_wipe(buf, size);
			err_set(e, "passphrase longer than %zu bytes", size - 1);
			return err_fix(e, "use a passphrase of at most %zu bytes", size - 1);
		}
		buf[len++] = c;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return (int)len;
}

static int
read_file(const char *path, char *buf, size_t size, struct err *e)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		err_set_errno(e, "cannot open passphrase file %s", path);
		err_fix(e,
		        "check the path in file:%s (a file holding the passphrase on its first "
		        "line)",
		        path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	rc = passphrase_read_fd(fd, buf, size, e);
	close(fd);
	if (rc == -1)
		err_prefix(e, "%s", path);
	return rc;
}

static int
read_env(const char *var, char *buf, size_t size, struct err *e)
{
	const char *v = getenv(var);
	size_t len;

	if (v == NULL) {
		err_set(e, "environment variable %s is not set", var);
		return err_fix(e, "export %s first, or use file:PATH", var);
	}
	len = strlen(v);
	if (len + 1 > size) {
		err_set(e, "passphrase in %s longer than %zu bytes", var, size - 1);
		return err_fix(e, "use a passphrase of at most %zu bytes", size - 1);
	}
	memcpy(buf, v, len + 1);
	/* Children we start must not inherit it. */
	unsetenv(var);
	return (int)len;
}

/* Asks once on /dev/tty with echo off; restores the terminal on every path. */
static int
ask_tty(const char *prompt, char *buf, size_t size, struct err *e)
{
	struct termios old, quiet;
	int fd, rc;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd == -1) {
		err_set(e, "no terminal to ask for the passphrase");
		return err_fix(e, "without a terminal, give --pass file:PATH, env:VAR or fd:N");
	}
	if (tcgetattr(fd, &old) == -1) {
		close(fd);
		return err_set_errno(e, "cannot read terminal settings");
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) == -1 || tcsetattr(fd, TCSAFLUSH, &quiet) == -1) {
		close(fd);
		return err_set_errno(e, "cannot prepare terminal");
	}
	rc = passphrase_read_fd(fd, buf, size, e);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) == -1) {
		/* The newline is cosmetic. */
	}
	close(fd);
	return rc;
}

static int
read_prompt(const char *prompt, int confirm, char *buf, size_t size, struct err *e)
{
	char again[DEMO_PASSPHRASE_MAX + 1];
	int len, len2;

	if (size > sizeof(again))
		size = sizeof(again);
	len = ask_tty(prompt ? prompt : "Enter pass phrase:", buf, size, e);
	if (len == -1 || !confirm)
		return len;
	len2 = ask_tty("Verifying - enter the same pass phrase again:", again, size, e);
	if (len2 == -1 || len2 != len || memcmp(again, buf, (size_t)len) != 0) {
		secret_wipe(again, sizeof(again));
		secret_wipe(buf, size);
		if (len2 == -1)
			return -1;
		err_set(e, "the two passphrases do not match");
		return err_fix(e, "type the same passphrase twice");
	}
	secret_wipe(again, sizeof(again));
	return len;
}

int
passphrase_read(const char *spec, const char *prompt, int confirm, char *buf, size_t size,
                struct err *e)
{
	int fd = -1, len;

	if (size < 2)
		return err_set(e, "passphrase buffer too small");
	if (!passphrase_source_valid(spec)) {
		err_set(e, "not a passphrase source (expected file:PATH, env:VAR, fd:N or prompt)");
		err_fix(e, "put the passphrase in a file and pass file:PATH; never type it "
		           "on the command line");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	if (strncmp(spec, "file:", 5) == 0)
		len = read_file(spec + 5, buf, size, e);
	else if (strncmp(spec, "env:", 4) == 0)
		len = read_env(spec + 4, buf, size, e);
	else if (strncmp(spec, "fd:", 3) == 0) {
		if (parse_fd(spec + 3, &fd) == -1) {
			err_set(e, "fd:N needs a descriptor number");
			err_fix(e, "name an open descriptor, e.g. --pass fd:3 3<FILE");
			return err_code(e, DEMO_EXIT_USAGE);
		}
		len = passphrase_read_fd(fd, buf, size, e);
		if (len == -1) {
			err_prefix(e, "fd:%d", fd);
			if (e->fix[0] == '\0')
				err_fix(e, "open that descriptor for the command, e.g. --pass fd:3 "
				           "3<FILE");
		}
	} else
		len = read_prompt(prompt, confirm, buf, size, e);
	if (len == 0) {
		secret_wipe(buf, size);
		err_set(e, "empty passphrase from %s",
		        strcmp(spec, "prompt") == 0 ? "the prompt" : spec);
		err_fix(e, "give a passphrase that is not empty in %s", spec);
	}
	/* No passphrase came (unset variable, no terminal, empty, too long, typed twice differently). */
	if (len <= 0 && e->code == 0)
		return err_code(e, DEMO_EXIT_PASSPHRASE);
	return len;
}
