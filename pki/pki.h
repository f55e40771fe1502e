/*
 * https_pki: the certificate tool. This header is the contract between the
 * subcommands (one file each) and the helpers they share:
 *
 *   pem.c      what a PEM buffer holds (and clear errors when it is not PEM)
 *   keyfile.c  key generation, PKCS#8 encryption, loading with distinct errors
 *   certfile.c certificates and CSRs in and out
 *   names.c    SAN and time arguments, name constraints
 *   profile.c  building and signing certificates for the four profiles
 *   output.c   a set of output files written all or nothing
 *   cli.c      what every subcommand does alike (usage, passphrases, exit codes)
 *   config.c   the YAML hierarchy for `init --config`
 *
 * All functions return 0 (or a pointer) on success and -1 (or NULL) with the
 * struct err set on failure; err.code carries a PKI_EXIT_* class.
 */
#ifndef PKI_H
#define PKI_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"

/* Exit codes: the shared ones of common/exits.h (printed by `https_pki --help`). */
#include "exits.h"
#define PKI_EXIT_OK         DEMO_EXIT_OK
#define PKI_EXIT_ERROR      DEMO_EXIT_INTERNAL
#define PKI_EXIT_USAGE      DEMO_EXIT_USAGE
#define PKI_EXIT_BADPASS    DEMO_EXIT_PASSPHRASE
#define PKI_EXIT_BADINPUT   DEMO_EXIT_FILE
#define PKI_EXIT_EXISTS     DEMO_EXIT_EXISTS
#define PKI_EXIT_CONSTRAINT DEMO_EXIT_UNTRUSTED
#define PKI_EXIT_BADCONFIG  DEMO_EXIT_CONFIG

/*
 * PBKDF2-HMAC-SHA256 iterations for every key we encrypt: about 0.05 s per
 * key on the reference machine. OWASP's 2023 figure for password storage is
 * 600,000; we take a third of it because the server decrypts its key at every
 * start and the test suite starts it many times, also under ASan, where
 * OpenSSL's allocations inside each iteration cost about ten times more. The
 * demo passphrase init makes is random (144 bits), where the count is moot.
 */
#ifndef PKI_KDF_ITER /* -DPKI_KDF_ITER=1 isolates the KDF cost in benchmarks */
#define PKI_KDF_ITER 200000
#endif
/* Salt bytes (NIST SP 800-132: at least 16). */
#define PKI_KDF_SALT_LEN 16

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

/* ---- subcommands (each returns the process exit status) ---- */

int pki_cmd_init(int argc, char **argv);
int pki_cmd_issue(int argc, char **argv);
int pki_cmd_key(int argc, char **argv);
int pki_cmd_csr(int argc, char **argv);
int pki_cmd_sign(int argc, char **argv);
int pki_cmd_inspect(int argc, char **argv);
int pki_cmd_verify(int argc, char **argv);
int pki_cmd_chain(int argc, char **argv);
int pki_cmd_passwd(int argc, char **argv);
int pki_cmd_badssl(int argc, char **argv);
/* In trust.c (owned by the browser part). */
int pki_cmd_trust(int argc, char **argv);
int pki_cmd_untrust(int argc, char **argv);

/* ---- pem.c ---- */

/*
 * Finds the first PEM block in buf and copies its label ("CERTIFICATE",
 * "ENCRYPTED PRIVATE KEY", ...) into label. Fails with PKI_EXIT_BADINPUT and
 * a message naming what (binary DER, text without PEM, a truncated block)
 * when buf holds no complete PEM block. what names the file in messages.
 */
int pki_pem_label(const char *buf, size_t len, const char *what, char *label, size_t size,
                  struct err *e);

/* Finds needle in the first len bytes of hay (NULL when absent). */
const char *pki_mem_find(const char *hay, size_t len, const char *needle);

/* Counts the PEM blocks with the given label in buf; -1 when one is truncated. */
int pki_pem_count(const char *buf, size_t len, const char *label);

/* Reads path (at most PKI_INPUT_MAX bytes). Fails with PKI_EXIT_BADINPUT for a missing file. */
int pki_file_read(const char *path, char **out, size_t *len, struct err *e);

/* ---- keyfile.c ---- */

enum pki_key_type {
	PKI_KEY_EC_P256,
	PKI_KEY_EC_P384,
	PKI_KEY_RSA,
	PKI_KEY_ED25519,
};

struct pki_key_spec {
	enum pki_key_type type;
	int bits; /* RSA only */
};

/*
 * Parses "ec" or "p256" (default), "p384", "rsa" (2048), "rsa2048", "rsa3072",
 * "rsa4096", "ed25519". Other RSA sizes are refused.
 */
int pki_key_spec_parse(const char *s, struct pki_key_spec *spec, struct err *e);

/* Describes spec ("ECDSA P-256", "RSA 2048", ...) in a static string. */
const char *pki_key_spec_name(const struct pki_key_spec *spec);

/*
 * Generates a key. unsafe_rsa_bits, when non-zero, overrides the RSA size
 * without the 2048-bit floor (only the bad-certificate set uses it).
 * The caller frees the result with EVP_PKEY_free.
 */
EVP_PKEY *pki_key_generate(const struct pki_key_spec *spec, int unsafe_rsa_bits, struct err *e);

/*
 * Encodes key as PEM PKCS#8, encrypted with PBES2 AES-256-CBC and
 * PBKDF2-HMAC-SHA256 (PKI_KDF_ITER) under pass, which must be a non-empty
 * string (NULL is refused: a clear key is never written by accident).
 * *out is allocated; the caller wipes and frees it (secret_free in common/secret.h).
 */
int pki_key_encode(EVP_PKEY *key, const char *pass, char **out, size_t *len, struct err *e);

/* Encodes key as clear PEM PKCS#8: only for --no-passphrase. As pki_key_encode. */
int pki_key_encode_unsafe_clear(EVP_PKEY *key, char **out, size_t *len, struct err *e);

/*
 * Decodes a private key from a PEM buffer. pass may be NULL for an
 * unencrypted key. Errors: PKI_EXIT_BADPASS for a wrong passphrase,
 * PKI_EXIT_BADINPUT when buf is not a private key (with what it holds).
 */
EVP_PKEY *pki_key_decode(const char *buf, size_t len, const char *what, const char *pass,
                         struct err *e);

/* Returns 1 if the PEM buffer holds an encrypted private key. */
int pki_key_is_encrypted(const char *buf, size_t len);

/* Describes how a PEM key is encrypted ("PKCS#8 PBES2: AES-256-CBC, ...", "none"). */
void pki_key_scheme(const char *buf, size_t len, char *out, size_t size);

/* Loads a key file; see pki_key_decode. */
EVP_PKEY *pki_key_load(const char *path, const char *pass, struct err *e);

/* ---- certfile.c ---- */

/*
 * Loads every certificate of a PEM file, in order. Fails with
 * PKI_EXIT_BADINPUT when the file holds none (saying what it holds).
 * The caller frees the stack with OSSL_STACK_OF_X509_free-like
 * sk_X509_pop_free(sk, X509_free).
 */
STACK_OF(X509) * pki_certs_load(const char *path, struct err *e);

/* Loads the first certificate of a PEM file. */
X509 *pki_cert_load(const char *path, struct err *e);

/* Loads a CSR and checks its own signature (PKI_EXIT_BADINPUT when broken). */
X509_REQ *pki_csr_load(const char *path, struct err *e);

/* Appends the PEM of cert to *buf (allocated, grown). */
int pki_cert_append_pem(X509 *cert, char **buf, size_t *len, struct err *e);

/* Encodes a CSR as PEM into *out (allocated). */
int pki_csr_encode(X509_REQ *req, char **out, size_t *len, struct err *e);

/* Returns 1 if cert is self-issued and its signature verifies with its own key. */
int pki_cert_is_self_signed(X509 *cert);

/* ---- names.c ---- */

#define PKI_SAN_MAX 32

/*
 * A list of subject alternative names in their canonical text form
 * ("DNS:localhost", "IP:127.0.0.1", "email:a@b"), without duplicates.
 */
struct pki_sans {
	char *v[PKI_SAN_MAX];
	int n;
};

/*
 * Adds one SAN. Accepts "DNS:name", "IP:addr", "email:addr", and, for
 * convenience, a bare IP address or DNS name. Validates the value.
 */
int pki_sans_add(struct pki_sans *s, const char *arg, struct err *e);
void pki_sans_free(struct pki_sans *s);

/* Builds the GENERAL_NAMES of the list (NULL with e set on error). */
GENERAL_NAMES *pki_sans_to_general_names(const struct pki_sans *s, struct err *e);

/* Formats a GENERAL_NAME ("DNS:x", "IP:a.b.c.d/nn", ...) into buf. */
const char *pki_general_name_text(const GENERAL_NAME *gn, char *buf, size_t size);

/*
 * Parses "addr/prefix" (IPv4 or IPv6) into address then mask bytes (8 or 32
 * bytes, the encoding of RFC 5280 4.2.1.10). Returns the length or -1.
 */
int pki_cidr_parse(const char *s, unsigned char out[32], struct err *e);

/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC) into *t. */
int pki_time_parse(const char *s, time_t *t, struct err *e);

/* Formats t as "YYYY-MM-DD HH:MM:SS UTC" into buf. */
const char *pki_time_format(time_t t, char *buf, size_t size);

/* ASN1_TIME to time_t; -1 with e set when it cannot be read. */
int pki_asn1_time_get(const ASN1_TIME *a, time_t *t, struct err *e);

/*
 * Checks the SANs (and, without DNS SANs, the CN) of cert against the name
 * constraints of each CA in cas that has some. Fails with
 * PKI_EXIT_CONSTRAINT naming the CA.
 */
int pki_names_check_constraints(X509 *cert, STACK_OF(X509) * cas, struct err *e);

/* ---- profile.c ---- */

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

/* ---- ca.c ---- */

/* Leaves start this much before now, for clients whose clock is a little behind. */
#define PKI_BACKDATE_SECONDS 300

/* A CA that signs: its certificate, key, and the CAs above it (itself first). */
struct pki_ca {
	X509 *cert;
	EVP_PKEY *key;
	STACK_OF(X509) * chain; /* cert, then the root when known */
};

/*
 * Loads the intermediate CA of a private_ca/ folder (and the root beside it,
 * for name constraints). pass opens the key. pki_ca_free cleans up either way.
 */
int pki_ca_load_dir(struct pki_ca *ca, const char *dir, const char *pass, struct err *e);

/* Loads a CA from explicit files; root may be NULL. */
int pki_ca_load_files(struct pki_ca *ca, const char *cert, const char *key, const char *root,
                      const char *pass, struct err *e);

void pki_ca_free(struct pki_ca *ca);

/*
 * Resolves --days / --not-before / --not-after (days 0: the default) into a
 * period. Dates in the past or the future are allowed (expired test leaves).
 */
int pki_validity_resolve(long days, const char *not_before, const char *not_after, time_t *nb,
                         time_t *na, struct err *e);

/* ---- issue.c ---- */

/* A leaf to make, sign and queue for writing (issue, badssl). */
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

struct pki_outset;

/*
 * Makes a key and a leaf signed by ca (checked against the name constraints
 * of ca->chain), and queues cert_path (leaf + CA when the CA is not a root)
 * and key_path on out.
 */
int pki_issue_leaf(const struct pki_leaf_req *q, struct pki_ca *ca, struct pki_outset *out,
                   struct err *e);

/* ---- key.c, csr.c ---- */

/*
 * Writes key to a new file, mode 0600: encrypted under pass, or in the clear
 * (with the loud warning) when pass is NULL, which only --no-passphrase does.
 */
int pki_key_write_new(const char *path, EVP_PKEY *key, const char *pass, int force, struct err *e);

/* Makes and signs a CSR for subject and sans (may be NULL). */
X509_REQ *pki_csr_make(EVP_PKEY *key, X509_NAME *subject, const struct pki_sans *sans,
                       struct err *e);

/* Adds the SANs a CSR asks for to sans (sign.c). */
int pki_csr_sans(X509_REQ *req, struct pki_sans *sans, struct err *e);

/* ---- chain.c ---- */

/*
 * Orders certificates: the first non-CA of pool (else the first) is the leaf; each issuer follows
 * (moved from pool to out). What is left in pool belongs to no path.
 * *has_root is set when a self-signed root was appended.
 */
int pki_chain_order(STACK_OF(X509) * pool, STACK_OF(X509) * out, int *has_root);

/* ---- output.c ---- */

#define PKI_OUT_MAX 48

/* A set of files written all or nothing (as far as the file system allows). */
struct pki_outset {
	struct {
		char *path;
		char *data;
		size_t len;
		mode_t mode;
		char *tmp; /* its temporary's name ("" while none exists) */
		size_t tmpsize;
		int existed, backed_up, installed;
	} f[PKI_OUT_MAX];
	int n;
	int force;
	int fail_step; /* tests only: make the Nth file-system step fail (0: never) */
	int steps;
};

/* Queues a file (data is copied; it may be a secret, it is wiped on free). */
int pki_out_add(struct pki_outset *o, const char *path, const char *data, size_t len, mode_t mode,
                struct err *e);

/*
 * Checks that no file exists (unless force), creates the parent folders
 * (0700 for private_ca/ and secret/, else 0755), writes every file to a
 * temporary beside it, keeps a hard link to each file it replaces, then
 * renames the temporaries into place. On a failure at any step every file is
 * as it was before the call (originals restored, new files removed, no
 * temporaries left); only created folders stay. Returns 0 or -1 with e set.
 */
int pki_out_commit(struct pki_outset *o, struct err *e);

/*
 * Fails with PKI_EXIT_EXISTS (the message pki_out_commit gives) when path
 * exists and force is off. Commands call it before the costly key derivation,
 * so "already exists" comes at once; pki_out_commit checks again.
 */
int pki_out_precheck(const char *path, int force, struct err *e);

/* Wipes and frees everything queued. */
void pki_out_free(struct pki_outset *o);

/* ---- cli.c ---- */

struct opt;

/* Prints "usage: https_pki CMD SYNOPSIS", the description and the options. */
void pki_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
               const struct opt *table);

/*
 * Parses a subcommand's options. Returns the index of the first operand,
 * -1 after printing a usage error (the exit status is then PKI_EXIT_USAGE).
 */
int pki_parse(const struct opt *table, int argc, char **argv, struct err *e);

/* Prints e as "https_pki: msg" (+ "fix:") and returns its exit class. */
int pki_fail(const struct err *e);

/*
 * What a subcommand declares; pki_cmd_main is the frame they all share.
 * run gets the options (opts) and the operands left after them; cleanup, if
 * set, frees what the options hold (it runs on every path, --help included).
 */
struct pki_cmd {
	const char *name, *synopsis, *about;
	int min_operands, max_operands; /* max -1: any number */
	const char *operands;           /* the message when the count is wrong */
	int (*run)(void *opts, int argc, char **argv, struct err *e);
	void (*cleanup)(void *opts);
};

/*
 * Parses argv (argv[0] is the subcommand) with table, answers --help (when
 * *help is set) from it, checks the operand count, calls c->run, prints the
 * error if any, always calls c->cleanup. Returns the process exit status.
 */
int pki_cmd_main(const struct pki_cmd *c, const struct opt *table, const int *help, void *opts,
                 int argc, char **argv);

/*
 * Reads a passphrase for a new key from source (prompt asks twice), and checks
 * its length (DEMO_PASSPHRASE_MIN..MAX). buf holds DEMO_PASSPHRASE_MAX + 1.
 */
int pki_pass_new(const char *source, const char *what, char *buf, size_t size, struct err *e);

/* Reads a passphrase to open an existing key. */
int pki_pass_open(const char *source, const char *what, char *buf, size_t size, struct err *e);

/* Prints the loud warning for --no-passphrase. */
void pki_warn_unencrypted(const char *path);

/* OPT_FUNC target for a repeatable --san. */
int pki_opt_san(const char *arg, void *ctx, struct err *e);

/* Appends the first OpenSSL error (if any) to e's message and clears the queue. */
void pki_err_openssl(struct err *e);

/* ---- config.c ---- */

#define PKI_CONFIG_LEVELS 8

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
 * name appears in "name:line: message" errors (PKI_EXIT_BADCONFIG).
 */
int pki_config_parse(const char *buf, size_t len, const char *name, struct pki_config *cfg,
                     struct err *e);

/* Frees what the configuration holds (not cfg itself). */
void pki_config_free(struct pki_config *cfg);

/*
 * Writes cfg as YAML that pki_config_parse reads back to the same
 * configuration: every anchor, alias and merge resolved, every default
 * written out (init --config FILE --print-config).
 */
void pki_config_print(FILE *f, const struct pki_config *cfg);

#endif
