/* The server's SSL_CTX: profile, chain and key, client certificates, key log. */
#include "tls.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "log.h"
#include "text.h"
#include "tls_keypair.h"
#include "tls_names.h"
#include "tls_profile.h"

#define TLS_SESSION_LIFETIME_S 3600 /* cache entries and tickets */
#define TLS_SESSION_CACHE_SIZE 4096

struct server_tls {
	SSL_CTX *ctx;
	FILE *keylog;
	STACK_OF(X509) * chain; /* leaf first */
	long days_left;
};

static _Thread_local SSL *tls_current_ssl;
static _Thread_local const SSL
        *tls_handshaken; /* this worker's connection finished its handshake */
static _Thread_local int tls_counted;
static atomic_long tls_active;

static void tls_alert_cb(const SSL *ssl, int where, int ret);

/* Records the connection this worker thread serves; counts busy workers. */
static int
tls_client_hello_cb(SSL *ssl, int *alert, void *arg)
{
	(void)alert;
	(void)arg;
	tls_current_ssl = ssl;
	tls_handshaken = NULL;
	SSL_set_info_callback(ssl, tls_alert_cb);
	server_tls_profile_hello(ssl);
	/* A worker whose last close we missed is still counted once, not twice. */
	if (!tls_counted) {
		tls_counted = 1;
		atomic_fetch_add(&tls_active, 1);
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

/*
 * A fatal alert this server sends after the handshake. civetweb drops the
 * failed SSL_read without a word, so this is where a record that failed its
 * integrity check (bad_record_mac: its AEAD tag did not match) gets a line.
 * Rate-limited like civetweb's own messages. Set on each connection (the
 * context's info callback is civetweb's, which it still gets).
 */
static void
tls_alert_cb(const SSL *ssl, int where, int ret)
{
	void (*ctx_cb)(const SSL *, int, int) = SSL_CTX_get_info_callback(SSL_get_SSL_CTX(ssl));
	char addr[64];
	int desc = ret & 0xff;

	if (ctx_cb != NULL)
		ctx_cb(ssl, where, ret);
	/* A fatal error puts OpenSSL back "in init" before the alert goes out: remember instead. */
	if (where & SSL_CB_HANDSHAKE_DONE)
		tls_handshaken = ssl;
	if (!(where & SSL_CB_WRITE_ALERT) || (ret >> 8) != SSL3_AL_FATAL || tls_handshaken != ssl ||
	    !server_log_rate_ok())
		return;
	server_log_peer(SSL_get_fd(ssl), addr, sizeof(addr));
	if (desc == SSL3_AD_BAD_RECORD_MAC)
		fprintf(stderr,
		        "https_server: %s: a record from the client failed its integrity check "
		        "(its "
		        "AEAD tag did not match), so something on the path altered it; sent the "
		        "alert "
		        "bad_record_mac (20) and closed the connection\n",
		        addr);
	else
		fprintf(stderr,
		        "https_server: %s: sent the alert %s (%d) after the handshake and closed "
		        "the "
		        "connection\n",
		        addr, SSL_alert_desc_string_long(ret), desc);
}

static void
tls_keylog_cb(const SSL *ssl, const char *line)
{
	struct server_tls *t = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));

	if (t == NULL || t->keylog == NULL)
		return;
	flockfile(t->keylog);
	fprintf(t->keylog, "%s\n", line);
	fflush(t->keylog);
	funlockfile(t->keylog);
}

/*
 * Opens the key log for appending (SSLKEYLOGFILE is often shared by several
 * programs), as safely as O_EXCL would create it: no symbolic link followed,
 * nothing but a regular file of our own with one name, mode 0600.
 */
static int
tls_open_keylog(struct server_tls *t, const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
	              0600);
	struct stat st;

	if (fd == -1) {
		err_set_errno(e, "key log %s", path);
		err_fix(e, "give --keylog a new file in a folder of your own");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_nlink != 1) {
		close(fd);
		err_set(e, "key log %s is not a regular file of this user with a single name",
		        path);
		err_fix(e, "give --keylog a new file in a folder of your own");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (fchmod(fd, 0600) == -1 || (t->keylog = fdopen(fd, "a")) == NULL) {
		err_set_errno(e, "key log %s", path);
		close(fd);
		return err_code(e, DEMO_EXIT_FILE);
	}
	SSL_CTX_set_keylog_callback(t->ctx, tls_keylog_cb);
	fprintf(stderr,
	        "https_server: WARNING: writing TLS session secrets to %s (key log): anyone with "
	        "this file can decrypt captured traffic. For teaching only; never in production.\n",
	        path);
	return 0;
}

/*
 * Every certificate in the --client-ca file must be a CA (CA:TRUE) within its
 * validity: a leaf or an expired CA there would make every client certificate
 * fail, with nothing at start-up to say why. Returns 0, or -1 with e set.
 */
static int
tls_check_client_ca(const char *path, struct err *e)
{
	BIO *bio = BIO_new_file(path, "r");
	char when[40];
	X509 *x;
	int rc = 0;

	if (bio == NULL)
		return 0; /* the loader below says why */
	while (rc == 0 && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		char *subject = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);

		if (X509_check_ca(x) == 0) {
			err_set(e, "client CA %s: '%s' is not a CA certificate (no CA:TRUE)", path,
			        subject ? subject : "?");
			err_fix(e,
			        "point --client-ca at the CA that issues the client certificates, "
			        "not at a client certificate");
			rc = err_code(e, DEMO_EXIT_FILE);
		} else if (X509_cmp_current_time(X509_get0_notAfter(x)) <= 0) {
			server_tls_time_str(X509_get0_notAfter(x), when, sizeof(when));
			err_set(e, "client CA %s: '%s' expired on %s", path,
			        subject ? subject : "?", when);
			err_fix(e, "renew the client CA (https_pki init) and the client "
			           "certificates it "
			           "issued");
			rc = err_code(e, DEMO_EXIT_EXPIRED);
		}
		OPENSSL_free(subject);
		X509_free(x);
	}
	ERR_clear_error(); /* the read that ended the loop */
	BIO_free(bio);
	return rc;
}

static int
tls_client_ca(struct server_tls *t, const struct server_tls_options *o, struct err *e)
{
	STACK_OF(X509_NAME) * names;
	int mode = SSL_VERIFY_PEER;

	if (o->client_cert == SERVER_CLIENT_CERT_NONE)
		return 0;
	names = SSL_load_client_CA_file(o->client_ca);
	if (names == NULL || !SSL_CTX_load_verify_locations(t->ctx, o->client_ca, NULL)) {
		sk_X509_NAME_pop_free(names, X509_NAME_free);
		err_set(e, "client CA %s: cannot read a PEM certificate from it", o->client_ca);
		err_fix(e,
		        "point --client-ca at the CA certificate that issues client certificates");
		return err_code(e, DEMO_EXIT_FILE);
	}
	SSL_CTX_set_client_CA_list(t->ctx, names);
	if (tls_check_client_ca(o->client_ca, e) == -1)
		return -1;
	if (o->client_cert == SERVER_CLIENT_CERT_REQUIRED)
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(t->ctx, mode, NULL);
	SSL_CTX_set_verify_depth(t->ctx, 4);
	/* The client's leaf must carry the clientAuth extended key usage. */
	SSL_CTX_set_purpose(t->ctx, X509_PURPOSE_SSL_CLIENT);
	return 0;
}

static int
tls_profile(struct server_tls *t, const struct server_tls_options *o, struct err *e)
{
	static const unsigned char sid_ctx[] = "https_demo";
	static const struct server_tls_choice defaults;
	SSL_CTX *ctx = t->ctx;

	/* Mozilla "intermediate", ECDHE AEAD suites, unless picked by hand (tls_profile.h). */
	if (server_tls_profile_apply(ctx, o->choice ? o->choice : &defaults, e) == -1)
		return -1;
	if (!SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1))
		return err_set(e, "TLS profile rejected by OpenSSL: %s", server_tls_reason());
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
	                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
	/* An idle connection keeps no record buffers (about 34 KiB each), as nginx does. */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	/* One read per request instead of two (record header, then body); safe because the
	 * SSL_pending hook (conn.c) reports read-ahead bytes to civetweb. */
	SSL_CTX_set_read_ahead(ctx, 1);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	SSL_CTX_sess_set_cache_size(ctx, TLS_SESSION_CACHE_SIZE);
	/* Bounds both cached sessions and the tickets' lifetime hint and validity. */
	SSL_CTX_set_timeout(ctx, TLS_SESSION_LIFETIME_S);
	SSL_CTX_set_num_tickets(ctx, 1);
	SSL_CTX_set_client_hello_cb(ctx, tls_client_hello_cb, NULL);
	SSL_CTX_set_app_data(ctx, t);
	return 0;
}

int
server_tls_load(struct server_tls **out, const struct server_tls_options *o, struct err *e)
{
	struct server_tls *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (t == NULL)
		return err_set(e, "out of memory");
	t->ctx = SSL_CTX_new(TLS_server_method());
	if (t->ctx == NULL) {
		err_set(e, "cannot create a TLS context: %s", server_tls_reason());
		goto err;
	}
	if (tls_profile(t, o, e) == -1 ||
	    server_tls_keypair_load(t->ctx, o, &t->chain, &t->days_left, e) == -1 ||
	    tls_client_ca(t, o, e) == -1)
		goto err;
	if (o->keylog != NULL && tls_open_keylog(t, o->keylog, e) == -1)
		goto err;
	*out = t;
	return 0;
err:
	server_tls_free(t);
	ERR_clear_error();
	return -1;
}

void
server_tls_free(struct server_tls *t)
{
	if (t == NULL)
		return;
	SSL_CTX_free(t->ctx);
	sk_X509_pop_free(t->chain, X509_free);
	if (t->keylog != NULL)
		fclose(t->keylog);
	free(t);
}

void *
server_tls_ctx(struct server_tls *t)
{
	return t->ctx;
}

void *
server_tls_chain(struct server_tls *t)
{
	return t->chain;
}

void
server_tls_banner(const struct server_tls *t, FILE *f)
{
	char name[512], when[40];
	X509 *last;
	int i;

	fprintf(f, "https_server: certificate chain sent to clients:\n");
	for (i = 0; i < sk_X509_num(t->chain); i++) {
		X509 *x = sk_X509_value(t->chain, i);

		server_tls_name_str(X509_get_subject_name(x), name, sizeof(name));
		fprintf(f, "  %d %s: %s\n", i, i == 0 ? "leaf" : "issuer", name);
	}
	last = sk_X509_value(t->chain, i - 1);
	server_tls_name_str(X509_get_issuer_name(last), name, sizeof(name));
	if (X509_self_signed(last, 1) != 1)
		fprintf(f, "  (the root, kept by clients: %s)\n", name);
	else if (i == 1)
		fprintf(f,
		        "  (the leaf signs itself: no CA vouches for it, so a client must be told "
		        "to trust this very certificate)\n");
	else
		fprintf(f,
		        "  (the last one is the root itself: clients keep their own copy and need "
		        "not be sent it)\n");
	server_tls_time_str(X509_get0_notAfter(sk_X509_value(t->chain, 0)), when, sizeof(when));
	fprintf(f, "https_server: leaf valid until %s: %ld days left%s\n", when, t->days_left,
	        t->days_left < SERVER_EXPIRY_WARN_DAYS ? " (WARNING: renew soon)" : "");
}

void *
server_tls_current(void)
{
	return tls_current_ssl;
}

int
server_tls_names_host(const struct server_tls *t, const char *name)
{
	X509 *leaf = t != NULL ? sk_X509_value(t->chain, 0) : NULL;
	size_t n = strlen(name);
	char ip[64];

	if (leaf == NULL)
		return 0;
	if (n > 2 && name[0] == '[' && name[n - 1] == ']' && n - 2 < sizeof(ip)) {
		memcpy(ip, name + 1, n - 2);
		ip[n - 2] = '\0';
		return X509_check_ip_asc(leaf, ip, 0) == 1;
	}
	return X509_check_ip_asc(leaf, name, 0) == 1 ||
	       X509_check_host(leaf, name, n, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1;
}

long
server_tls_active(void)
{
	return atomic_load(&tls_active);
}

void
server_tls_connection_closed(void)
{
	if (tls_counted) {
		tls_counted = 0;
		atomic_fetch_sub(&tls_active, 1);
	}
	tls_current_ssl = NULL;
}

static void
tls_describe_cert(X509 *x, struct server_tls_info *info)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	BIGNUM *bn;
	char *hex;

	info->has_cert = 1;
	server_tls_name_str(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	server_tls_name_str(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	server_tls_time_str(X509_get0_notBefore(x), info->not_before, sizeof(info->not_before));
	server_tls_time_str(X509_get0_notAfter(x), info->not_after, sizeof(info->not_after));
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hex = bn ? BN_bn2hex(bn) : NULL;
	snprintf(info->serial, sizeof(info->serial), "%s", hex ? hex : "?");
	OPENSSL_free(hex);
	BN_free(bn);
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		text_fingerprint(md, mdlen, info->sha256, sizeof(info->sha256));
}

void
server_tls_describe(void *p, struct server_tls_info *info)
{
	SSL *ssl = p;
	const SSL_CIPHER *c;
	const char *sni;
	char group[SERVER_TLS_NAME_MAX];
	unsigned id;
	X509 *peer;

	memset(info, 0, sizeof(*info));
	if (ssl == NULL)
		return;
	snprintf(info->version, sizeof(info->version), "%s", SSL_get_version(ssl));
	c = SSL_get_current_cipher(ssl);
	snprintf(info->cipher, sizeof(info->cipher), "%s", c ? SSL_CIPHER_standard_name(c) : "");
	id = server_tls_names_group_id(SSL_get_negotiated_group(ssl));
	snprintf(info->group, sizeof(info->group), "%s",
	         id ? server_tls_names_group(id, group, sizeof(group)) : "none recorded");
	sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	snprintf(info->sni, sizeof(info->sni), "%s", sni ? sni : "");
	info->resumed = SSL_session_reused(ssl);
	peer = SSL_get0_peer_certificate(ssl);
	if (peer != NULL && SSL_get_verify_result(ssl) == X509_V_OK)
		tls_describe_cert(peer, info);
}
