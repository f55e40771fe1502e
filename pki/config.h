/* The YAML hierarchy of `https_pki init --config FILE` (config.c). */
#ifndef PKI_CONFIG_H
#define PKI_CONFIG_H

#include <stddef.h>

#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "profile.h"

#define PKI_CONFIG_LEVELS 8

/* The fix line of every malformed-config error (exit DEMO_EXIT_CONFIG). */
#define PKI_CONFIG_FIX "compare with pki/example-config.yaml (docs/pki.md lists every key)"

struct pki_config_cert {
	char name[64]; /* the mapping key: root, intermediate, or a leaf's name */
	enum pki_profile profile;
	char subject[256];
	struct pki_key_spec key;
	long days;
	int pathlen;
	struct pki_sans sans;
	struct pki_sans permitted; /* root: name constraints */
	char cert_path[256];       /* where to write (relative to --dir); "" = default */
	char key_path[256];
	char pass_source
	        [256]; /* "passphrase:": where this key's passphrase comes from; "" = none */
};

struct pki_config {
	struct pki_config_cert root;
	struct pki_config_cert intermediate;
	struct pki_config_cert leaf[PKI_CONFIG_LEVELS];
	int nleaf;
};

/*
 * Parses a YAML configuration from memory (see pki/example-config.yaml).
 * name appears in "name:line: message" errors (DEMO_EXIT_CONFIG).
 */
int pki_config_parse(const char *buf, size_t len, const char *name, struct pki_config *cfg,
                     struct err *e);

/* Frees what the configuration holds (not cfg itself). */
void pki_config_free(struct pki_config *cfg);

#endif
