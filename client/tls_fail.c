/* Classifying a TLS failure that is not a certificate check: alerts, versions, suites, I/O. */
#include "tls_fail.h"

#include "tls_int.h"
#include "tls_checks.h"
#include "tls_verify.h"

#include <stdio.h>
#include <string.h>

#include <wolfssl/error-ssl.h>

const char *
client_tls_alert_name(int code)
{
	/* The alert descriptions of RFC 8446 section 6 (and RFC 5246 for TLS 1.2). */
	static const struct {
		int code;
		const char *name;
	} names[] = {
	        {0, "close_notify"},
	        {10, "unexpected_message"},
	        {20, "bad_record_mac"},
	        {22, "record_overflow"},
	        {40, "handshake_failure"},
	        {42, "bad_certificate"},
	        {43, "unsupported_certificate"},
	        {44, "certificate_revoked"},
	        {45, "certificate_expired"},
	        {46, "certificate_unknown"},
	        {47, "illegal_parameter"},
	        {48, "unknown_ca"},
	        {49, "access_denied"},
	        {50, "decode_error"},
	        {51, "decrypt_error"},
	        {70, "protocol_version"},
	        {71, "insufficient_security"},
	        {80, "internal_error"},
	        {86, "inappropriate_fallback"},
	        {90, "user_canceled"},
	        {109, "missing_extension"},
	        {110, "unsupported_extension"},
	        {112, "unrecognized_name"},
	        {113, "bad_certificate_status_response"},
	        {115, "unknown_psk_identity"},
	        {116, "certificate_required"},
	        {120, "no_application_protocol"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return "unknown alert";
}

int
client_tls_policy_after_failure(struct client_tls *t)
{
	WOLFSSL_X509_CHAIN *chain = t->policy_checked ? NULL : wolfSSL_get_peer_chain(t->ssl);
	const unsigned char *der[CLIENT_CHAIN_MAX];
	size_t len[CLIENT_CHAIN_MAX];
	int i, n = chain ? wolfSSL_get_chain_count(chain) : 0;

	if (n <= 0)
		return 0;
	if (n > CLIENT_CHAIN_MAX)
		n = CLIENT_CHAIN_MAX;
	for (i = 0; i < n; i++) {
		der[i] = wolfSSL_get_chain_cert(chain, i);
		len[i] = (size_t)wolfSSL_get_chain_length(chain, i);
		if (der[i] == NULL)
			return 0;
	}
	client_tls_judge_chain(t, der, len, n);
	return 1;
}

int
client_tls_library_refused(struct client_tls *t, int ret, struct err *e)
{
	int err = wolfSSL_get_error(t->ssl, ret);

	err_set(e,
	        "TLS handshake failed: wolfSSL refused the server's certificate while reading it "
	        "(wolfSSL error %d: %s), before any check of ours; the certificate policy, which "
	        "applies a browser's rules with OpenSSL, accepts this chain (-v lists its "
	        "warnings): this is a limit of Debian's wolfSSL 5.5.4",
	        err, wolfSSL_ERR_reason_error_string((unsigned long)err));
	err_fix(e, "https_pki verify --ca CAFILE --host HOST CHAINFILE shows the verdict; for this "
	           "client, reissue the certificate without what wolfSSL refuses (for -198: name "
	           "constraints on a certificate that is not a CA)");
	return err_code(e, DEMO_EXIT_TLS);
}

static int
tls_printable(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] < 0x20 || b[i] > 0x7e)
			if (b[i] != '\r' && b[i] != '\n' && b[i] != '\t')
				return 0;
	return 1;
}

/*
 * The server's first bytes are not a TLS record: most often a plain-HTTP
 * server on the port (curl says "wrong version number"). Returns -1 with e
 * set when so, 0 otherwise.
 */
static int
tls_not_tls(const struct client_tls *t, struct err *e)
{
	const unsigned char *b = t->rx_first;

	/* TLS record types: 20 change_cipher_spec, 21 alert, 22 handshake, 23 data, 24. */
	if (t->nrx_first == 0 || (b[0] >= 20 && b[0] <= 24))
		return 0;
	if (tls_printable(b, t->nrx_first)) {
		err_set(e,
		        "TLS handshake failed: the server answered in plain text (%s), not TLS "
		        "(wrong version number)",
		        memcmp(b, "HTTP/", t->nrx_first < 5 ? t->nrx_first : 5) == 0
		                ? "plain HTTP"
		                : "plain HTTP, most likely");
		err_fix(e,
		        "this port serves plain HTTP, which https_client does not speak: give the "
		        "server's HTTPS port (or fetch it with curl http://...)");
	} else {
		err_set(e,
		        "TLS handshake failed: the server's answer is not TLS (its first byte is "
		        "0x%02x)",
		        b[0]);
		err_fix(e, "check the port: another protocol answers there");
	}
	return err_code(e, DEMO_EXIT_TLS);
}

/* "(it sent the alert certificate_required while ...)", or how it ended without one. */
static void
tls_how_it_ended(int alert, const char *during, char *buf, size_t size)
{
	if (alert != 0)
		snprintf(buf, size, "it sent the alert %s while %s", client_tls_alert_name(alert),
		         during);
	else
		snprintf(buf, size, "it closed the connection while %s", during);
}

/* A server that closes right after a TLS 1.3 handshake in which we sent a certificate. */
static int
tls_closed_after_our_cert(const struct client_tls *t, int err, int alert, const char *during)
{
	return t->have_client_cert && alert == 0 &&
	       strcmp(during, "doing the TLS handshake") != 0 &&
	       (err == SOCKET_ERROR_E || err == SOCKET_PEER_CLOSED_E || err == ZERO_RETURN) &&
	       t->rep->http_status == 0;
}

/*
 * After the handshake, a record that failed its integrity check: its AEAD tag
 * did not match, so something on the path altered it. The server says so with
 * the alert bad_record_mac (20) about a record of ours; wolfSSL says so about
 * one of the server's. Returns -1 with e set when so, 0 otherwise.
 */
static int
tls_record_altered(const struct client_tls *t, int err, int alert, const char *during,
                   struct err *e)
{
	const char *whose;

	if (strcmp(during, "doing the TLS handshake") == 0 || !wolfSSL_is_init_finished(t->ssl))
		return 0;
	if (alert == 20)
		whose = "a record we sent failed the server's integrity check (it answered with "
		        "the "
		        "alert bad_record_mac, 20)";
	else if (err == VERIFY_MAC_ERROR || err == DECRYPT_ERROR)
		whose = "a record from the server failed our integrity check (wolfSSL error "
		        "VERIFY_MAC_ERROR; we sent the alert bad_record_mac, 20)";
	else
		return 0;
	err_set(e,
	        "TLS failed while %s, after a good handshake: %s: its AEAD tag did not match, so "
	        "something on the path altered it; the connection was closed",
	        during, whose);
	err_fix(e, "fetch again; if it happens again, something between you and the server alters "
	           "traffic: compare with a direct connection");
	return err_code(e, DEMO_EXIT_TLS);
}

int
client_tls_failure(struct client_tls *t, int ret, const char *during, struct err *e)
{
	WOLFSSL_ALERT_HISTORY h;
	char msg[WOLFSSL_MAX_ERROR_SZ], how[160];
	const struct err *check = client_tls_first_failed(t);
	int err = wolfSSL_get_error(t->ssl, ret), alert = 0;

	/* Without --insecure a failed check stops the handshake: it is the reason. */
	if (check != NULL && !t->cfg->insecure) {
		*e = *check;
		return -1;
	}
	if (t->conn->timed_out) {
		err_set(e, "timeout while %s (--max-time)", during);
		err_fix(e, "check that the server answers; raise --max-time");
		return err_code(e, DEMO_EXIT_TIMEOUT);
	}
	memset(&h, 0, sizeof(h));
	if (wolfSSL_get_alert_history(t->ssl, &h) == WOLFSSL_SUCCESS && h.last_rx.level == 2)
		alert = h.last_rx.code;
	wolfSSL_ERR_error_string_n((unsigned long)err, msg, sizeof(msg));
	if (tls_not_tls(t, e) == -1)
		return -1;
	tls_how_it_ended(alert, during, how, sizeof(how));
	if (alert == 116 || (t->asked_client_cert && !t->have_client_cert &&
	                     (alert == 40 || alert == 42 || alert == 0 || err == FATAL_ERROR))) {
		err_set(e,
		        "client certificate check failed: the server requires a client "
		        "certificate (%s)",
		        how);
		err_fix(e, "give a certificate the server trusts: --cert FILE --key FILE --pass "
		           "SOURCE");
		return err_code(e, DEMO_EXIT_CLIENT_CERT);
	}
	if (t->have_client_cert && alert == 51) {
		/* The server could not verify the signature we made with --key over the handshake. */
		err_set(e,
		        "client key check failed: the server could not verify the signature made "
		        "with our key (alert 51 decrypt_error): --key is not the key of --cert");
		err_fix(e,
		        "give the key made together with --cert (openssl x509 -noout -pubkey -in "
		        "CERT and openssl pkey -pubout -in KEY print the same key)");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (t->have_client_cert && ((alert >= 42 && alert <= 46) || alert == 48 || alert == 49)) {
		err_set(e,
		        "client certificate check failed: the server refused our certificate "
		        "(alert %d %s%s)",
		        alert, client_tls_alert_name(alert),
		        alert == 45   ? ": it has expired"
		        : alert == 44 ? ": it was revoked"
		                      : "");
		err_fix(e, alert == 45
		                   ? "renew the client certificate (https_pki issue --profile "
		                     "client)"
		                   : "use a client certificate issued by a CA the server trusts, "
		                     "with clientAuth EKU");
		return err_code(e, DEMO_EXIT_CLIENT_CERT);
	}
	if (tls_closed_after_our_cert(t, err, alert, during)) {
		/* TLS 1.3: the server checks our certificate after the client's Finished. */
		err_set(e,
		        "client certificate check failed: the server closed the connection right "
		        "after the handshake, before any answer: that is how a TLS 1.3 server "
		        "refuses a client certificate (%s)",
		        how);
		err_fix(e, "use a client certificate issued by the CA the server trusts (its "
		           "--client-ca), with clientAuth EKU; the server's log says why");
		return err_code(e, DEMO_EXIT_CLIENT_CERT);
	}
	if (tls_record_altered(t, err, alert, during, e) == -1)
		return -1;
	if (alert == 70 || err == VERSION_ERROR) {
		err_set(e, "TLS handshake failed: no common protocol version (we offer TLS %s)",
		        t->cfg->tls_min == CLIENT_TLS12 ? "1.2 and 1.3" : "1.3 only");
		err_fix(e, t->cfg->tls_min == CLIENT_TLS12
		                   ? "the server offers only an old, unsafe version: upgrade it"
		                   : "if the server cannot do TLS 1.3, try --tls1.2");
		return err_code(e, DEMO_EXIT_TLS);
	}
	if (alert == 40 || alert == 71 || err == MATCH_SUITE_ERROR || err == UNSUPPORTED_SUITE) {
		err_set(e, "TLS handshake failed: no common cipher suite or group (%s)",
		        alert ? client_tls_alert_name(alert) : msg);
		err_fix(e, "the server accepts none of our ECDHE/AEAD suites and groups: "
		           "compare with -v, or see --ciphers and --curves");
		return err_code(e, DEMO_EXIT_TLS);
	}
	if (err == NO_PEER_CERT || (err == OUT_OF_ORDER_E && !t->chain_recorded)) {
		/* A server that skips its Certificate message gets OUT_OF_ORDER_E from wolfSSL. */
		err_set(e, "server sent no certificate, so nothing proves who it is");
		err_fix(e, "configure a certificate on the server");
		return err_code(e, DEMO_EXIT_NO_CERT);
	}
	if (alert != 0)
		err_set(e, "TLS failed while %s: the server sent the alert %s (%d)", during,
		        client_tls_alert_name(alert), alert);
	else if (err == SOCKET_ERROR_E || err == SOCKET_PEER_CLOSED_E || err == ZERO_RETURN)
		err_set(e, "TLS failed while %s: the server closed the connection", during);
	else
		err_set(e, "TLS failed while %s: wolfSSL error %d (%s)", during, err, msg);
	err_fix(e, "run with -v to see the handshake; compare with: openssl s_client -connect "
	           "HOST:PORT");
	return err_code(e, DEMO_EXIT_TLS);
}
