/* _GNU_SOURCE: program_invocation_short_name, for the message of an interrupted prompt. */
#define _GNU_SOURCE
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "defaults.h"
#include "exits.h"
#include "fileio.h"
#include "secret.h"

/* The signals that end a program at a prompt: Ctrl-C, Ctrl-\, kill, a closed terminal. */
static const int passphrase_stop_signals[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
#define PASSPHRASE_NSIGNALS (sizeof(passphrase_stop_signals) / sizeof(passphrase_stop_signals[0]))

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

/*
 * file:PATH takes a regular file only: a FIFO would block the open (and the
 * program) until some writer came, so a pipe goes through fd:N instead.
 */
static int
read_file(const char *path, char *buf, size_t size, struct err *e)
{
	struct stat st;
	int fd, rc;

	memset(&st, 0, sizeof(st));
	fd = file_open_regular(path, &st, e);
	if (fd == -1 && st.st_mode != 0) {
		err_set(e, "passphrase file %s is not a regular file (%s)", path,
		        file_type_name(st.st_mode));
		if (S_ISFIFO(st.st_mode))
			err_fix(e, "for a pipe use fd:N instead of file:PATH (e.g. fd:3 3<%s)",
			        path);
		else
			err_fix(e, "name in file:PATH a regular file holding the passphrase on its "
			           "first line");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (fd == -1) {
		err_set_errno(e, "cannot open passphrase file %s", path);
		err_fix(e,
		        "check the path in file:%s (a file holding the passphrase on its first "
		        "line)",
		        path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	(void)secret_file_check(fd, path, stderr);
	rc = passphrase_read_fd(fd, buf, size, e);
	close(fd);
	if (rc == -1)
		err_prefix(e, "%s", path);
	return rc;
}

/*
 * env:VAR copies the value, then wipes it in place before unsetenv: the
 * bytes getenv points into are, for a variable the program started with,
 * the block /proc/PID/environ shows, which unsetenv alone leaves as it was.
 */
static int
read_env(const char *var, char *buf, size_t size, struct err *e)
{
	char *v = getenv(var);
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
	secret_wipe(v, len);
	/* Children we start must not inherit it (not even its name, now empty). */
	unsetenv(var);
	return (int)len;
}

/*
 * What a signal during the prompt needs: the terminal, its settings before
 * echo went off, and the buffer being typed into. Set only while one prompt
 * runs (a program asks one at a time).
 */
static int prompt_fd = -1;
static struct termios prompt_saved;
static char *prompt_buf;
static size_t prompt_size;

static void
prompt_say(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) == -1) {
		/* Nothing more can be done about a failed message here. */
	}
}

/*
 * Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT), SIGTERM or SIGHUP at the prompt: echo
 * back on, the partial passphrase wiped, a message, exit 6 (no passphrase
 * came). Only async-signal-safe calls: tcsetattr, explicit_bzero, strlen,
 * write, _exit.
 */
static void
prompt_on_signal(int sig)
{
	tcsetattr(prompt_fd, TCSAFLUSH, &prompt_saved);
	if (prompt_buf != NULL)
		explicit_bzero(prompt_buf, prompt_size);
	if (write(prompt_fd, "\n", 1) == -1) {
		/* The newline is cosmetic. */
	}
	prompt_say(program_invocation_short_name);
	prompt_say(": passphrase prompt interrupted by ");
	prompt_say(sig == SIGINT    ? "SIGINT (Ctrl-C)"
	           : sig == SIGQUIT ? "SIGQUIT (Ctrl-\\)"
	           : sig == SIGTERM ? "SIGTERM"
	                            : "SIGHUP");
	prompt_say("; no passphrase was read\nfix: run the command again and type the passphrase, "
	           "or give a source such as file:PATH instead of prompt\n");
	_exit(DEMO_EXIT_PASSPHRASE);
}

/* Installs (on) or puts back (!on) the handlers of the signals that end a prompt. */
static void
prompt_signals(int on, struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = prompt_on_signal;
	sigfillset(&sa.sa_mask); /* one handler at a time */
	for (i = 0; i < PASSPHRASE_NSIGNALS; i++)
		sigaction(passphrase_stop_signals[i], on ? &sa : &old[i], on ? &old[i] : NULL);
}

/*
 * Asks once on /dev/tty with echo off; restores the terminal on every path,
 * a signal's included (prompt_on_signal).
 */
static int
ask_tty(const char *prompt, char *buf, size_t size, struct err *e)
{
	struct sigaction old_sa[PASSPHRASE_NSIGNALS];
	struct termios quiet;
	int fd, rc = -1;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd == -1) {
		err_set(e, "no terminal to ask for the passphrase");
		return err_fix(e, "without a terminal, give --pass file:PATH, env:VAR or fd:N");
	}
	if (tcgetattr(fd, &prompt_saved) == -1) {
		close(fd);
		return err_set_errno(e, "cannot read terminal settings");
	}
	prompt_fd = fd;
	prompt_buf = buf;
	prompt_size = size;
	prompt_signals(1, old_sa);
	quiet = prompt_saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) == -1 || tcsetattr(fd, TCSAFLUSH, &quiet) == -1)
		err_set_errno(e, "cannot prepare terminal");
	else
		rc = passphrase_read_fd(fd, buf, size, e);
	tcsetattr(fd, TCSAFLUSH, &prompt_saved);
	prompt_signals(0, old_sa);
	prompt_buf = NULL;
	prompt_fd = -1;
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
	sigset_t stop, mask;
	int fd = -1, len;
	size_t i;

	if (size < 2)
		return err_set(e, "passphrase buffer too small");
	if (!passphrase_source_valid(spec)) {
		err_set(e, "not a passphrase source (expected file:PATH, env:VAR, fd:N or prompt)");
		err_fix(e, "put the passphrase in a file and pass file:PATH; never type it "
		           "on the command line");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	/*
	 * A program may block these signals (https_server does, for its sigwait
	 * loop): while a passphrase is read they must work, so Ctrl-C, SIGTERM
	 * and the rest end a prompt or a read that waits on a pipe.
	 */
	sigemptyset(&stop);
	for (i = 0; i < PASSPHRASE_NSIGNALS; i++)
		sigaddset(&stop, passphrase_stop_signals[i]);
	pthread_sigmask(SIG_UNBLOCK, &stop, &mask);
	if (strncmp(spec, "file:", 5) == 0)
		len = read_file(spec + 5, buf, size, e);
	else if (strncmp(spec, "env:", 4) == 0)
		len = read_env(spec + 4, buf, size, e);
	else if (strncmp(spec, "fd:", 3) == 0) {
		if (parse_fd(spec + 3, &fd) == -1) {
			pthread_sigmask(SIG_SETMASK, &mask, NULL);
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
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
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
