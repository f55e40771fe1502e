/* SIGHUP: a new certificate and key for new handshakes, the old ones for the rest. */
#include "reload.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "tls_keypair.h"
#include "text.h"

struct reload_pair {
	X509 *leaf;
	EVP_PKEY *key;
	STACK_OF(X509) * chain; /* intermediates only, as SSL_use_cert_and_key wants */
};

struct server_reload {
	const struct server_tls_options *o;
	pthread_rwlock_t lock; /* guards cur: handshakes read it, a reload swaps it */
	struct reload_pair *cur;
	void (*on_change)(void *arg, void *chain); /* see server_reload_on_change */
	void *on_change_arg;
	struct stat cert_st, key_st; /* the files as they were when last loaded */
	int changed_told;            /* the change on disk was logged */
};

/* 1 when path is no longer the file st describes (replaced, rewritten, gone). */
static int
reload_file_differs(const char *path, const struct stat *st)
{
	struct stat now;

	if (stat(path, &now) == -1)
		return 1;
	return now.st_dev != st->st_dev || now.st_ino != st->st_ino || now.st_size != st->st_size ||
	       now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	       now.st_mtim.tv_nsec != st->st_mtim.tv_nsec;
}

/* Remembers the files just loaded, to notice when they change on disk. */
static void
reload_stamp(struct server_reload *r)
{
	if (stat(r->o->cert, &r->cert_st) == -1)
		memset(&r->cert_st, 0, sizeof(r->cert_st));
	if (stat(r->o->key, &r->key_st) == -1)
		memset(&r->key_st, 0, sizeof(r->key_st));
	r->changed_told = 0;
}

static void
reload_pair_free(struct reload_pair *p)
{
	if (p == NULL)
		return;
	X509_free(p->leaf);
	EVP_PKEY_free(p->key);
	sk_X509_pop_free(p->chain, X509_free);
	free(p);
}

/* Builds a pair from leaf, key and full chain (leaf first); takes new references. */
static struct reload_pair *
reload_pair_new(X509 *leaf, EVP_PKEY *key, STACK_OF(X509) * rest)
{
	struct reload_pair *p = calloc(1, sizeof(*p));
	int i;

	if (p == NULL || (p->chain = sk_X509_new_null()) == NULL)
		goto err;
	if (!X509_up_ref(leaf) || !EVP_PKEY_up_ref(key))
		goto err;
	p->leaf = leaf;
	p->key = key;
	for (i = 0; i < sk_X509_num(rest); i++) {
		X509 *x = sk_X509_value(rest, i);

		if (!X509_up_ref(x))
			goto err;
		if (!sk_X509_push(p->chain, x)) {
			X509_free(x);
			goto err;
		}
	}
	return p;
err:
	reload_pair_free(p);
	return NULL;
}

/*
 * Runs in a worker thread at each handshake, before the certificate is
 * chosen: this connection gets its own references to the current keypair.
 */
static int
reload_cert_cb(SSL *ssl, void *arg)
{
	struct server_reload *r = arg;
	int ok;

	/*
	 * The connection starts with a copy of the context's keypair; drop it, so
	 * a reload from an EC to an RSA key (or back) leaves no stale slot that
	 * OpenSSL could still pick for a client that prefers the other type.
	 */
	SSL_certs_clear(ssl);
	pthread_rwlock_rdlock(&r->lock);
	ok = SSL_use_cert_and_key(ssl, r->cur->leaf, r->cur->key, r->cur->chain, 1);
	pthread_rwlock_unlock(&r->lock);
	return ok == 1 ? 1 : 0;
}

int
server_reload_init(struct server_reload **out, void *ctx_p, const struct server_tls_options *o,
                   struct err *e)
{
	SSL_CTX *ctx = ctx_p;
	struct server_reload *r = calloc(1, sizeof(*r));
	STACK_OF(X509) *rest = NULL;
	X509 *leaf = SSL_CTX_get0_certificate(ctx);
	EVP_PKEY *key = SSL_CTX_get0_privatekey(ctx);

	*out = NULL;
	if (r == NULL)
		return err_set(e, "out of memory");
	if (leaf == NULL || key == NULL || !SSL_CTX_get0_chain_certs(ctx, &rest) ||
	    (r->cur = reload_pair_new(leaf, key, rest)) == NULL) {
		free(r);
		return err_set(e, "cannot take the loaded certificate for reloads");
	}
	r->o = o;
	reload_stamp(r);
	pthread_rwlock_init(&r->lock, NULL);
	SSL_CTX_set_cert_cb(ctx, reload_cert_cb, r);
	*out = r;
	return 0;
}

static void
reload_describe_pair(const struct reload_pair *p, char *buf, size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char subject[256], issuer[256], until[40], fp[3 * 32 + 1] = "";
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(p->leaf), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;

	server_tls_name_str(X509_get_subject_name(p->leaf), subject, sizeof(subject));
	server_tls_name_str(X509_get_issuer_name(p->leaf), issuer, sizeof(issuer));
	server_tls_time_str(X509_get0_notAfter(p->leaf), until, sizeof(until));
	if (X509_digest(p->leaf, EVP_sha256(), md, &mdlen))
		text_fingerprint(md, mdlen, fp, sizeof(fp));
	snprintf(buf, size, "serial %s, sha256 %s, subject %s, issuer %s, valid until %s",
	         hex ? hex : "?", fp, subject, issuer, until);
	OPENSSL_free(hex);
	BN_free(bn);
}

void
server_reload_describe(struct server_reload *r, char *buf, size_t size)
{
	pthread_rwlock_rdlock(&r->lock);
	reload_describe_pair(r->cur, buf, size);
	pthread_rwlock_unlock(&r->lock);
}

/* Reads and checks the files; returns a new pair, or NULL with e set. */
static struct reload_pair *
reload_read(const struct server_reload *r, struct err *e)
{
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *key = NULL;
	struct reload_pair *p = NULL;
	X509 *leaf;
	long days = 0;

	if (server_tls_keypair_read(r->o, &chain, &key, &days, e) == 0) {
		/* The new pair owns the intermediates; the leaf is shifted off first. */
		leaf = sk_X509_shift(chain);
		if ((p = reload_pair_new(leaf, key, chain)) == NULL)
			err_set(e, "out of memory");
		X509_free(leaf);
	}
	EVP_PKEY_free(key);
	sk_X509_pop_free(chain, X509_free);
	ERR_clear_error();
	return p;
}

/* Hands the hook the new full chain (leaf first). Runs in the one reloading thread. */
static void
reload_notify(struct server_reload *r, const struct reload_pair *p)
{
	STACK_OF(X509) *full = NULL;

	if (r->on_change == NULL || (full = sk_X509_dup(p->chain)) == NULL)
		return;
	if (sk_X509_unshift(full, p->leaf) > 0)
		r->on_change(r->on_change_arg, full);
	sk_X509_free(full); /* the references stay with p */
}

int
server_reload_run(struct server_reload *r, FILE *log, struct err *e)
{
	struct reload_pair *p = reload_read(r, e), *old;
	char what[1024];

	if (p == NULL) {
		server_reload_describe(r, what, sizeof(what));
		fprintf(log,
		        "https_server: reload failed, still serving the old certificate (%s): "
		        "%s%s%s\n",
		        what, e->msg, e->fix[0] ? "; fix: " : "", e->fix);
		return -1;
	}
	reload_describe_pair(p, what, sizeof(what));
	pthread_rwlock_wrlock(&r->lock);
	old = r->cur;
	r->cur = p;
	pthread_rwlock_unlock(&r->lock);
	/* Connections that took the old pair hold their own references. */
	reload_pair_free(old);
	reload_stamp(r);
	fprintf(log, "https_server: reloaded certificate and key: %s\n", what);
	reload_notify(r, p);
	return 0;
}

void
server_reload_on_change(struct server_reload *r, void (*fn)(void *arg, void *chain), void *arg)
{
	r->on_change = fn;
	r->on_change_arg = arg;
}

void
server_reload_check_files(struct server_reload *r, FILE *log)
{
	char what[1024];

	if (r->changed_told || (!reload_file_differs(r->o->cert, &r->cert_st) &&
	                        !reload_file_differs(r->o->key, &r->key_st)))
		return;
	r->changed_told = 1;
	server_reload_describe(r, what, sizeof(what));
	fprintf(log,
	        "https_server: %s or %s changed on disk since it was loaded; still serving the "
	        "loaded certificate (%s), so clients that trust only the new files will refuse "
	        "it; fix: send SIGHUP to load the new files: kill -HUP %ld\n",
	        r->o->cert, r->o->key, what, (long)getpid());
	fflush(log);
}

int
server_reload_wait(struct server_reload *r, const sigset_t *sigs, FILE *log)
{
	struct timespec tick = {SERVER_RELOAD_CHECK_S, 0};
	struct err e;
	int sig = 0;

	for (;;) {
		sig = sigtimedwait(sigs, NULL, &tick);
		if (sig == -1) {
			if (errno == EAGAIN)
				server_reload_check_files(r, log);
			continue;
		}
		if (sig != SIGHUP)
			return sig;
		err_clear(&e);
		fprintf(log, "https_server: SIGHUP received, reloading %s and %s\n", r->o->cert,
		        r->o->key);
		(void)server_reload_run(r, log, &e);
	}
}

void
server_reload_free(struct server_reload *r)
{
	if (r == NULL)
		return;
	reload_pair_free(r->cur);
	pthread_rwlock_destroy(&r->lock);
	free(r);
}
