/*
 * The plain-HTTP listener (--http-port): it exists for ACME HTTP-01
 * challenges (RFC 8555 section 8.3) and nothing else. A GET or HEAD of
 * /.well-known/acme-challenge/TOKEN is answered from the webroot
 * (--acme-webroot) where the ACME client wrote the file; every other
 * request is redirected to the same path over https. With --crl-dir, it
 * also publishes the CA's CRLs at /crl/NAME.crl (and NAME.crl.pem), as a
 * real CA's CRL distribution point does: over plain HTTP, since a CRL is
 * signed and a client must be able to fetch it before it trusts any TLS.
 * Nothing else is ever served over plain HTTP.
 */
#ifndef SERVER_ACME_HTTP_H
#define SERVER_ACME_HTTP_H

#include <stddef.h>

#include "err.h"

struct mg_connection;

#define SERVER_ACME_PREFIX     "/.well-known/acme-challenge/"
#define SERVER_ACME_TOKEN_MAX  128  /* Let's Encrypt's tokens are 43 characters */
#define SERVER_ACME_FILE_MAX   1024 /* a key authorization is token "." thumbprint */
#define SERVER_ACME_TARGET_MAX 2048 /* longest path + query we redirect */
#define SERVER_CRL_PREFIX      "/crl/"
#define SERVER_CRL_FILE_MAX    (1024 * 1024) /* a CRL larger than this is not served */

struct server_acme_http {
	const char *webroot; /* NULL: no challenges, redirects only */
	const char *crl_dir; /* NULL: no /crl/ files */
	long https_port;
};

/*
 * Checks that webroot (NULL is fine) is a directory. Returns 0, or -1 with
 * e set.
 */
int server_acme_http_check(const char *webroot, struct err *e);

/* Checks that crl_dir (NULL is fine) is a directory (--crl-dir). */
int server_crl_dir_check(const char *crl_dir, struct err *e);

/* 1 if name is NAME.crl or NAME.crl.pem, NAME 1..64 of A-Z a-z 0-9 - _, else 0. */
int server_crl_name_valid(const char *name);

/*
 * Answers one plain-HTTP request on conn: the challenge file, a CRL file
 * (application/pkix-crl; a 404 for another name or a missing file), a 404 for a
 * challenge path that is not a token or has no file, a 405 for a method
 * other than GET and HEAD on a challenge path, 301 to https for the rest,
 * 400 for a Host or target that cannot be put in a Location safely. Always
 * closes the connection. Returns the status sent.
 */
int server_acme_http_handle(struct mg_connection *conn, const struct server_acme_http *a);

/* 1 if token is 1..SERVER_ACME_TOKEN_MAX characters of base64url (A-Z a-z 0-9 - _), else 0. */
int server_acme_token_valid(const char *token);

/* 1 if host (a Host header, port allowed) is a plain host name or IPv4 address, else 0. */
int server_acme_host_valid(const char *host);

#endif
