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

#include "defaults.h"
#include "fileio.h"
#include "passphrase.h"
#include "secret.h"

/* Mozilla "intermediate", ECDSA and RSA ECDHE AEAD suites (DESIGN.md, TLS profile). */
#define TLS_CIPHERS_12                                                                      \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-" \
	"POLY1305:"                                                                         \
	"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
#define TLS_CIPHERS_13         "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
#define TLS_GROUPS             "X25519:P-256:P-384"
#define TLS_SESSION_LIFETIME_S 3600 /* cache entries and tickets */
#define TLS_SESSION_CACHE_SIZE 4096
#define TLS_FILE_MAX           (1L << 20)
#define TLS_RENEW_FIX                                                                            \
	"renew it: https_pki init --force (the demo chain) or https_pki issue --profile server " \
	"... --cert FILE --key FILE"

struct server_tls {
	SSL_CTX *ctx;
	FILE *keylog;
	STACK_OF(X509) * chain; /* leaf first */
	long days_left;
};

static _Thread_local SSL *tls_current_ssl;
static _Thread_local int tls_counted;
static atomic_long tls_active;

struct tls_pass {
	const char *buf;
	int len;
};

static int
tls_pass_cb(char *buf, int size, int rwflag, void *u)
{
	const struct tls_pass *p = u;

	(void)rwflag;
	/* Never let OpenSSL fall back to its own terminal prompt. */
	if (p == NULL || p->len <= 0 || p->len > size)
		return 0;
	memcpy(buf, p->buf, (size_t)p->len);
	return p->len;
}

static const char *
tls_openssl_reason(void)
{
	unsigned long code = ERR_peek_last_error();
	const char *r = code ? ERR_reason_error_string(code) : NULL;

	return r ? r : "unknown error";
}

/* Warns about a plain (certbot-style) key file that others may read. */
static void
tls_check_plain_key_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		fprintf(stderr,
		        "https_server: WARNING: private key %s is not encrypted and is readable by "
		        "group or others (mode %03o)\nfix: chmod 600 %s\n",
		        path, (unsigned)(st.st_mode & 0777), path);
}

static int
tls_get_pass(const struct server_tls_options *o, char *buf, size_t size, struct err *e)
{
	const char *spec = o->pass;

	if (spec == NULL && isatty(STDIN_FILENO))
		spec = "prompt";
	if (spec == NULL) {
		err_set(e, "private key %s is encrypted and no --pass was given", o->key);
		return err_fix(e, "add --pass file:secret/reminder.txt (or start on a terminal to "
		                  "be asked)");
	}
	if (passphrase_read(spec, SERVER_PASS_PROMPT, 0, buf, size, e) == -1) {
		err_prefix(e, "passphrase for %s", o->key);
		if (e->fix[0] == '\0')
			err_fix(e, "check --pass %s (file:PATH, env:VAR, fd:N or prompt)", spec);
		return -1;
	}
	return (int)strlen(buf);
}

static EVP_PKEY *
tls_decode_key(const struct server_tls_options *o, char *pem, size_t len, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	struct tls_pass pw = {pass, 0};
	int encrypted = strstr(pem, "ENCRYPTED") != NULL;
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;

	pass[0] = '\0';
	if (encrypted) {
		pw.len = tls_get_pass(o, pass, sizeof(pass), e);
		if (pw.len == -1)
			return NULL;
	}
	ERR_clear_error();
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio != NULL)
		pkey = PEM_read_bio_PrivateKey(bio, NULL, tls_pass_cb, &pw);
	/* The passphrase has done its work: wipe it now, on every path. */
	secret_wipe(pass, sizeof(pass));
	BIO_free(bio);
	if (pkey != NULL && !encrypted) {
		if (o->pass != NULL)
			fprintf(stderr,
			        "https_server: note: %s is not encrypted; --pass is not used\n",
			        o->key);
		tls_check_plain_key_mode(o->key);
	}
	if (pkey != NULL)
		return pkey;
	/* A wrong passphrase shows as a failed decryption (bad padding after AES-CBC). */
	if (encrypted && (strstr(tls_openssl_reason(), "decrypt") != NULL ||
	                  strstr(tls_openssl_reason(), "cipherfinal") != NULL)) {
		err_set(e, "wrong passphrase for private key %s (OpenSSL: %s)", o->key,
		        tls_openssl_reason());
		err_fix(e, "give the passphrase the key was made with, e.g. --pass "
		           "file:secret/reminder.txt");
	} else {
		err_set(e, "cannot read private key %s: not a valid PEM key%s (%s)", o->key,
		        encrypted ? ", or damaged" : "", tls_openssl_reason());
		err_fix(e, "point --key at the PEM key made with the certificate (https_pki init)");
	}
	return NULL;
}

static EVP_PKEY *
tls_load_key(const struct server_tls_options *o, struct err *e)
{
	char *pem = NULL;
	size_t len = 0;
	EVP_PKEY *pkey;

	if (file_read_all(o->key, TLS_FILE_MAX, &pem, &len, e) == -1) {
		err_prefix(e, "private key");
		err_fix(e, "give --key FILE, or make the demo chain with https_pki init");
		return NULL;
	}
	pkey = tls_decode_key(o, pem, len, e);
	secret_wipe(pem, len);
	free(pem);
	return pkey;
}

static int
tls_load_chain(struct server_tls *t, const char *path, struct err *e)
{
	char *pem = NULL;
	size_t len = 0;
	BIO *bio = NULL;
	X509 *x;
	int rc = -1;

	if (file_read_all(path, TLS_FILE_MAX, &pem, &len, e) == -1) {
		err_prefix(e, "certificate");
		err_fix(e, "give --cert FILE, or make the demo chain with https_pki init");
		return -1;
	}
	t->chain = sk_X509_new_null();
	bio = BIO_new_mem_buf(pem, (int)len);
	if (t->chain == NULL || bio == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(t->chain, x)) {
			X509_free(x);
			err_set(e, "out of memory");
			goto done;
		}
	}
	ERR_clear_error(); /* the read that ended the loop */
	if (sk_X509_num(t->chain) == 0) {
		err_set(e, "certificate file %s holds no PEM certificate", path);
		err_fix(e, "point --cert at the leaf + intermediate PEM file (https_pki init "
		           "writes certificates/site_public_key.pem)");
		goto done;
	}
	rc = 0;
done:
	BIO_free(bio);
	free(pem);
	return rc;
}

static void
tls_time_str(const ASN1_TIME *t, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	buf[0] = '\0';
	if (b != NULL && ASN1_TIME_print(b, t))
		n = BIO_read(b, buf, (int)size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

static int
tls_check_validity(struct server_tls *t, const char *path, struct err *e)
{
	X509 *leaf = sk_X509_value(t->chain, 0);
	char when[40];
	int days = 0, secs = 0;

	if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
		tls_time_str(X509_get0_notAfter(leaf), when, sizeof(when));
		err_set(e, "certificate %s expired on %s", path, when);
		return err_fix(e, TLS_RENEW_FIX);
	}
	if (X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0) {
		tls_time_str(X509_get0_notBefore(leaf), when, sizeof(when));
		fprintf(stderr,
		        "https_server: WARNING: certificate %s is not valid before %s; clients "
		        "will refuse it until then\n",
		        path, when);
	}
	if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(leaf)))
		t->days_left = days;
	if (t->days_left < SERVER_EXPIRY_WARN_DAYS)
		fprintf(stderr,
		        "https_server: WARNING: certificate %s expires in %ld days\nfix: %s\n",
		        path, t->days_left, TLS_RENEW_FIX);
	return 0;
}

static int
tls_use_keypair(struct server_tls *t, const struct server_tls_options *o, struct err *e)
{
	EVP_PKEY *pkey = NULL;
	X509 *leaf;
	int i, rc = -1;

	if (tls_load_chain(t, o->cert, e) == -1 || tls_check_validity(t, o->cert, e) == -1)
		return -1;
	if ((pkey = tls_load_key(o, e)) == NULL)
		return -1;
	leaf = sk_X509_value(t->chain, 0);
	if (!X509_check_private_key(leaf, pkey)) {
		ERR_clear_error();
		err_set(e, "private key %s does not match certificate %s", o->key, o->cert);
		err_fix(e, "use the key made together with this certificate");
		goto done;
	}
	if (!SSL_CTX_use_certificate(t->ctx, leaf) || !SSL_CTX_use_PrivateKey(t->ctx, pkey)) {
		err_set(e, "certificate %s or its key is not usable: %s", o->cert,
		        tls_openssl_reason());
		goto done;
	}
	for (i = 1; i < sk_X509_num(t->chain); i++) {
		if (!SSL_CTX_add1_chain_cert(t->ctx, sk_X509_value(t->chain, i))) {
			err_set(e, "certificate %s: intermediate %d not usable: %s", o->cert, i,
			        tls_openssl_reason());
			goto done;
		}
	}
	rc = 0;
done:
	EVP_PKEY_free(pkey);
	return rc;
}

/* Records the connection this worker thread serves; counts busy workers. */
static int
tls_client_hello_cb(SSL *ssl, int *alert, void *arg)
{
	(void)alert;
	(void)arg;
	tls_current_ssl = ssl;
	/* A worker whose last close we missed is still counted once, not twice. */
	if (!tls_counted) {
		tls_counted = 1;
		atomic_fetch_add(&tls_active, 1);
	}
	return SSL_CLIENT_HELLO_SUCCESS;
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

static int
tls_open_keylog(struct server_tls *t, const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd == -1)
		return err_set_errno(e, "key log %s", path);
	if (fchmod(fd, 0600) == -1 || (t->keylog = fdopen(fd, "a")) == NULL) {
		err_set_errno(e, "key log %s", path);
		close(fd);
		return -1;
	}
	SSL_CTX_set_keylog_callback(t->ctx, tls_keylog_cb);
	fprintf(stderr,
	        "https_server: WARNING: writing TLS session secrets to %s (key log): anyone with "
	        "this file can decrypt captured traffic. For teaching only; never in production.\n",
	        path);
	return 0;
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
		return err_fix(e, "point --client-ca at the CA certificate that issues client "
		                  "certificates");
	}
	SSL_CTX_set_client_CA_list(t->ctx, names);
	if (o->client_cert == SERVER_CLIENT_CERT_REQUIRED)
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(t->ctx, mode, NULL);
	SSL_CTX_set_verify_depth(t->ctx, 4);
	/* The client's leaf must carry the clientAuth extended key usage. */
	SSL_CTX_set_purpose(t->ctx, X509_PURPOSE_SSL_CLIENT);
	return 0;
}

static int
tls_profile(struct server_tls *t, struct err *e)
{
	static const unsigned char sid_ctx[] = "https_demo";
	SSL_CTX *ctx = t->ctx;

	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_cipher_list(ctx, TLS_CIPHERS_12) ||
	    !SSL_CTX_set_ciphersuites(ctx, TLS_CIPHERS_13) ||
	    !SSL_CTX_set1_groups_list(ctx, TLS_GROUPS) ||
	    !SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1))
		return err_set(e, "TLS profile rejected by OpenSSL: %s", tls_openssl_reason());
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
	                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
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
		err_set(e, "cannot create a TLS context: %s", tls_openssl_reason());
		goto err;
	}
	if (tls_profile(t, e) == -1 || tls_use_keypair(t, o, e) == -1 ||
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

static void
tls_name_str(const X509_NAME *name, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	buf[0] = '\0';
	if (b != NULL && X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0)
		n = BIO_read(b, buf, (int)size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

void
server_tls_banner(const struct server_tls *t, FILE *f)
{
	char name[512], when[40];
	int i;

	fprintf(f, "https_server: certificate chain sent to clients:\n");
	for (i = 0; i < sk_X509_num(t->chain); i++) {
		X509 *x = sk_X509_value(t->chain, i);

		tls_name_str(X509_get_subject_name(x), name, sizeof(name));
		fprintf(f, "  %d %s: %s\n", i, i == 0 ? "leaf" : "issuer", name);
	}
	tls_name_str(X509_get_issuer_name(sk_X509_value(t->chain, i - 1)), name, sizeof(name));
	fprintf(f, "  (the root, kept by clients: %s)\n", name);
	tls_time_str(X509_get0_notAfter(sk_X509_value(t->chain, 0)), when, sizeof(when));
	fprintf(f, "https_server: leaf valid until %s: %ld days left%s\n", when, t->days_left,
	        t->days_left < SERVER_EXPIRY_WARN_DAYS ? " (WARNING: renew soon)" : "");
}

void *
server_tls_current(void)
{
	return tls_current_ssl;
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
	unsigned int mdlen = 0, i;
	BIGNUM *bn;
	char *hex;

	info->has_cert = 1;
	tls_name_str(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	tls_name_str(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	tls_time_str(X509_get0_notBefore(x), info->not_before, sizeof(info->not_before));
	tls_time_str(X509_get0_notAfter(x), info->not_after, sizeof(info->not_after));
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hex = bn ? BN_bn2hex(bn) : NULL;
	snprintf(info->serial, sizeof(info->serial), "%s", hex ? hex : "?");
	OPENSSL_free(hex);
	BN_free(bn);
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		for (i = 0; i < mdlen && 3 * i + 3 <= sizeof(info->sha256); i++)
			snprintf(info->sha256 + 3 * i, 4, "%02X%s", md[i],
			         i + 1 < mdlen ? ":" : "");
}

void
server_tls_describe(void *p, struct server_tls_info *info)
{
	SSL *ssl = p;
	const char *sni, *group = NULL;
	X509 *peer;
	int nid;

	memset(info, 0, sizeof(*info));
	if (ssl == NULL)
		return;
	snprintf(info->version, sizeof(info->version), "%s", SSL_get_version(ssl));
	snprintf(info->cipher, sizeof(info->cipher), "%s", SSL_get_cipher_name(ssl));
	nid = SSL_get_negotiated_group(ssl);
	if (nid > 0)
		group = SSL_group_to_name(ssl, nid);
	snprintf(info->group, sizeof(info->group), "%s", group ? group : "unknown");
	sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	snprintf(info->sni, sizeof(info->sni), "%s", sni ? sni : "");
	info->resumed = SSL_session_reused(ssl);
	peer = SSL_get0_peer_certificate(ssl);
	if (peer != NULL && SSL_get_verify_result(ssl) == X509_V_OK)
		tls_describe_cert(peer, info);
}
