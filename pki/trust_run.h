/* https_pki trust / untrust: running certutil and update-ca-certificates (trust_run.c). */
#ifndef PKI_TRUST_RUN_H
#define PKI_TRUST_RUN_H

#include <stddef.h>

#include "err.h"

/* The tools, found through $PATH. */
#define PKI_TRUST_CERTUTIL  "certutil"
#define PKI_TRUST_UPDATE_CA "update-ca-certificates"

/*
 * Checks, before anything is read or changed, that the store's tools can
 * run: certutil for the NSS databases; for the system store (system set),
 * root and update-ca-certificates. verb ("trust", "untrust") goes into the
 * fix line. Returns 0, or -1 with e set.
 */
int pki_trust_tools_ready(const char *verb, int system, struct err *e);

/*
 * Runs argv (argv[0] found through $PATH, no shell) with input_len bytes of
 * input (NULL: none) on its stdin, and its stdout and stderr together, cut
 * to 256 KiB, in *out (NUL-terminated; the caller frees it, also on error).
 * Returns the exit status, or -1 with e set when it could not be run or was
 * killed.
 */
int pki_trust_run(const char *const *argv, const char *input, size_t input_len, char **out,
                  struct err *e);

/*
 * Sets e to "WHAT failed: " and the first line of the tool's output out
 * (NULL: none), or to "WHAT failed without a message". Returns -1.
 */
int pki_trust_tool_failed(struct err *e, const char *what, const char *out);

#endif
