/*
 * Building and signing certificates for the four profiles of docs/pki.md
 * (profile.c): root, intermediate, server and client.
 */
#ifndef PKI_PROFILE_H
#define PKI_PROFILE_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"

struct pki_sans;

enum pki_profile {
	PKI_PROFILE_ROOT,
	PKI_PROFILE_INTERMEDIATE,
	PKI_PROFILE_SERVER,
	PKI_PROFILE_CLIENT,
};

/* Parses "root", "intermediate", "server", "client". */
int pki_profile_parse(const char *s, enum pki_profile *p, struct err *e);
const char *pki_profile_name(enum pki_profile p);

struct pki_cert_spec {
	enum pki_profile profile;
	X509_NAME *subject;   /* borrowed */
	EVP_PKEY *key;        /* the subject's key (public part used), borrowed */
	X509 *issuer;         /* NULL: self-signed with key */
	EVP_PKEY *issuer_key; /* ignored when issuer is NULL */
	const struct pki_sans *sans;
	time_t not_before, not_after;
	int pathlen;          /* intermediate: path length (-1: unlimited); default 0 */
	int name_constraints; /* root: add the demo's constraints (localhost, 127.0.0.1, ::1) */
	const struct pki_sans
	        *permitted;     /* root: constraints instead of the demo's; NULL: demo's */
	const EVP_MD *md;       /* NULL: SHA-256 (none for Ed25519) */
	const char *crl_url;    /* not root: a CRL distribution point (URI), or NULL */
	int unsafe_not_ca;      /* bad-certificate set: a "CA" with CA:FALSE */
	int unsafe_skip_limits; /* bad-certificate set: no leaf validity cap */
};

/*
 * Builds and signs a certificate (X509v3, 16-byte random serial, SKI, AKI,
 * the profile's basic constraints, key usage and extended key usage).
 * Leaves must carry at least one SAN and at most DEMO_LEAF_DAYS_MAX days.
 */
X509 *pki_cert_make(const struct pki_cert_spec *spec, struct err *e);

/*
 * Adds the extension nid, written as in openssl.cnf ("critical,CA:TRUE"), to
 * x. Returns 0, or -1 with e set (OpenSSL's reason appended).
 */
int pki_ext_add_conf(X509 *x, X509V3_CTX *ctx, int nid, const char *value, struct err *e);

/*
 * Builds a subject name from "CN=..,O=..,OU=..,C=..,ST=..,L=..": a "/" or ","
 * separated list; or a bare string taken as the CN.
 */
X509_NAME *pki_name_parse(const char *s, struct err *e);

/* Makes a random lower-case hex tag of 2*n characters (n <= 16) into buf. */
int pki_random_hex(char *buf, size_t size, int n, struct err *e);

#endif
