/*
 * Keys and signatures (keys.c): a rule group. It appends its findings to the result and never
 * stops at the first, so a report can show everything wrong with a chain.
 */
#ifndef POLICY_KEYS_H
#define POLICY_KEYS_H

#include <openssl/x509.h>

#include "policy.h"

/* Key types and sizes, EC curves, signature hashes. */
void policy_check_keys(STACK_OF(X509) * path, struct policy_result *r);

#endif
