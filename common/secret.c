/* _GNU_SOURCE: program_invocation_short_name, the name the program was started as. */
#define _GNU_SOURCE
#include "secret.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

void
secret_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

void
secret_free(void *p, size_t len)
{
	secret_wipe(p, len);
	free(p);
}

void
secret_wipe_str(char *s)
{
	if (s != NULL)
		secret_wipe(s, strlen(s));
}

int
secret_no_core_dumps(void)
{
	struct rlimit rl = {0, 0};
	int rc = 0;

	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		rc = -1;
	/* Also stops other processes of the same user from reading our memory via ptrace. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		rc = -1;
	return rc;
}

/* "group and others" for the two bits of one permission, or NULL for neither. */
static const char *
secret_who(mode_t mode, mode_t group_bit, mode_t other_bit)
{
	if ((mode & group_bit) && (mode & other_bit))
		return "group and others";
	if (mode & group_bit)
		return "group";
	if (mode & other_bit)
		return "others";
	return NULL;
}

/* Has this file (device, inode, mode) been warned about already? Records it if not. */
static int
secret_warned_before(const struct stat *st)
{
	static struct {
		dev_t dev;
		ino_t ino;
		mode_t mode;
	} seen[8];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino &&
		    seen[i].mode == st->st_mode)
			return 1;
	if (n < 8) {
		seen[n].dev = st->st_dev;
		seen[n].ino = st->st_ino;
		seen[n].mode = st->st_mode;
		n++;
	}
	return 0;
}

int
secret_file_check(int fd, const char *path, FILE *out)
{
	const char *readers, *writers;
	struct stat st;

	if ((fd >= 0 ? fstat(fd, &st) : stat(path, &st)) == -1)
		return -1;
	if (!S_ISREG(st.st_mode) || (st.st_mode & 066) == 0)
		return 0;
	if (secret_warned_before(&st))
		return 1;
	readers = secret_who(st.st_mode, S_IRGRP, S_IROTH);
	writers = secret_who(st.st_mode, S_IWGRP, S_IWOTH);
	fprintf(out, "%s: warning: %s is ", program_invocation_short_name, path);
	if (readers != NULL)
		fprintf(out, "readable by %s%s", readers, writers != NULL ? ", " : "");
	if (writers != NULL)
		fprintf(out, "writable by %s", writers);
	fprintf(out, " (mode %04o)\nfix: chmod 600 %s\n", (unsigned)(st.st_mode & 07777), path);
	return 1;
}
