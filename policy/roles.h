/*
 * Roles (roles.c): a rule group. It appends its findings to the result and never
 * stops at the first, so a report can show everything wrong with a chain.
 */
#ifndef POLICY_ROLES_H
#define POLICY_ROLES_H

#include <openssl/x509.h>

#include "policy.h"

/* Leaf not a CA, EKU for purpose; each CA a v3 CA with keyCertSign; path lengths; root EKU. */
void policy_check_roles(STACK_OF(X509) * path, enum policy_purpose purpose,
                        struct policy_result *r);

#endif
