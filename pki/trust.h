/*
 * https_pki trust / untrust (trust.c): the two subcommands. Each file that
 * makes them declares its part in the header of the same name (trust_ca.h,
 * ...); trust_parse.h holds the pure parts, which the unit tests use too.
 *
 * trust puts a root into the stores a browser reads (NSS databases for
 * Chromium and Firefox on Linux, or the system store), then reads the store
 * back to prove the SSL trust bit is set; untrust removes exactly the entry
 * trust made.
 *
 *   trust.c         the subcommands: options, --help, --print
 *   trust_parse.c   pure parsing: nicknames, file names, certutil's output
 *   trust_ca.c      the certificate: load, check, describe, compare
 *   trust_run.c     running certutil and update-ca-certificates
 *   trust_nss.c     NSS databases (Chromium, Chrome, Firefox)
 *   trust_system.c  the system store (Debian's update-ca-certificates)
 */
#ifndef PKI_TRUST_H
#define PKI_TRUST_H

struct pki_cmd;

/* https_pki trust and untrust (rows of main.c's list). */
extern const struct pki_cmd pki_trust_cmd, pki_untrust_cmd;

#endif
