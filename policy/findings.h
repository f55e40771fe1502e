/* Recording findings and naming certificates: the helpers every rule group shares. */
#ifndef POLICY_FINDINGS_H
#define POLICY_FINDINGS_H

#include <openssl/x509.h>

#include "policy.h"

/* Appends an error about x (NULL: about the path) at depth. */
void policy_add(struct policy_result *r, enum policy_class cls, const char *rule, int depth,
                X509 *x, const char *fix, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

/*
 * Appends a warning: a rule stricter than Chromium, which fails with cls
 * only in strict mode (r->strict), when it is recorded as an error.
 */
void policy_warn(struct policy_result *r, enum policy_class cls, const char *rule, int depth,
                 X509 *x, const char *fix, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

/* Whether depth d of path is the trust anchor (r->trusted, the last, above the leaf). */
int policy_is_anchor(const struct policy_result *r, STACK_OF(X509) * path, int d);

/* The subject of x as one line ("CN=..., O=..."), or "?" . */
void policy_subject(X509 *x, char *buf, size_t size);

/* Whether x is self-issued and its signature verifies with its own key. */
int policy_self_signed(X509 *x);

#endif
