/*
 * https_pki trust / untrust: running certutil and update-ca-certificates.
 * Tools run through fork/execvp with an argument vector, never through a
 * shell, with stdout and stderr captured together for the error messages.
 */
#include "trust_run.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "trust_parse.h"

#define TRUST_OUTPUT_MAX (256 * 1024)

/* Returns 1 if name is an executable file in a directory of $PATH. */
static int
trust_tool_exists(const char *name)
{
	const char *path = getenv("PATH"), *p, *colon;
	char file[PATH_MAX];

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *colon ? colon + 1 : colon) {
		colon = strchr(p, ':');
		if (colon == NULL)
			colon = p + strlen(p);
		snprintf(file, sizeof(file), "%.*s/%s", (int)(colon - p), colon == p ? "." : p,
		         name);
		if (access(file, X_OK) == 0)
			return 1;
	}
	return 0;
}

int
pki_trust_tools_ready(const char *verb, int system, struct err *e)
{
	if (!system && !trust_tool_exists(PKI_TRUST_CERTUTIL)) {
		err_set(e, "certutil not found; it edits the browsers' NSS databases");
		return err_fix(e, "sudo apt-get install libnss3-tools");
	}
	if (!system)
		return 0;
	if (geteuid() != 0) {
		err_set(e, "--system changes the system trust store, which needs root");
		return err_fix(e, "sudo https_pki %s --system [CA_FILE]", verb);
	}
	if (!trust_tool_exists(PKI_TRUST_UPDATE_CA)) {
		err_set(e, "%s not found", PKI_TRUST_UPDATE_CA);
		return err_fix(e, "sudo apt-get install ca-certificates");
	}
	return 0;
}

/* In the child: stdin from in, stdout and stderr to res, then the tool. */
static _Noreturn void
trust_run_child(const char *const *argv, const int in[2], const int res[2])
{
	if (dup2(in[0], 0) == -1 || dup2(res[1], 1) == -1 || dup2(res[1], 2) == -1)
		_exit(127);
	close(in[0]), close(in[1]), close(res[0]), close(res[1]);
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

/* Writes input (NULL: none) to fd, then closes fd. */
static void
trust_run_feed(int fd, const char *input, size_t input_len)
{
	struct sigaction ign = {0}, old;

	/* The tool may exit without reading its input: a write error, not SIGPIPE. */
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (input != NULL && input_len > 0) {
		ssize_t w = write(fd, input, input_len);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		input += w, input_len -= (size_t)w;
	}
	close(fd);
	sigaction(SIGPIPE, &old, NULL);
}

/* Reads fd to its end into a new buffer (at most TRUST_OUTPUT_MAX kept). */
static char *
trust_read_all(int fd)
{
	char *buf = malloc(TRUST_OUTPUT_MAX + 1), chunk[4096];
	size_t n = 0;
	ssize_t r;

	if (buf == NULL)
		return NULL;
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (n < TRUST_OUTPUT_MAX) {
			size_t take =
			        (size_t)r < TRUST_OUTPUT_MAX - n ? (size_t)r : TRUST_OUTPUT_MAX - n;

			memcpy(buf + n, chunk, take);
			n += take;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* Turns the tool's wait status into its exit status, or -1 with e set. */
static int
trust_run_status(const char *tool, int status, const char *out, struct err *e)
{
	if (out == NULL)
		return err_set(e, "%s: out of memory", tool);
	if (!WIFEXITED(status))
		return err_set(e, "%s was killed by signal %d", tool, WTERMSIG(status));
	if (WEXITSTATUS(status) == 127)
		return err_set(e, "cannot run %s", tool);
	return WEXITSTATUS(status);
}

int
pki_trust_run(const char *const *argv, const char *input, size_t input_len, char **out,
              struct err *e)
{
	int in[2] = {-1, -1}, res[2] = {-1, -1}, status, rc = -1;
	pid_t pid;

	*out = NULL;
	if (pipe(in) == -1 || pipe(res) == -1) {
		err_set_errno(e, "cannot run %s: pipe", argv[0]);
		goto done;
	}
	fflush(NULL);
	pid = fork();
	if (pid == -1) {
		err_set_errno(e, "cannot run %s: fork", argv[0]);
		goto done;
	}
	if (pid == 0)
		trust_run_child(argv, in, res);
	close(in[0]), close(res[1]);
	in[0] = res[1] = -1;
	trust_run_feed(in[1], input, input_len);
	in[1] = -1;
	*out = trust_read_all(res[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			err_set_errno(e, "cannot wait for %s", argv[0]);
			goto done;
		}
	rc = trust_run_status(argv[0], status, *out, e);
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] != -1)
			close(in[i]);
		if (res[i] != -1)
			close(res[i]);
	}
	return rc;
}

int
pki_trust_tool_failed(struct err *e, const char *what, const char *out)
{
	const char *t;
	size_t len = pki_trust_first_line(out, &t);

	if (len == 0)
		return err_set(e, "%s failed without a message", what);
	return err_set(e, "%s failed: %.*s", what, (int)len, t);
}
