/*
 * https_pki: what the files of the certificate tool share. Each .c file
 * declares its functions in the header of the same name (pem.h, keyfile.h,
 * certfile.h, ..., and one per subcommand: init.h, issue.h, ...); this one
 * brings in the shared exit codes and holds the tool-wide limits and file names.
 *
 * All functions return 0 (or a pointer) on success and -1 (or NULL) with the
 * struct err set on failure; err.code carries a DEMO_EXIT_* class (common/exits.h).
 */
#ifndef PKI_H
#define PKI_H

/* Exit codes: the ones all three programs share (printed by `https_pki --help`). */
#include "exits.h"

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
