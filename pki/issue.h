/* https_pki issue (issue.c): a new leaf from a CA in one step. */
#ifndef PKI_ISSUE_H
#define PKI_ISSUE_H

#include <time.h>

#include "err.h"
#include "profile.h"

struct pki_ca;
struct pki_key_spec;
struct pki_outset;
struct pki_sans;

/* https_pki issue; returns the process exit status. */
int pki_cmd_issue(int argc, char **argv);

/* A leaf to make, sign and queue for writing (pki_issue_leaf). */
struct pki_leaf_req {
	enum pki_profile profile;
	const char *subject; /* "CN=..,O=.." or "/CN=../O=.." */
	const struct pki_key_spec *key_spec;
	const struct pki_sans *sans;
	time_t not_before, not_after;
	const char *pass;     /* the new key's passphrase */
	int unsafe_clear_key; /* --no-passphrase: write the key in the clear (pass ignored) */
	const char *cert_path, *key_path;
};

/*
 * Makes a key and a leaf signed by ca (checked against the name constraints
 * of ca->chain), and queues cert_path (leaf + CA when the CA is not a root)
 * and key_path on out.
 */
int pki_issue_leaf(const struct pki_leaf_req *q, struct pki_ca *ca, struct pki_outset *out,
                   struct err *e);

#endif
