/* The badssl mode's set: the manifest, one SSL_CTX per case, and the SNI switch. */
#include "badssl.h"
#include "badssl_int.h"
#include "badssl_pages.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "defaults.h"
#include "fileio.h"
#include "passphrase.h"
#include "pemkey.h"
#include "secret.h"
#include "tls.h"

#define BADSSL_KEY_FILE_MAX (64 * 1024)

/* Splits one manifest line into its columns (in place). Returns 0, or -1 when malformed. */
static int
badssl_split(char *line, struct badssl_entry *c)
{
	char *f[BADSSL_COLUMNS], *p = line;
	int i;

	for (i = 0; i < BADSSL_COLUMNS; i++) {
		f[i] = p;
		p = strchr(p, i + 1 < BADSSL_COLUMNS ? '\t' : '\n');
		if (p == NULL && i + 1 < BADSSL_COLUMNS)
			return -1;
		if (p != NULL)
			*p++ = '\0';
	}
	c->name = f[0], c->host = f[1], c->expect = f[2], c->rule = f[3];
	c->client_exit = f[4], c->chromium = f[5], c->lenient = f[6], c->chain = f[7];
	c->key = f[8], c->note = f[9];
	if (*c->name == '\0' || strchr(c->name, '/') || strstr(c->chain, "..") ||
	    strchr(c->chain, '/') || strchr(c->key, '/'))
		return -1;
	return 0;
}

static int
badssl_read_manifest(struct server_badssl *b, struct err *e)
{
	char path[PATH_MAX], *line, *next;
	size_t len;

	snprintf(path, sizeof(path), "%s/manifest.tsv", b->dir);
	if (file_read_all(path, BADSSL_MANIFEST_MAX, &b->manifest, &len, e) == -1) {
		err_prefix(e, "--badssl %s", b->dir);
		return err_fix(e, "make the set first: https_pki badssl %s --pass file:PASSFILE",
		               b->dir);
	}
	for (line = b->manifest; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			next++;
		if (*line == '#' || *line == '\n')
			continue;
		if (b->n >= BADSSL_MAX_CASES)
			return err_set(e, "%s: more than %d cases", path, BADSSL_MAX_CASES);
		if (badssl_split(line, &b->c[b->n]) == -1)
			return err_set(e, "%s: case %d is malformed", path, b->n + 1);
		b->n++;
	}
	return b->n > 0 ? 0 : err_set(e, "%s lists no case", path);
}

/* The chain of a case: leaf first, then what the server sends with it. */
static int
badssl_ctx_chain(SSL_CTX *ctx, const char *path, struct err *e)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *x;
	int n = 0;

	if (bio == NULL)
		return err_set(e, "cannot open %s", path);
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (n++ == 0 ? SSL_CTX_use_certificate(ctx, x) != 1
		             : SSL_CTX_add0_chain_cert(ctx, x) != 1) {
			X509_free(x);
			BIO_free(bio);
			return err_set(e, "%s: certificate %d refused (%s)", path, n,
			               ERR_reason_error_string(ERR_get_error()));
		}
		if (n == 1)
			X509_free(x); /* use_certificate took its own reference */
	}
	ERR_clear_error();
	BIO_free(bio);
	return n > 0 ? 0 : err_set(e, "%s holds no certificate", path);
}

static int
badssl_ctx_key(SSL_CTX *ctx, const char *path, char *pass, struct err *e)
{
	enum pemkey_status st = PEMKEY_NOT_A_KEY;
	EVP_PKEY *key = NULL;
	char *pem = NULL;
	size_t len = 0;
	int ok;

	if (file_read_all(path, BADSSL_KEY_FILE_MAX, &pem, &len, e) == -1)
		return -1;
	key = pemkey_decode(pem, len, pass, &st);
	secret_free(pem, len);
	ok = key != NULL && SSL_CTX_use_PrivateKey(ctx, key) == 1 &&
	     SSL_CTX_check_private_key(ctx) == 1;
	EVP_PKEY_free(key);
	ERR_clear_error();
	if (!ok) {
		err_set(e, "cannot load the key %s: %s", path,
		        key == NULL ? pemkey_status_text(st) : "it does not match its certificate");
		err_fix(e, "give the passphrase the set was made with (https_pki badssl --pass)");
		return err_code(e, key == NULL ? pemkey_status_exit(st) : DEMO_EXIT_FILE);
	}
	return 0;
}

/*
 * One context per case. Security level 0: the weak cases (RSA-1024, SHA-1,
 * P-192, DSA) must load, since clients are the ones that must refuse them. The
 * protocol and suites stay those of the server's own context: SSL_set_SSL_CTX
 * swaps only the certificate, key and chain.
 */
static int
badssl_case_ctx(struct server_badssl *b, struct badssl_entry *c, char *pass, struct err *e)
{
	char path[PATH_MAX];

	if ((c->ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		return err_set(e, "out of memory");
	SSL_CTX_set_security_level(c->ctx, 0);
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	SSL_CTX_set_session_id_context(c->ctx, (const unsigned char *)"badssl", 6);
	SSL_CTX_set_ex_data(c->ctx, b->ex_idx, c);
	snprintf(path, sizeof(path), "%s/%s/%s", b->dir, c->name, c->chain);
	if (badssl_ctx_chain(c->ctx, path, e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%s/%s", b->dir, c->name, c->key);
	return badssl_ctx_key(c->ctx, path, pass, e);
}

static int
badssl_get_pass(const struct server_config *cfg, char *pass, size_t size, struct err *e)
{
	const char *spec = cfg->pass;

	if (spec == NULL && isatty(STDIN_FILENO))
		spec = "prompt";
	if (spec == NULL) {
		err_set(e, "--badssl: the set's keys are encrypted and no --pass was given");
		err_fix(e, "add --pass file:PASSFILE (the passphrase given to https_pki badssl)");
		return err_code(e, DEMO_EXIT_PASSPHRASE);
	}
	return passphrase_read(spec, SERVER_PASS_PROMPT, 0, pass, size, e) == -1 ? -1 : 0;
}

/*
 * The index chain's key is loaded by the server's own TLS code, which reads a
 * passphrase source once: it gets the passphrase we already read through a
 * pipe (fd:N), so env:VAR, fd:N and prompt sources keep working.
 */
static int
badssl_pass_pipe(struct server_badssl *b, const char *pass, struct err *e)
{
	int fds[2];
	size_t len = strlen(pass);
	int ok;

	if (pipe(fds) == -1)
		return err_set_errno(e, "pipe");
	(void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	ok = write(fds[1], pass, len) == (ssize_t)len && write(fds[1], "\n", 1) == 1;
	close(fds[1]);
	if (!ok) {
		close(fds[0]);
		return err_set(e, "cannot hand over the passphrase");
	}
	b->pass_fd = fds[0];
	snprintf(b->pass_spec, sizeof(b->pass_spec), "fd:%d", fds[0]);
	return 0;
}

static int
badssl_loopback(const char *addr)
{
	struct in_addr a;

	return inet_pton(AF_INET, addr, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

static int
badssl_load_cases(struct server_badssl *b, const struct server_config *cfg, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	int i, rc = -1;

	if (badssl_get_pass(cfg, pass, sizeof(pass), e) == -1)
		return -1;
	for (i = 0; i < b->n; i++) {
		/* This civetweb build listens on IPv4 only (docs/badssl.md). */
		if (strchr(b->c[i].host, ':') != NULL)
			continue;
		if (badssl_case_ctx(b, &b->c[i], pass, e) == -1) {
			err_prefix(e, "--badssl case %s", b->c[i].name);
			goto done;
		}
		b->served++;
	}
	rc = badssl_pass_pipe(b, pass, e);
done:
	secret_wipe(pass, sizeof(pass));
	return rc;
}

int
server_badssl_load(struct server_badssl **out, const struct server_config *cfg,
                   struct server_tls_options *o, struct err *e)
{
	struct server_badssl *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return err_set(e, "out of memory");
	*out = b;
	b->pass_fd = -1;
	b->port = cfg->port;
	snprintf(b->dir, sizeof(b->dir), "%s", cfg->badssl);
	if (!badssl_loopback(cfg->bind)) {
		err_set(e,
		        "--badssl serves deliberately broken certificates on loopback only, not "
		        "on %s",
		        cfg->bind);
		err_fix(e, "drop --bind (the default is 127.0.0.1)");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	b->ex_idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (b->ex_idx < 0 || badssl_read_manifest(b, e) == -1 ||
	    badssl_load_cases(b, cfg, e) == -1 || server_badssl_pages(b, e) == -1)
		return e->code != 0 ? -1 : err_code(e, DEMO_EXIT_FILE); /* the set is damaged */
	snprintf(b->index_cert, sizeof(b->index_cert), "%s/index/cert.pem", b->dir);
	snprintf(b->index_key, sizeof(b->index_key), "%s/index/key.pem", b->dir);
	o->cert = b->index_cert;
	o->key = b->index_key;
	o->pass = b->pass_spec;
	return 0;
}

/* The case a connection without SNI reached: by the loopback address it connected to. */
static struct badssl_entry *
badssl_by_address(struct server_badssl *b, SSL *ssl)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char addr[INET_ADDRSTRLEN];
	int i;

	if (getsockname(SSL_get_fd(ssl), (struct sockaddr *)&sa, &len) == -1 ||
	    sa.sin_family != AF_INET ||
	    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof(addr)) == NULL)
		return NULL;
	for (i = 0; i < b->n; i++)
		if (b->c[i].ctx != NULL && strcmp(b->c[i].host, addr) == 0)
			return &b->c[i];
	return NULL;
}

static int
badssl_sni_cb(SSL *ssl, int *alert, void *arg)
{
	struct server_badssl *b = arg;
	const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	struct badssl_entry *c = NULL;
	int i;

	(void)alert;
	for (i = 0; name != NULL && i < b->n && c == NULL; i++)
		if (b->c[i].ctx != NULL && strcasecmp(b->c[i].host, name) == 0)
			c = &b->c[i];
	if (name == NULL)
		c = badssl_by_address(b, ssl);
	/* Any other name gets the index chain (badssl.localhost, localhost). */
	if (c != NULL && SSL_set_SSL_CTX(ssl, c->ctx) == NULL)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	return SSL_TLSEXT_ERR_OK;
}

void
server_badssl_attach_tls(struct server_badssl *b, void *main_ctx)
{
	if (b->pass_fd != -1) {
		close(b->pass_fd);
		b->pass_fd = -1;
	}
	SSL_CTX_set_tlsext_servername_callback((SSL_CTX *)main_ctx, badssl_sni_cb);
	SSL_CTX_set_tlsext_servername_arg((SSL_CTX *)main_ctx, b);
}

void
server_badssl_ports(const struct server_config *cfg, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%lds,%s:%lds", cfg->bind, cfg->port, SERVER_BADSSL_ADDR2,
	         cfg->port);
}

void
server_badssl_banner(const struct server_badssl *b, FILE *f)
{
	fprintf(f,
	        "https_server: badssl mode: %d of %d cases of %s, chosen by SNI; index at "
	        "https://%s:%ld/\n"
	        "https_server: badssl mode listens on loopback only (127.0.0.1 and %s): these "
	        "certificates are broken on purpose\n",
	        b->served, b->n, b->dir, BADSSL_INDEX_HOST, b->port, SERVER_BADSSL_ADDR2);
}

void
server_badssl_free(struct server_badssl *b)
{
	int i;

	if (b == NULL)
		return;
	if (b->pass_fd != -1)
		close(b->pass_fd);
	for (i = 0; i < b->n; i++) {
		SSL_CTX_free(b->c[i].ctx);
		free(b->c[i].page);
	}
	free(b->index_page);
	free(b->manifest);
	free(b);
}
