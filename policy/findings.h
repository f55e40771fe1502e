/* Recording findings and naming certificates: the helpers every rule group shares. */
#ifndef POLICY_FINDINGS_H
#define POLICY_FINDINGS_H

#include <openssl/x509.h>

#include "policy.h"

/* Appends a finding about x (NULL: about the path) at depth. */
void policy_add(struct policy_result *r, enum policy_class cls, const char *rule, int depth,
                X509 *x, const char *fix, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

/* The subject of x as one line ("CN=..., O=..."), or "?" . */
void policy_subject(X509 *x, char *buf, size_t size);

/* Whether x is self-issued and its signature verifies with its own key. */
int policy_self_signed(X509 *x);

#endif
