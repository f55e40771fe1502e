/*
 * Error reporting: functions return 0 or -1 and leave the reason in a struct
 * err owned by the caller (no global error state), as libtls does.
 */
#ifndef DEMO_ERR_H
#define DEMO_ERR_H

#include <stdio.h>

#define ERR_MSG_MAX 512
#define ERR_FIX_MAX 256

struct err {
	char msg[ERR_MSG_MAX]; /* what failed, with detail; "" when clear */
	char fix[ERR_FIX_MAX]; /* one line the user can act on; "" when unknown */
	int code;              /* program-specific class (an exit code); 0 when unset */
};

/* Empties e. */
void err_clear(struct err *e);

/* Sets the message (printf format) and returns -1, so `return err_set(...)` works. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like err_set, then appends ": strerror(errno)" with errno read on entry. */
int err_set_errno(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets the one-line fix shown under the message. Returns -1. */
int err_fix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets the class code. Returns -1. */
int err_code(struct err *e, int code);

/* Prefixes the current message with "context: ". */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "prog: msg" and, when set, "fix: fix" to f. */
void err_print(FILE *f, const char *prog, const struct err *e);

#endif
