/*
 * The bad-certificate builder (badssl_x509.c): like profile.c, but every
 * part of a certificate can be broken on purpose.
 */
#ifndef PKI_BADSSL_X509_H
#define PKI_BADSSL_X509_H

#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "err.h"

enum badssl_key {
	BADSSL_KEY_P256, /* the default */
	BADSSL_KEY_P384,
	BADSSL_KEY_P192,
	BADSSL_KEY_RSA2048,
	BADSSL_KEY_RSA2047,
	BADSSL_KEY_RSA1024,
	BADSSL_KEY_DSA,
	BADSSL_KEY_ED25519,
};

enum badssl_serial {
	BADSSL_SERIAL_RANDOM, /* 16 random bytes, positive: the default */
	BADSSL_SERIAL_ZERO,
	BADSSL_SERIAL_NEGATIVE,
	BADSSL_SERIAL_21, /* 21 octets, one over RFC 5280's limit */
};

enum badssl_when { BADSSL_NOW, BADSSL_PAST, BADSSL_FUTURE };

enum badssl_role { BADSSL_ROOT, BADSSL_CA, BADSSL_LEAF };

/*
 * One certificate to build. Zero values give a good certificate of its role
 * (the profile of docs/architecture.md). For the string fields NULL means the
 * role's default and "-" means "leave the extension out"; other values are
 * OpenSSL extension-configuration text ("critical,CA:TRUE", "DNS:a,IP:b").
 */
struct badssl_cert {
	const char *cn;  /* subject CN; NULL: the case's host (leaf) or a made-up CA name */
	const char *san; /* NULL: "DNS:<host>" for a leaf, none for a CA */
	const char *bc, *ku, *eku;
	const char *nc;       /* nameConstraints, NULL: none */
	const char *nc_hex;   /* nameConstraints as raw DER (hex), for malformed ones */
	const char *aia;      /* authorityInfoAccess, NULL: none */
	const char *md;       /* signature hash (OpenSSL name), NULL: SHA-256 */
	int unknown_critical; /* add a critical extension nobody knows */
	int long_san;         /* add a 256-byte DNS name (outside every constraint) */
	int bad_ip_san;       /* add a 5-byte iPAddress SAN */
	int dup_san;          /* the subjectAltName extension twice */
	int bad_signature;    /* flip a bit of the signature */
	int no_ski, no_aki, v1;
	enum badssl_key key;
	enum badssl_serial serial;
	enum badssl_when when;
};

/* A built certificate and its key. */
struct badssl_pair {
	X509 *cert;
	EVP_PKEY *key;
};

/*
 * Builds c in role, signed by issuer (NULL: self-signed). host fills the
 * leaf's default CN and SAN; cn_default names a CA without c->cn. now is the
 * reference time. The caller frees with badssl_pair_free.
 */
int badssl_build_cert(const struct badssl_cert *c, enum badssl_role role, const char *host,
                      const char *cn_default, const struct badssl_pair *issuer, time_t now,
                      struct badssl_pair *out, struct err *e);

void badssl_pair_free(struct badssl_pair *p);

#endif
