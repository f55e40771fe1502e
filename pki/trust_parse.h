/*
 * https_pki trust / untrust, the pure parts (trust_parse.c): nicknames and
 * file names derived from a certificate, and reading what certutil prints.
 * The unit tests drive all of it.
 */
#ifndef PKI_TRUST_PARSE_H
#define PKI_TRUST_PARSE_H

#include <stddef.h>

/* Longest nickname, NUL included. */
#define PKI_TRUST_NICK_MAX 80
/* Bytes of the certificate's SHA-256 shown in a derived nickname (8 hex digits). */
#define PKI_TRUST_FPR_BYTES 4

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

#endif
