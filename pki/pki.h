/*
 * https_pki: what the files of the certificate tool share. Each .c file
 * declares its functions in the header of the same name (pem.h, keyfile.h,
 * certfile.h, ..., and one per subcommand: init.h, issue.h, ...); this one
 * holds only the exit codes and the tool-wide limits and file names.
 *
 * All functions return 0 (or a pointer) on success and -1 (or NULL) with the
 * struct err set on failure; err.code carries a PKI_EXIT_* class.
 */
#ifndef PKI_H
#define PKI_H

/* Exit codes of https_pki (printed by `https_pki --help`). */
#define PKI_EXIT_OK            0
#define PKI_EXIT_ERROR         1 /* anything not listed below (I/O, library failure) */
#define PKI_EXIT_USAGE         2 /* bad command line */
#define PKI_EXIT_BADPASS       3 /* wrong passphrase for an encrypted key */
#define PKI_EXIT_BADINPUT      4 /* a file is not what was expected (not PEM, truncated, wrong kind) */
#define PKI_EXIT_EXISTS        5  /* an output file exists; --force replaces it */
#define PKI_EXIT_CONSTRAINT    6  /* a name is outside the CA's name constraints */
#define PKI_EXIT_BADCONFIG     7  /* the --config file is malformed */
#define PKI_EXIT_VERIFY_TIME   10 /* verify: the validity check failed */
#define PKI_EXIT_VERIFY_NAME   11 /* verify: the name check failed */
#define PKI_EXIT_VERIFY_CHAIN  12 /* verify: the trusted-issuer check failed */
#define PKI_EXIT_VERIFY_USAGE  13 /* verify: the usage (role) check failed */
#define PKI_EXIT_VERIFY_POLICY 14 /* verify: malformed or against policy (format, key, hash) */

/* Largest PEM/DER input we read (a chain of a few certificates fits easily). */
#define PKI_INPUT_MAX (1024 * 1024)

/* Names of the files `init` writes under --dir (see docs/architecture.md). */
#define PKI_ROOT_CERT         "private_ca/root_ca_public_key.pem"
#define PKI_ROOT_KEY          "private_ca/root_ca_private_key.pem"
#define PKI_INTER_CERT        "private_ca/intermediate_ca_public_key.pem"
#define PKI_INTER_KEY         "private_ca/intermediate_ca_private_key.pem"
#define PKI_CA_DIR_ROOT_CERT  "root_ca_public_key.pem"
#define PKI_CA_DIR_ROOT_KEY   "root_ca_private_key.pem"
#define PKI_CA_DIR_INTER_CERT "intermediate_ca_public_key.pem"
#define PKI_CA_DIR_INTER_KEY  "intermediate_ca_private_key.pem"

#endif
