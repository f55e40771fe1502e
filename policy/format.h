/*
 * Format (format.c): a rule group. It appends its findings to the result and never
 * stops at the first, so a report can show everything wrong with a chain.
 */
#ifndef POLICY_FORMAT_H
#define POLICY_FORMAT_H

#include <openssl/x509.h>

#include "policy.h"

/* Serial, AKI/SKI, critical extensions and their criticality, duplicates. */
void policy_check_format(STACK_OF(X509) * path, struct policy_result *r);

#endif
