#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

void
err_clear(struct err *e)
{
	e->msg[0] = '\0';
	e->fix[0] = '\0';
	e->code = 0;
}

int
err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
err_set_errno(struct err *e, const char *fmt, ...)
{
	int saved = errno;
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof(e->msg) - len, ": %s", strerror(saved));
	errno = saved;
	return -1;
}

int
err_fix(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->fix, sizeof(e->fix), fmt, ap);
	va_end(ap);
	return -1;
}

int
err_code(struct err *e, int code)
{
	e->code = code;
	return -1;
}

void
err_prefix(struct err *e, const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	size_t len, n;
	va_list ap;

	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	if (len + 2 < sizeof(e->msg)) {
		memcpy(e->msg + len, ": ", 3);
		len += 2;
		/* Truncation keeps the head, which says where it happened. */
		n = strlen(old);
		if (n > sizeof(e->msg) - len - 1)
			n = sizeof(e->msg) - len - 1;
		memcpy(e->msg + len, old, n);
		e->msg[len + n] = '\0';
	}
}

void
err_print(FILE *f, const char *prog, const struct err *e)
{
	fprintf(f, "%s: %s\n", prog, e->msg[0] ? e->msg : "unknown error");
	if (e->fix[0])
		fprintf(f, "fix: %s\n", e->fix);
}
