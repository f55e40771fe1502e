/*
 * Name constraints (nc.c): the rule group, and the two checks the fuzz
 * harness and the tests call directly. Like every rule group, it appends
 * its findings to the result and never stops at the first.
 */
#ifndef POLICY_NC_H
#define POLICY_NC_H

#include <stddef.h>

#include <openssl/x509v3.h>

#include "policy.h"

/*
 * Whether nc is well formed (RFC 5280 4.2.1.10): at least one subtree list,
 * none empty, minimum 0 and no maximum, DNS without a leading dot, IP as
 * address and contiguous mask. Returns NULL when fine, else what is wrong.
 */
const char *policy_nc_malformed(const NAME_CONSTRAINTS *nc, char *buf, size_t size);

/*
 * Checks one name against nc. Returns 0 when allowed, -1 when outside
 * (why says which subtree), 1 when nc has a constraint of the name's type
 * that we cannot evaluate (fails closed).
 */
int policy_nc_check_name(const GENERAL_NAME *name, const NAME_CONSTRAINTS *nc, char *why,
                         size_t size);

/* Every CA's constraints applied to every certificate below it; constraints only on CAs. */
void policy_check_constraints(STACK_OF(X509) * path, struct policy_result *r);

#endif
