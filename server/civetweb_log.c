/* civetweb's log lines, explained: a sentence and a fix before OpenSSL's words. */
#include "civetweb_log.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls_profile.h"

struct civetweb_reason {
	int reason;       /* SSL_R_* of libssl */
	const char *what; /* NULL: the server's TLS choices explain it (kind) */
	const char *fix;
	enum server_tls_refusal kind; /* only when what is NULL */
};

/* The handshake failures a demo server meets most (OpenSSL's SSL_R_* reasons). */
static const struct civetweb_reason civetweb_reasons[] = {
        {SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
         "a client connected without a client certificate, which --client-ca requires",
         "give the client a certificate issued under --client-ca (https_client --cert), or "
         "start the server with --client-cert optional",
         0},
        {SSL_R_CERTIFICATE_VERIFY_FAILED,
         "a client's certificate was refused: it does not chain to --client-ca, has expired, "
         "or is not for client authentication",
         "issue the client a certificate from the CA in --client-ca (https_pki issue "
         "--profile client)",
         0},
        {SSL_R_HTTP_REQUEST, "a client spoke plain HTTP to the HTTPS port",
         "use https:// in the URL (--http-port serves plain HTTP, for ACME and redirects)", 0},
        /* What the client offered and what this server accepts (its --tls-*, --ciphers, --groups). */
        {SSL_R_UNSUPPORTED_PROTOCOL, NULL, NULL, SERVER_TLS_REFUSED_VERSION},
        {SSL_R_NO_SHARED_CIPHER, NULL, NULL, SERVER_TLS_REFUSED_SUITE},
        {SSL_R_NO_SHARED_GROUPS, NULL, NULL, SERVER_TLS_REFUSED_GROUP},
        {SSL_R_NO_SUITABLE_KEY_SHARE, NULL, NULL, SERVER_TLS_REFUSED_GROUP},
        {SSL_R_WRONG_VERSION_NUMBER, "a client sent something that is not TLS",
         "check that the client speaks HTTPS to this port", 0},
        {SSL_R_TLSV1_ALERT_UNKNOWN_CA,
         "a client does not trust this server's certificate (it sent the alert unknown CA)",
         "give the client the demo CA (https_client --cacert, or https_pki trust for a "
         "browser)",
         0},
        {SSL_R_SSLV3_ALERT_BAD_CERTIFICATE,
         "a client refused this server's certificate (it sent the alert bad certificate, "
         "which https_client sends for an untrusted issuer as well as for a wrong name or "
         "date)",
         "check that the client trusts the root of the chain this server serves (its log "
         "lines at start name it), and the names and dates: https_pki inspect FILE (the "
         "file given to --cert)",
         0},
        {SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN,
         "a client refused this server's certificate (it sent the alert certificate unknown; "
         "browsers do so for an untrusted CA)",
         "import the demo CA into the browser (https_pki trust)", 0},
};

/* The OpenSSL error code in "...error:0A000086:...", or 0. */
static unsigned long
civetweb_code(const char *message)
{
	const char *p;
	char *end;
	unsigned long code;

	/* "sslize error: error:0A000086:..." names "error:" twice; the code follows one. */
	for (p = strstr(message, "error:"); p != NULL; p = strstr(p + 6, "error:")) {
		if (strspn(p + 6, "0123456789ABCDEFabcdef") != 8)
			continue;
		code = strtoul(p + 6, &end, 16);
		if (end == p + 14 && *end == ':')
			return code;
	}
	return 0;
}

const char *
server_civetweb_explain(const char *message, char *buf, size_t size)
{
	unsigned long code = civetweb_code(message);
	const struct civetweb_reason *r;
	char what[1024], fix[512];
	size_t i;

	if (code != 0 && ERR_GET_LIB(code) == ERR_LIB_SSL)
		for (i = 0; i < sizeof(civetweb_reasons) / sizeof(civetweb_reasons[0]); i++) {
			r = &civetweb_reasons[i];
			if (ERR_GET_REASON(code) != r->reason)
				continue;
			if (r->what == NULL)
				server_tls_profile_refusal(r->kind, what, sizeof(what), fix,
				                           sizeof(fix));
			snprintf(buf, size, "%s; fix: %s (civetweb: %s)", r->what ? r->what : what,
			         r->fix ? r->fix : fix, message);
			return buf;
		}
	if (strncmp(message, "sslize error", 12) == 0)
		snprintf(buf, size, "a TLS handshake with a client failed (civetweb: %s)", message);
	else
		snprintf(buf, size, "the web server library reported a problem (civetweb: %s)",
		         message);
	return buf;
}

void
server_civetweb_log(FILE *f, const char *message)
{
	char line[2048];

	fprintf(f, "https_server: %s\n", server_civetweb_explain(message, line, sizeof(line)));
}
