/*
 * The leaf's names and the host (policy_names.c): the name rules, and the
 * pieces of them that name constraints and the tests use too. Like every
 * rule group, it appends its findings to the result and never stops at the
 * first, so a report can show everything wrong with a chain.
 */
#ifndef POLICY_NAMES_H
#define POLICY_NAMES_H

#include <stddef.h>

#include <openssl/x509.h>

#include "policy.h"

/*
 * Checks a DNS name from a certificate (len bytes, not NUL-terminated; no
 * wildcard): letters, digits and hyphens in labels of 1 to 63, no dot at
 * either end. Returns NULL when fine, else what is wrong (static text).
 */
const char *policy_dns_syntax(const char *name, size_t len);

/*
 * policy_dns_syntax with underscores allowed: the syntax https_pki accepts
 * for a name to issue (an underscore is only a warning, name.dns-syntax,
 * since Chromium matches such names) and OpenSSL's reading of a CN as a
 * host name. Returns NULL when fine, else what is wrong (static text).
 */
const char *policy_dns_syntax_underscore_ok(const char *name, size_t len);

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

#endif
