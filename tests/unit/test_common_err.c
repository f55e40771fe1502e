/* Unit tests for common/err.c. */
#include <errno.h>
#include <stdlib.h>

#include "err.h"
#include "unit.h"

static void
test_set_and_prefix(void)
{
	struct err e;
	char big[ERR_MSG_MAX * 2];

	err_clear(&e);
	UNIT_CHECK_STR(e.msg, "");
	UNIT_CHECK_INT(err_set(&e, "cannot open %s", "key.pem"), -1);
	UNIT_CHECK_STR(e.msg, "cannot open key.pem");
	err_prefix(&e, "server %d", 1);
	UNIT_CHECK_STR(e.msg, "server 1: cannot open key.pem");
	UNIT_CHECK_INT(err_fix(&e, "run %s", "https_pki init"), -1);
	UNIT_CHECK_STR(e.fix, "run https_pki init");
	UNIT_CHECK_INT(err_code(&e, 17), -1);
	UNIT_CHECK_INT(e.code, 17);

	errno = ENOENT;
	err_set_errno(&e, "open %s", "x");
	UNIT_CHECK_STR(e.msg, "open x: No such file or directory");
	UNIT_CHECK_INT(errno, ENOENT);

	/* Overlong text is cut, never overflows, and the prefix survives. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&e, "%s", big);
	UNIT_CHECK_INT(strlen(e.msg), ERR_MSG_MAX - 1);
	err_prefix(&e, "where");
	UNIT_CHECK(strncmp(e.msg, "where: aaa", 10) == 0);
	UNIT_CHECK_INT(strlen(e.msg), ERR_MSG_MAX - 1);
}

static void
test_print(void)
{
	struct err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	err_clear(&e);
	err_set(&e, "wrong passphrase for key.pem");
	err_fix(&e, "check secret/reminder.txt");
	f = open_memstream(&buf, &len);
	err_print(f, "https_server", &e);
	fclose(f);
	UNIT_CHECK_STR(
	        buf,
	        "https_server: wrong passphrase for key.pem\nfix: check secret/reminder.txt\n");
	free(buf);

	err_clear(&e);
	buf = NULL;
	f = open_memstream(&buf, &len);
	err_print(f, "x", &e);
	fclose(f);
	UNIT_CHECK_STR(buf, "x: unknown error\n");
	free(buf);
}

int
main(void)
{
	test_set_and_prefix();
	test_print();
	return unit_done();
}
