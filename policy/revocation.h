/*
 * Revocation by CRL (revocation.c): each certificate of a path checked
 * against the CRL its issuer signed, for both verifiers (https_client
 * --crlfile, https_pki verify --crl); and the names of RFC 5280's reason
 * codes, which https_pki revoke, crl and inspect use too.
 */
#ifndef POLICY_REVOCATION_H
#define POLICY_REVOCATION_H

#include <time.h>

#include <openssl/x509.h>

#include "policy.h"

/*
 * For each certificate of path (leaf first) that has its issuer above it on
 * the path: finds the CRLs of crls issued by that issuer (by name), checks
 * each one's signature with the issuer's key (crl.signature: POLICY_CRL_FOREIGN)
 * and its thisUpdate/nextUpdate against at (crl.stale: POLICY_CRL_STALE),
 * then looks the serial up (crl.revoked: POLICY_REVOKED, with the date and
 * reason). A certificate no CRL covers fails too (crl.missing:
 * POLICY_CRL_FOREIGN), as with OpenSSL's CRL_CHECK_ALL. Appends findings to r.
 */
void policy_check_revocation(STACK_OF(X509) * path, STACK_OF(X509_CRL) * crls, time_t at,
                             struct policy_result *r);

/* The RFC 5280 5.3.1 name of a reason code ("keyCompromise"), or NULL for none. */
const char *policy_crl_reason_name(int code);

/* The code of a reason name (case-insensitive; also its number), or -1. */
int policy_crl_reason_parse(const char *name);

/* The reason of a revoked entry: its code, or -1 when the entry has none. */
int policy_crl_entry_reason(const X509_REVOKED *rev);

/*
 * Loads every CRL of a PEM file (or one DER CRL). Returns the stack, or
 * NULL with a message in msg (a file that cannot be read or holds no CRL).
 */
STACK_OF(X509_CRL) * policy_crls_load(const char *path, char *msg, size_t size);

#endif
