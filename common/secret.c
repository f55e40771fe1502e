#include "secret.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

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
