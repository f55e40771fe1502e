/*
 * https_pki trust / untrust: the interfaces between the files that make the
 * two subcommands (declared in pki.h), and the pure parts, which the unit
 * tests use too.
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

#include <limits.h>
#include <stddef.h>

#include <openssl/x509.h>

#include "err.h"

/* Longest nickname, NUL included. */
#define PKI_TRUST_NICK_MAX 80
/* Bytes of the certificate's SHA-256 shown in a derived nickname (8 hex digits). */
#define PKI_TRUST_FPR_BYTES 4

/* The tools, found through $PATH, and where the system store takes roots. */
#define PKI_TRUST_CERTUTIL   "certutil"
#define PKI_TRUST_UPDATE_CA  "update-ca-certificates"
#define PKI_TRUST_SYSTEM_DIR "/usr/local/share/ca-certificates"

/* ---- pure parsing (trust_parse.c) ---- */

/*
 * Derives the NSS nickname "<CN> <hex>" from the subject CN (NULL or empty:
 * "https-demo CA") and the certificate's SHA-256 (the first
 * PKI_TRUST_FPR_BYTES, lower-case hex). The CN is reduced to printable
 * ASCII without ':' (NSS reads "token:name"), '"' or '\', whitespace runs
 * collapsed, cut to 48 bytes. The same certificate always gives the same
 * nickname, so untrust finds what trust added. Returns 0, or -1 when
 * sha256_len < PKI_TRUST_FPR_BYTES or out is too small.
 */
int pki_trust_nickname(const char *cn, const unsigned char *sha256, size_t sha256_len, char *out,
                       size_t size);

/*
 * Returns 1 if name is acceptable as a nickname given with --name: 1 to
 * PKI_TRUST_NICK_MAX - 1 printable ASCII bytes, no ':', '"' or '\', no
 * leading '-' or space, no trailing space. 0 otherwise.
 */
int pki_trust_name_valid(const char *name);

/*
 * Turns a nickname into a file name stem for the system store: lower-case
 * letters and digits, every other run of bytes one '-', no '-' at either
 * end ("HTTPS Demo Root CA 9f86d081" -> "https-demo-root-ca-9f86d081").
 * Returns 0, or -1 when nothing is left or out is too small.
 */
int pki_trust_slug(const char *nick, char *out, size_t size);

/* SSL trust bits, as `certutil -L -n NICK` prints them under "SSL Flags:". */
#define PKI_TRUST_SSL_VALID_CA   0x01 /* "Valid CA" (c) */
#define PKI_TRUST_SSL_TRUSTED_CA 0x02 /* "Trusted CA" (C): may vouch for web servers */
#define PKI_TRUST_SSL_CLIENT_CA  0x04 /* "Trusted Client CA" (T) */
#define PKI_TRUST_SSL_PEER       0x08 /* "Valid Peer" (p) or "Trusted" (P) */
#define PKI_TRUST_SSL_OTHER      0x10 /* any other line */

/*
 * Reads the SSL trust bits of the first certificate in the output of
 * `certutil -L -d DB -n NICK`: the lines under "SSL Flags:" inside
 * "Certificate Trust Flags:", up to the next line indented no deeper.
 * Returns the PKI_TRUST_SSL_* mask (0: listed with no SSL trust), or -1
 * when the output has no such section.
 */
int pki_trust_parse_ssl_flags(const char *text);

/*
 * Writes a readable list of the bits in mask ("Valid CA, Trusted CA", or
 * "none") into buf and returns buf.
 */
const char *pki_trust_ssl_flags_str(int mask, char *buf, size_t size);

/*
 * Reads the trust attributes of a `certutil -L` listing line ("C,,",
 * "CT,C,C", ",,"): returns 1 if the SSL field holds C (trusted to issue
 * server certificates), 0 if not, -1 if attrs is not three comma-separated
 * fields of trust letters.
 */
int pki_trust_attrs_ssl_trusted(const char *attrs);

/*
 * Iterates the entries of a `certutil -L -d DB` listing, skipping the header
 * and blank lines: copies the next nickname and its trust attributes, moves
 * *cursor past the line and returns 1; returns 0 at the end. Lines without
 * trust attributes, or whose fields do not fit, are skipped.
 */
int pki_trust_list_next(const char **cursor, char *nick, size_t nick_size, char *attrs,
                        size_t attrs_size);

/*
 * Finds the first line of text (NULL: none) with more than blanks on it:
 * points *line at it, without its indentation, and returns its length
 * without trailing blanks or the newline. Returns 0 when there is none.
 */
size_t pki_trust_first_line(const char *text, const char **line);

/* ---- the certificate (trust_ca.c) ---- */

/* The root being trusted or untrusted, and the names derived from it. */
struct pki_trust_ca {
	X509 *x509;
	char *pem; /* our own PEM encoding of x509, fed to the tools */
	size_t pem_len;
	char path[PATH_MAX];
	char cn[128];
	char fpr[3 * 32];
	char nick[PKI_TRUST_NICK_MAX];
	char slug[PKI_TRUST_NICK_MAX];
	int derived; /* nick derived from the certificate, not given with --name */
};

/*
 * Loads the certificate (PEM or DER) in file into ca, which starts zeroed,
 * and refuses what a browser would not take as a root: not a CA, not
 * self-issued and self-signed, and, when for_trust, expired. The nickname is
 * name (checked with pki_trust_name_valid) or pki_trust_nickname's. Returns
 * 0, or -1 with e set (code PKI_EXIT_BADINPUT for a bad file,
 * PKI_EXIT_USAGE for a bad name); either way the caller calls
 * pki_trust_ca_free.
 */
int pki_trust_ca_load(const char *file, const char *name, int for_trust, struct pki_trust_ca *ca,
                      struct err *e);

/* Frees what ca holds and zeroes it; a zeroed ca is fine. */
void pki_trust_ca_free(struct pki_trust_ca *ca);

/*
 * Prints on stdout which root this is (CN, file, SHA-256, nickname) and
 * what it may vouch for: its permitted name constraints, or a WARNING that
 * it has none.
 */
void pki_trust_ca_describe(const struct pki_trust_ca *ca);

/* Returns 1 if the PEM text holds a certificate equal to ca's, else 0. */
int pki_trust_pem_has(const char *pem, const struct pki_trust_ca *ca);

/* ---- running the tools (trust_run.c) ---- */

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

/* ---- the stores (trust_nss.c, trust_system.c) ---- */

/*
 * Trusts ca for websites (removing: takes out the entry trust made) in the
 * NSS database nssdb, or when NULL in Chromium's $HOME/.pki/nssdb (created
 * when trusting) and every Chromium snap and Firefox profile database found.
 * Reads each back and prints one line per database on stdout; keeps going
 * after a failure and prints each on stderr. Returns PKI_EXIT_OK, or the
 * exit code of the last failure.
 */
int pki_trust_nss_all(const char *nssdb, const struct pki_trust_ca *ca, int removing);

/*
 * Puts ca into the system store as PKI_TRUST_SYSTEM_DIR/<slug>.crt, runs
 * update-ca-certificates and checks that /etc/ssl/certs/<slug>.pem links to
 * it. A file of that name holding another certificate is left alone (an
 * error). Needs root. Returns 0, or -1 with e set.
 */
int pki_trust_system_add(const struct pki_trust_ca *ca, struct err *e);

/*
 * Takes out the file pki_trust_system_add wrote, if it holds ca, and
 * rebuilds the links (update-ca-certificates --fresh); nothing there is
 * fine. Needs root. Returns 0, or -1 with e set.
 */
int pki_trust_system_remove(const struct pki_trust_ca *ca, struct err *e);

#endif
