/* Classifying a TLS failure that is not a certificate check: alerts, versions, suites, I/O. */
#include "tls_int.h"

#include <stdio.h>
#include <string.h>

#include <wolfssl/error-ssl.h>

static const char *
tls_alert_name(int code)
{
	switch (code) {
	case 40:
		return "handshake_failure";
	case 42:
		return "bad_certificate";
	case 43:
		return "unsupported_certificate";
	case 46:
		return "certificate_unknown";
	case 48:
		return "unknown_ca";
	case 70:
		return "protocol_version";
	case 71:
		return "insufficient_security";
	case 80:
		return "internal_error";
	case 109:
		return "missing_extension";
	case 112:
		return "unrecognized_name";
	case 116:
		return "certificate_required";
	case 120:
		return "no_application_protocol";
	default:
		return "alert";
	}
}

/*
 * wolfSSL fails some certificates before it calls the verify callback (a
 * critical extension it does not know, name constraints on a leaf): the
 * policy then judges the chain it kept (SESSION_CERTS), so the verdict and
 * its reason are still the policy's. Returns 1 when the policy refused it.
 */
static int
tls_policy_after_failure(struct client_tls *t)
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
	t->policy_checked = 1;
	return client_policy_check(t->policy, der, len, n, t->url->host, &t->verdict) == -1;
}

int
client_tls_failure(struct client_tls *t, int ret, const char *during, struct err *e)
{
	WOLFSSL_ALERT_HISTORY h;
	char msg[WOLFSSL_MAX_ERROR_SZ];
	int err = wolfSSL_get_error(t->ssl, ret), alert = 0;

	if (t->nfailures > 0 && !t->cfg->insecure)
		return client_tls_verify_error(t, &t->failures[0], e);
	if (!t->chain_recorded && tls_policy_after_failure(t)) {
		*e = t->verdict.e;
		return -1;
	}
	if (t->conn->timed_out) {
		err_set(e, "timeout while %s (--max-time)", during);
		err_fix(e, "check that the server answers; raise --max-time");
		return err_code(e, CLIENT_EXIT_TIMEOUT);
	}
	memset(&h, 0, sizeof(h));
	if (wolfSSL_get_alert_history(t->ssl, &h) == WOLFSSL_SUCCESS && h.last_rx.level == 2)
		alert = h.last_rx.code;
	wolfSSL_ERR_error_string_n((unsigned long)err, msg, sizeof(msg));
	if (alert == 116 || (t->asked_client_cert && !t->have_client_cert &&
	                     (alert == 40 || alert == 42 || alert == 0 || err == FATAL_ERROR))) {
		err_set(e,
		        "client certificate check failed: the server requires a client "
		        "certificate (it sent alert %d %s while %s)",
		        alert, tls_alert_name(alert), during);
		err_fix(e, "give a certificate the server trusts: --cert FILE --key FILE --pass "
		           "SOURCE");
		return err_code(e, CLIENT_EXIT_CLIENT_CERT);
	}
	if (t->have_client_cert && (alert == 42 || alert == 46 || alert == 48 || alert == 43)) {
		err_set(e,
		        "client certificate check failed: the server refused our certificate "
		        "(alert %d %s)",
		        alert, tls_alert_name(alert));
		err_fix(e, "use a client certificate issued by a CA the server trusts, with "
		           "clientAuth EKU");
		return err_code(e, CLIENT_EXIT_CLIENT_CERT);
	}
	if (alert == 70 || err == VERSION_ERROR) {
		err_set(e, "TLS handshake failed: no common protocol version (we offer TLS %s)",
		        t->cfg->tls_min == CLIENT_TLS12 ? "1.2 and 1.3" : "1.3 only");
		err_fix(e, t->cfg->tls_min == CLIENT_TLS12
		                   ? "the server offers only an old, unsafe version: upgrade it"
		                   : "if the server cannot do TLS 1.3, try --tls1.2");
		return err_code(e, CLIENT_EXIT_TLS);
	}
	if (alert == 40 || alert == 71 || err == MATCH_SUITE_ERROR || err == UNSUPPORTED_SUITE) {
		err_set(e, "TLS handshake failed: no common cipher suite or group (%s)",
		        alert ? tls_alert_name(alert) : msg);
		err_fix(e, "the server accepts none of our ECDHE/AEAD suites and groups: "
		           "compare with -v, or see --ciphers and --curves");
		return err_code(e, CLIENT_EXIT_TLS);
	}
	if (err == NO_PEER_CERT || (err == OUT_OF_ORDER_E && !t->chain_recorded)) {
		/* A server that skips its Certificate message gets OUT_OF_ORDER_E from wolfSSL. */
		err_set(e, "server sent no certificate, so nothing proves who it is");
		err_fix(e, "configure a certificate on the server");
		return err_code(e, CLIENT_EXIT_NO_CERT);
	}
	if (alert != 0)
		err_set(e, "TLS failed while %s: the server sent alert %d (%s)", during, alert,
		        tls_alert_name(alert));
	else if (err == SOCKET_ERROR_E || err == SOCKET_PEER_CLOSED_E || err == ZERO_RETURN)
		err_set(e, "TLS failed while %s: the server closed the connection", during);
	else
		err_set(e, "TLS failed while %s: wolfSSL error %d (%s)", during, err, msg);
	err_fix(e, "run with -v to see the handshake; compare with: openssl s_client -connect "
	           "HOST:PORT");
	return err_code(e, CLIENT_EXIT_TLS);
}
