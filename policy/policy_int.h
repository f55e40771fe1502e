/*
 * Internal to the files of policy/: one function per rule group, and the helpers
 * they share. Each group appends its findings to the result; none stops at
 * the first, so a report can show everything wrong with a chain.
 */
#ifndef POLICY_INT_H
#define POLICY_INT_H

#include <openssl/x509v3.h>

#include "policy.h"

/* Appends a finding about x (NULL: about the path) at depth. */
void policy_add(struct policy_result *r, enum policy_class cls, const char *rule, int depth,
                X509 *x, const char *fix, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

/* The subject of x as one line ("CN=..., O=..."), or "?" . */
void policy_subject(X509 *x, char *buf, size_t size);

/* Whether x is self-issued and its signature verifies with its own key. */
int policy_self_signed(X509 *x);

/* --- names.c: the leaf's names and the host ------------------------------- */

/*
 * Checks a DNS name from a certificate (len bytes, not NUL-terminated; no
 * wildcard): letters, digits and hyphens in labels of 1 to 63, no dot at
 * either end. Returns NULL when fine, else what is wrong (static text).
 */
const char *policy_dns_syntax(const char *name, size_t len);

/*
 * Checks a DNS name that holds a '*': only "*" as the whole leftmost label,
 * at least two labels after it, not a public suffix after it. Returns NULL
 * when fine, else what is wrong (static text).
 */
const char *policy_wildcard_syntax(const char *name, size_t len);

/* Whether the (lower-case) name is a public suffix (ICANN rules; unknown TLDs count). */
int policy_public_suffix(const char *name);

/*
 * Whether the certificate's DNS name pattern (len bytes; maybe a valid
 * wildcard) covers host. Case-insensitive; a wildcard covers exactly one
 * label and never an IP address. Returns 1 or 0.
 */
int policy_dns_match(const char *pattern, size_t len, const char *host);

/* Parses an IP literal (IPv6 without brackets) into out. Returns 4, 16, or 0. */
int policy_ip_parse(const char *text, unsigned char out[16]);

/* The rules on the leaf's names (SAN only, syntax, CN among SANs) and the host match. */
void policy_check_names(X509 *leaf, const char *host, enum policy_purpose purpose,
                        struct policy_result *r);

/* --- nc.c: name constraints ------------------------------------------------ */

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

/* --- roles.c, format.c, keys.c --------------------------------------------- */

/* Leaf not a CA, EKU for purpose; each CA a v3 CA with keyCertSign; path lengths; root EKU. */
void policy_check_roles(STACK_OF(X509) * path, enum policy_purpose purpose,
                        struct policy_result *r);

/* Serial, AKI/SKI, critical extensions and their criticality, duplicates. */
void policy_check_format(STACK_OF(X509) * path, struct policy_result *r);

/* Key types and sizes, EC curves, signature hashes. */
void policy_check_keys(STACK_OF(X509) * path, struct policy_result *r);

#endif
