/*
 * Recording findings: what every rule group (policy_names.c, nc.c, roles.c,
 * format.c, keys.c) and the chain driver (policy.c) call. It calls none of
 * them, so the rule groups never call back into the driver.
 */
#include "findings.h"

#include <stdarg.h>
#include <stdio.h>

#include <openssl/err.h>

void
policy_subject(X509 *x, char *buf, size_t size)
{
	if (x == NULL || X509_NAME_oneline(X509_get_subject_name(x), buf, (int)size) == NULL)
		snprintf(buf, size, "?");
}

int
policy_self_signed(X509 *x)
{
	int rc = X509_self_signed(x, 1) == 1;

	ERR_clear_error();
	return rc;
}

static void
findings_vadd(struct policy_result *r, enum policy_severity sev, enum policy_class cls,
              const char *rule, int depth, X509 *x, const char *fix, const char *fmt, va_list ap)
{
	struct policy_finding *f = NULL;
	int i;

	if (r->strict)
		sev = POLICY_ERROR;
	if (r->n < POLICY_FINDINGS_MAX) {
		f = &r->findings[r->n++];
	} else if (sev == POLICY_ERROR) {
		/* full: an error takes the place of the last warning, so it is reported */
		for (i = r->n - 1; i >= 0 && f == NULL; i--)
			if (r->findings[i].severity == POLICY_WARNING)
				f = &r->findings[i];
		if (f == NULL) {
			r->dropped++;
			return;
		}
	} else {
		return;
	}
	f->cls = cls;
	f->severity = sev;
	f->rule = rule;
	f->depth = depth;
	f->fix = fix;
	policy_subject(x, f->subject, sizeof(f->subject));
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
}

void
policy_add(struct policy_result *r, enum policy_class cls, const char *rule, int depth, X509 *x,
           const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_vadd(r, POLICY_ERROR, cls, rule, depth, x, fix, fmt, ap);
	va_end(ap);
}

void
policy_warn(struct policy_result *r, enum policy_class cls, const char *rule, int depth, X509 *x,
            const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_vadd(r, POLICY_WARNING, cls, rule, depth, x, fix, fmt, ap);
	va_end(ap);
}

int
policy_is_anchor(const struct policy_result *r, STACK_OF(X509) * path, int d)
{
	return r->trusted && d > 0 && d == sk_X509_num(path) - 1;
}
