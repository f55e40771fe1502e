#include "tls.h"

#include "tls_int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/coding.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "defaults.h"
#include "fileio.h"
#include "passphrase.h"
#include "secret.h"
#include "tls_checks.h"
#include "tls_fail.h"
#include "tls_opts.h"
#include "tls_verify.h"

/* --- the context ---------------------------------------------------------- */

static int
tls_file_error(struct err *e, const char *what, const char *path, const char *fix)
{
	if (access(path, R_OK) != 0)
		err_set_errno(e, "cannot read %s '%s'", what, path);
	else
		err_set(e, "cannot load %s '%s': not a PEM file of the expected kind", what, path);
	err_fix(e, "%s", fix);
	return err_code(e, DEMO_EXIT_FILE);
}

static int
tls_set_versions_and_suites(struct client_tls *t, struct err *e)
{
	const struct client_config *cfg = t->cfg;
	char list[1024], tls13[256] = CLIENT_TLS13_SUITES;
	int groups[8], n, i;

	if (cfg->tls_min == CLIENT_TLS12 &&
	    wolfSSL_CTX_SetMinVersion(t->ctx, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS)
		return err_set(e, "cannot set the minimum TLS version");
	if (cfg->tls13_ciphers != NULL &&
	    client_tls_tls13_suites(cfg->tls13_ciphers, tls13, sizeof(tls13), e) == -1)
		return -1;
	if (cfg->tls_max == CLIENT_TLS13)
		snprintf(list, sizeof(list), "%s%s%s", tls13,
		         cfg->tls_min == CLIENT_TLS12 ? ":" : "",
		         cfg->tls_min == CLIENT_TLS12
		                 ? (cfg->ciphers ? cfg->ciphers : CLIENT_TLS12_SUITES)
		                 : "");
	else
		snprintf(list, sizeof(list), "%s",
		         cfg->ciphers ? cfg->ciphers : CLIENT_TLS12_SUITES);
	if (wolfSSL_CTX_set_cipher_list(t->ctx, list) != WOLFSSL_SUCCESS) {
		err_set(e, "--ciphers: wolfSSL knows none of '%s'", list);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	client_report_step(t->rep, '*', "offering TLS %s, suites %s",
	                   cfg->tls_min == cfg->tls_max
	                           ? (cfg->tls_max == CLIENT_TLS13 ? "1.3" : "1.2")
	                           : "1.3 and 1.2",
	                   list);
	n = client_tls_parse_curves(cfg->curves ? cfg->curves : CLIENT_DEFAULT_CURVES, groups, 8,
	                            e);
	if (n == -1)
		return -1;
	/* supported_groups lists only these (TLS 1.2 and 1.3); the first gets the key share. */
	for (i = 0; i < n; i++)
		if (wolfSSL_CTX_UseSupportedCurve(t->ctx, (word16)groups[i]) != WOLFSSL_SUCCESS)
			return err_set(e, "cannot offer group %d", groups[i]);
	if (cfg->tls_max == CLIENT_TLS13 &&
	    wolfSSL_CTX_set_groups(t->ctx, groups, n) != WOLFSSL_SUCCESS) {
		err_set(e, "--curves: wolfSSL refused '%s'", cfg->curves);
		return err_code(e, DEMO_EXIT_USAGE);
	}
	client_report_step(t->rep, '*', "offering groups %s",
	                   cfg->curves ? cfg->curves : CLIENT_DEFAULT_CURVES);
	return 0;
}

/* Loads the trusted CAs into wolfSSL: t->trust_file, then t->trust_dir. */
static int
tls_load_verify(struct client_tls *t, struct err *e)
{
	if (t->trust_file != NULL &&
	    wolfSSL_CTX_load_verify_locations(t->ctx, t->trust_file, NULL) != WOLFSSL_SUCCESS)
		return tls_file_error(e, "CA file", t->trust_file,
		                      "point --cacert at the CA's certificate (PEM), e.g. "
		                      "ca_certificates_for_client/ca_public_key.pem");
	if (t->trust_dir != NULL &&
	    wolfSSL_CTX_load_verify_locations_ex(t->ctx, NULL, t->trust_dir,
	                                         WOLFSSL_LOAD_FLAG_IGNORE_ERR |
	                                                 WOLFSSL_LOAD_FLAG_PEM_CA_ONLY) !=
	            WOLFSSL_SUCCESS)
		return tls_file_error(e, "CA directory", t->trust_dir,
		                      "point --capath at a directory of PEM CA certificates");
	return 0;
}

int
client_tls_reload_trust(struct client_tls *t, struct err *e)
{
	t->added_ca = 0;
	if (wolfSSL_CTX_UnloadCAs(t->ctx) != WOLFSSL_SUCCESS)
		return err_set(e, "cannot reset the trusted CAs");
	return tls_load_verify(t, e);
}

static int
tls_load_trust(struct client_tls *t, struct err *e)
{
	const struct client_config *cfg = t->cfg;

	t->trust_file = cfg->cacert;
	t->trust_dir = cfg->capath;
	if (t->trust_file == NULL && t->trust_dir == NULL)
		t->trust_file = file_default_path(DEMO_DEFAULT_CA_FILE, t->trust_default,
		                                  sizeof(t->trust_default));
	if (tls_load_verify(t, e) == -1 ||
	    client_policy_new(&t->policy, t->trust_file, t->trust_dir, e) == -1 ||
	    (cfg->crlfile != NULL && client_policy_load_crls(t->policy, cfg->crlfile, e) == -1))
		return -1;
	if (cfg->crlfile != NULL)
		client_report_step(t->rep, '*', "checking revocation against the CRLs in: %s",
		                   cfg->crlfile);
	client_report_step(t->rep, '*', "trusting only: %s%s%s", t->trust_file ? t->trust_file : "",
	                   t->trust_file && t->trust_dir ? " and " : "",
	                   t->trust_dir ? t->trust_dir : "");
	return 0;
}

static int
tls_passwd_cb(char *buf, int size, int rwflag, void *userdata)
{
	const char *pass = userdata;
	int len = (int)strlen(pass);

	(void)rwflag;
	if (len >= size)
		return -1;
	memcpy(buf, pass, (size_t)len + 1);
	return len;
}

/* 1 when path holds an encrypted PEM key (PKCS#8 or the legacy Proc-Type form). */
static int
tls_key_is_encrypted(const char *path)
{
	struct err ignored;
	char *text = NULL;
	size_t len;
	int enc;

	if (file_read_all(path, CLIENT_CA_FILE_MAX, &text, &len, &ignored) == -1)
		return 0;
	enc = strstr(text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
	      strstr(text, "Proc-Type: 4,ENCRYPTED") != NULL;
	secret_wipe(text, len);
	free(text);
	return enc;
}

static int
tls_load_client_key(struct client_tls *t, struct err *e)
{
	const struct client_config *cfg = t->cfg;
	const char *key = cfg->key ? cfg->key : cfg->cert;
	char pass[DEMO_PASSPHRASE_MAX + 1];
	int rc;

	if (wolfSSL_CTX_use_certificate_chain_file(t->ctx, cfg->cert) != WOLFSSL_SUCCESS)
		return tls_file_error(e, "client certificate", cfg->cert,
		                      "point --cert at a PEM certificate (chain)");
	/* A private key others can read: warned, as the server warns (common/secret.c). */
	(void)secret_file_check(-1, key, stderr);
	if (cfg->pass != NULL) {
		if (passphrase_read(cfg->pass, "Enter PEM pass phrase:", 0, pass, sizeof(pass),
		                    e) == -1) {
			err_prefix(e, "--pass");
			if (e->fix[0] == '\0')
				err_fix(e, "--pass takes file:PATH, env:VAR, fd:N or prompt");
			return -1; /* passphrase_read set the class: 2, 6 or 24 */
		}
		wolfSSL_CTX_set_default_passwd_cb(t->ctx, tls_passwd_cb);
		wolfSSL_CTX_set_default_passwd_cb_userdata(t->ctx, pass);
	}
	rc = wolfSSL_CTX_use_PrivateKey_file(t->ctx, key, WOLFSSL_FILETYPE_PEM);
	/* Wipe right after the key is decrypted, on every path. */
	secret_wipe(pass, sizeof(pass));
	wolfSSL_CTX_set_default_passwd_cb_userdata(t->ctx, NULL);
	if (rc != WOLFSSL_SUCCESS && cfg->pass != NULL && tls_key_is_encrypted(key)) {
		err_set(e,
		        "cannot decrypt client key '%s' with the passphrase given: wrong "
		        "passphrase",
		        key);
		err_fix(e, "give --pass the passphrase the key was made with (file:, env:, fd:, "
		           "prompt)");
		return err_code(e, DEMO_EXIT_PASSPHRASE);
	}
	if (rc != WOLFSSL_SUCCESS && cfg->pass == NULL && tls_key_is_encrypted(key)) {
		err_set(e, "client key '%s' is encrypted, and no passphrase was given", key);
		err_fix(e, "add --pass SOURCE (file:PATH, env:VAR, fd:N or prompt)");
		return err_code(e, DEMO_EXIT_PASSPHRASE);
	}
	if (rc != WOLFSSL_SUCCESS)
		return tls_file_error(e, "client key", key,
		                      cfg->pass ? "check the key file and the passphrase (--pass)"
		                                : "an encrypted key needs --pass SOURCE (file:, "
		                                  "env:, fd:, prompt)");
	if (wolfSSL_CTX_check_private_key(t->ctx) != WOLFSSL_SUCCESS) {
		err_set(e, "client key '%s' does not match certificate '%s'", key, cfg->cert);
		err_fix(e, "give the key that belongs to --cert");
		return err_code(e, DEMO_EXIT_FILE);
	}
	t->have_client_cert = 1;
	client_report_step(t->rep, '*', "client certificate: %s", cfg->cert);
	return 0;
}

/* Called when the server asks for a certificate and we have none to send. */
static int
tls_client_cert_cb(WOLFSSL *ssl, WOLFSSL_X509 **x509, WOLFSSL_EVP_PKEY **pkey)
{
	struct client_tls *t = wolfSSL_get_app_data(ssl);

	(void)x509;
	(void)pkey;
	if (t != NULL) {
		t->asked_client_cert = 1;
		client_report_step(t->rep, '*',
		                   "server asks for a client certificate; "
		                   "we have none (--cert)");
	}
	return 0;
}

int
client_tls_new(struct client_tls **out, const struct client_config *cfg, struct client_report *rep,
               struct err *e)
{
	struct client_tls *t;
	WOLFSSL_METHOD *method;

	*out = NULL;
	if (wolfSSL_Init() != WOLFSSL_SUCCESS)
		return err_set(e, "cannot initialise wolfSSL");
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return err_set(e, "out of memory");
	t->cfg = cfg;
	t->rep = rep;
	if (cfg->tls_min == CLIENT_TLS13)
		method = wolfTLSv1_3_client_method();
	else if (cfg->tls_max == CLIENT_TLS12)
		method = wolfTLSv1_2_client_method();
	else
		method = wolfSSLv23_client_method();
	t->ctx = wolfSSL_CTX_new(method);
	if (t->ctx == NULL) {
		err_set(e, "cannot create the TLS context");
		goto err;
	}
	wolfSSL_CTX_set_verify(t->ctx, WOLFSSL_VERIFY_PEER, client_tls_verify_cb);
	if (wolfSSL_CTX_SetMinRsaKey_Sz(t->ctx, CLIENT_MIN_RSA_BITS) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_SetMinEccKey_Sz(t->ctx, CLIENT_MIN_ECC_BITS) != WOLFSSL_SUCCESS) {
		err_set(e, "cannot set the smallest keys accepted (RSA %d, EC %d bits)",
		        CLIENT_MIN_RSA_BITS, CLIENT_MIN_ECC_BITS);
		goto err;
	}
	if (cfg->pinned != NULL) {
		t->npins = client_tls_parse_pins(cfg->pinned, t->pins, CLIENT_PINS_MAX, e);
		if (t->npins == -1)
			goto err;
	}
	if (cfg->ciphers != NULL && client_tls_check_ciphers(cfg->ciphers, cfg->insecure, e) == -1)
		goto err;
	if (tls_set_versions_and_suites(t, e) == -1 || tls_load_trust(t, e) == -1)
		goto err;
	if (cfg->cert != NULL && tls_load_client_key(t, e) == -1)
		goto err;
	if (cfg->cert == NULL)
		wolfSSL_CTX_set_client_cert_cb(t->ctx, tls_client_cert_cb);
	*out = t;
	return 0;
err:
	client_tls_free(t);
	return -1;
}

/* --- I/O through our socket, bounded by the overall deadline -------------- */

/* With -v, every byte that crosses the socket is shown to the handshake trace. */
static void
tls_io_trace(WOLFSSL *ssl, int from_server, const char *buf, ssize_t n)
{
	struct client_tls *t = wolfSSL_get_app_data(ssl);
	size_t k;

	if (t == NULL || n <= 0)
		return;
	/* The server's first bytes tell a plain-HTTP server from a TLS one (tls_fail.c). */
	if (from_server && t->nrx_first < sizeof(t->rx_first)) {
		k = sizeof(t->rx_first) - t->nrx_first;
		k = (size_t)n < k ? (size_t)n : k;
		memcpy(t->rx_first + t->nrx_first, buf, k);
		t->nrx_first += k;
	}
	if (t->rep->verbose)
		client_tls_trace_feed(&t->trace, from_server, buf, (size_t)n);
}

static int
tls_io_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct client_conn *c = ctx;
	ssize_t n;

	for (;;) {
		n = recv(c->fd, buf, (size_t)sz, 0);
		if (n > 0) {
			tls_io_trace(ssl, 1, buf, n);
			return (int)n;
		}
		if (n == 0)
			return WOLFSSL_CBIO_ERR_CONN_CLOSE;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (client_net_wait(c, POLLIN) == -1)
				return c->timed_out ? WOLFSSL_CBIO_ERR_TIMEOUT
				                    : WOLFSSL_CBIO_ERR_GENERAL;
			continue;
		}
		return errno == ECONNRESET ? WOLFSSL_CBIO_ERR_CONN_RST : WOLFSSL_CBIO_ERR_GENERAL;
	}
}

static int
tls_io_send(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct client_conn *c = ctx;
	ssize_t n;

	for (;;) {
		n = send(c->fd, buf, (size_t)sz, MSG_NOSIGNAL);
		if (n >= 0) {
			tls_io_trace(ssl, 0, buf, n);
			return (int)n;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (client_net_wait(c, POLLOUT) == -1)
				return c->timed_out ? WOLFSSL_CBIO_ERR_TIMEOUT
				                    : WOLFSSL_CBIO_ERR_GENERAL;
			continue;
		}
		if (errno == EPIPE)
			return WOLFSSL_CBIO_ERR_CONN_CLOSE;
		return errno == ECONNRESET ? WOLFSSL_CBIO_ERR_CONN_RST : WOLFSSL_CBIO_ERR_GENERAL;
	}
}

/* --- one connection -------------------------------------------------------- */

static int
tls_prepare(struct client_tls *t, struct client_conn *c, const struct client_url *u, struct err *e)
{
	char alpn[] = CLIENT_ALPN;

	t->conn = c;
	t->url = u;
	t->nfailures = 0;
	memset(&t->verdict, 0, sizeof(t->verdict));
	memset(t->failed, 0, sizeof(t->failed));
	t->chain_recorded = t->policy_checked = t->asked_client_cert = t->closed_clean = 0;
	if (t->added_ca && client_tls_reload_trust(t, e) == -1)
		return -1;
	client_tls_trace_reset(&t->trace);
	t->nrx_first = 0;
	t->ssl = wolfSSL_new(t->ctx);
	if (t->ssl == NULL)
		return err_set(e, "cannot create a TLS connection");
	wolfSSL_set_app_data(t->ssl, t);
	wolfSSL_SetCertCbCtx(t->ssl, t);
	wolfSSL_SSLSetIORecv(t->ssl, tls_io_recv);
	wolfSSL_SSLSetIOSend(t->ssl, tls_io_send);
	wolfSSL_SetIOReadCtx(t->ssl, c);
	wolfSSL_SetIOWriteCtx(t->ssl, c);
	if (!u->ip) {
		/* RFC 6066 section 3: SNI carries DNS names only, never address literals. */
		if (wolfSSL_UseSNI(t->ssl, WOLFSSL_SNI_HOST_NAME, u->host,
		                   (word16)strlen(u->host)) != WOLFSSL_SUCCESS ||
		    wolfSSL_check_domain_name(t->ssl, u->host) != WOLFSSL_SUCCESS)
			return err_set(e, "cannot set the server name '%s'", u->host);
	}
	if (wolfSSL_UseALPN(t->ssl, alpn, sizeof(alpn) - 1, WOLFSSL_ALPN_CONTINUE_ON_MISMATCH) !=
	    WOLFSSL_SUCCESS)
		return err_set(e, "cannot offer ALPN");
	if (t->session != NULL && wolfSSL_set_session(t->ssl, t->session) == WOLFSSL_SUCCESS)
		client_report_step(t->rep, '*', "offering to resume the previous session");
	client_report_step(t->rep, '*',
	                   "ClientHello: SNI %s, ALPN %s, key shares for the first "
	                   "group",
	                   u->ip ? "(none: address literal)" : u->host, CLIENT_ALPN);
	return 0;
}

static void
tls_report_negotiated(struct client_tls *t)
{
	struct client_report *r = t->rep;
	const char *v, *group;
	char *proto = NULL;
	word16 plen = 0;

	v = wolfSSL_get_version(t->ssl);
	snprintf(r->version, sizeof(r->version), "%s", v ? v : "");
	snprintf(r->cipher, sizeof(r->cipher), "%s", wolfSSL_get_cipher_name(t->ssl));
	group = wolfSSL_get_curve_name(t->ssl);
	snprintf(r->group, sizeof(r->group), "%s", group ? group : "");
	if (wolfSSL_ALPN_GetProtocol(t->ssl, &proto, &plen) == WOLFSSL_SUCCESS && proto)
		snprintf(r->alpn, sizeof(r->alpn), "%.*s", (int)plen, proto);
	r->resumed = wolfSSL_session_reused(t->ssl) == 1;
	r->resumed_count += r->resumed;
	client_report_step(r, '*', "server chose %s, %s, group %s, ALPN %s", r->version, r->cipher,
	                   r->group[0] ? r->group : "(none)", r->alpn[0] ? r->alpn : "(none)");
	client_report_step(r, '*',
	                   "forward secrecy: yes, the keys come from a fresh %s exchange, "
	                   "so a stolen server key cannot decrypt a recording",
	                   r->group[0] ? r->group : "ECDHE");
	client_report_step(r, '*', "session resumed: %s",
	                   r->resumed ? "yes (abbreviated "
	                                "handshake)"
	                              : "no");
}

/* With -v, the handshake as it went over the wire (tls_trace.h). */
static void
tls_trace_print(struct client_tls *t, const struct client_url *u, int ok)
{
	struct client_trace_facts f = {ok,
	                               ok && wolfSSL_session_reused(t->ssl) == 1,
	                               t->rep->nchain,
	                               t->asked_client_cert,
	                               t->have_client_cert,
	                               u->ip ? "" : u->host,
	                               CLIENT_ALPN};

	client_tls_trace_print(&t->trace, &f, t->rep);
}

int
client_tls_handshake(struct client_tls *t, struct client_conn *c, const struct client_url *u,
                     struct err *e)
{
	struct client_report *r = t->rep;
	const struct err *check;
	int ret, late;

	if (tls_prepare(t, c, u, e) == -1)
		return -1;
	ret = wolfSSL_connect(t->ssl);
	tls_trace_print(t, u, ret == WOLFSSL_SUCCESS);
	/* A CA added for this handshake (tls_verify.c) must not outlive it. */
	if (t->added_ca && client_tls_reload_trust(t, e) == -1)
		return -1;
	if (ret != WOLFSSL_SUCCESS) {
		late = !t->policy_checked && client_tls_policy_after_failure(t);
		if (t->policy_checked)
			client_tls_record_checks(t);
		/* wolfSSL refused the chain before our callback could: --insecure cannot help. */
		check = client_tls_first_failed(t);
		if (late && check != NULL) {
			*e = *check;
			return -1;
		}
		if (late)
			return client_tls_library_refused(t, ret, e);
		return client_tls_failure(t, ret, "doing the TLS handshake", e);
	}
	r->t_tls = client_now() - r->start;
	tls_report_negotiated(t);
	if (!r->resumed && !t->policy_checked) {
		/* The policy runs in the verify callback; a full handshake without it is refused. */
		err_set(e, "issuer check failed: the certificate checks did not run");
		err_fix(e, "report this as a bug in https_client");
		return err_code(e, DEMO_EXIT_UNTRUSTED);
	}
	if (t->policy_checked)
		client_tls_record_checks(t);
	return client_tls_report_checks(t, e);
}

long
client_tls_read(struct client_tls *t, void *buf, size_t n, struct err *e)
{
	int ret, err;

	ret = wolfSSL_read(t->ssl, buf, n > 0x7fffffff ? 0x7fffffff : (int)n);
	if (ret > 0)
		return ret;
	err = wolfSSL_get_error(t->ssl, ret);
	if (err == WOLFSSL_ERROR_ZERO_RETURN || err == ZERO_RETURN) {
		t->closed_clean = 1;
		return 0;
	}
	if (!t->conn->timed_out && (err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E)) {
		WOLFSSL_ALERT_HISTORY h;
		memset(&h, 0, sizeof(h));
		wolfSSL_get_alert_history(t->ssl, &h);
		if (h.last_rx.level != 2) {
			client_report_step(t->rep, '*', "connection closed without close_notify");
			return 0;
		}
	}
	return client_tls_failure(t, ret, "reading the response", e);
}

int
client_tls_write(struct client_tls *t, const void *buf, size_t n, struct err *e)
{
	int ret;

	while (n > 0) {
		ret = wolfSSL_write(t->ssl, buf, n > 0x4000 ? 0x4000 : (int)n);
		if (ret <= 0)
			return client_tls_failure(t, ret, "sending the request", e);
		buf = (const char *)buf + ret;
		n -= (size_t)ret;
	}
	return 0;
}

void
client_tls_end(struct client_tls *t)
{
	WOLFSSL_SESSION *s;

	if (t == NULL || t->ssl == NULL)
		return;
	s = wolfSSL_get1_session(t->ssl);
	if (s != NULL) {
		wolfSSL_SESSION_free(t->session);
		t->session = s;
	}
	if (!t->conn->timed_out)
		wolfSSL_shutdown(t->ssl); /* close_notify; we do not wait for the reply */
	wolfSSL_free(t->ssl);
	t->ssl = NULL;
}

void
client_tls_free(struct client_tls *t)
{
	if (t == NULL)
		return;
	if (t->ssl != NULL)
		wolfSSL_free(t->ssl);
	wolfSSL_SESSION_free(t->session);
	wolfSSL_CTX_free(t->ctx);
	client_policy_free(t->policy);
	free(t);
	wolfSSL_Cleanup();
}
