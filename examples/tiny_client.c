/*
 * tiny_client: a whole HTTPS client, to read in one sitting.
 *
 * It fetches one page with one GET over TLS 1.3, and trusts the server only
 * after checking its certificate chain up to the CA we name, its dates, and
 * that it was issued for the host name we asked for, the way client/ does
 * on its main path, and nothing else. The numbered steps are the lesson's;
 * docs/lesson.md puts each one beside Python's ssl module and beside the
 * function of https_client that does the same thing with every check.
 *
 *   usage: tiny_client HOST PORT CAFILE [PATH]
 *     prints the body of https://HOST:PORT/PATH; exits 0 on status 200,
 *     1 on any other status, 2 if the connection or a check failed.
 *
 * wolfSSL is unsafe by default: it verifies nothing and offers old, weak
 * protocol versions and ciphers. Each setting in steps 1, 2 and 4 turns on
 * something a client must do; none of them may be left out.
 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#define RESPONSE_MAX (1 << 20)

static char response[RESPONSE_MAX + 1];

/* Step 3: connect: a plain TCP connection to the first address that answers. */
static int
connect_tcp(const char *host, const char *port)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *list, *a;
	int fd = -1;

	if (getaddrinfo(host, port, &hints, &list) != 0)
		return -1;
	for (a = list; a != NULL && fd == -1; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd != -1 && connect(fd, a->ai_addr, a->ai_addrlen) == -1) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(list);
	return fd;
}

/*
 * Step 2's verify callback, for one flaw of Debian's wolfSSL 5.5.4: below a
 * root with name constraints (ours may vouch only for localhost and the
 * loopback addresses) it reads the intermediate CA's common name as a host
 * name and refuses it with error -198, after checking its signature with the
 * root. For that error alone, on a CA certificate, we accept the CA and hand
 * it to wolfSSL (store->userCtx is our context), so that it goes on to check
 * the site's certificate with it; every other error stands. wolfSSL does not
 * check the site's names against the root's constraints; https_client's own
 * policy does (docs/lesson.md).
 */
static int
verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store)
{
	WOLFSSL_X509 *ca = wolfSSL_X509_STORE_CTX_get_current_cert(store);
	const unsigned char *der;
	int len = 0;

	if (ok || store->error != ASN_NAME_INVALID_E || ca == NULL ||
	    wolfSSL_X509_get_isCA(ca) != 1)
		return ok;
	der = wolfSSL_X509_get_der(ca, &len);
	return der != NULL &&
	       wolfSSL_CTX_load_verify_buffer(store->userCtx, der, len, WOLFSSL_FILETYPE_ASN1) ==
	               WOLFSSL_SUCCESS;
}

/* Prints wolfSSL's reason for the last failure on ssl. Returns 2. */
static int
tls_failed(WOLFSSL *ssl, const char *what)
{
	char text[WOLFSSL_MAX_ERROR_SZ];
	int code = wolfSSL_get_error(ssl, 0);

	fprintf(stderr, "tiny_client: %s: %s (wolfSSL error %d)\n", what,
	        wolfSSL_ERR_error_string((unsigned long)code, text), code);
	return 2;
}

/* Prints the body of the response; returns 0 for status 200, else 1. */
static int
print_body(const char *r, size_t len)
{
	const char *body = strstr(r, "\r\n\r\n");

	if (body == NULL) {
		fprintf(stderr, "tiny_client: no complete HTTP response\n");
		return 1;
	}
	body += 4;
	fwrite(body, 1, len - (size_t)(body - r), stdout);
	return strncmp(r, "HTTP/1.1 200 ", 13) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	const char *host, *port, *ca, *path;
	WOLFSSL_CTX *ctx = NULL;
	WOLFSSL *ssl = NULL;
	char request[1024];
	size_t got = 0;
	int fd = -1, n, rc = 2;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: tiny_client HOST PORT CAFILE [PATH]\n");
		return 2;
	}
	host = argv[1], port = argv[2], ca = argv[3], path = argc == 5 ? argv[4] : "";
	wolfSSL_Init();

	/* Step 1: create a context: TLS 1.3 only, so no old version or weak cipher is offered. */
	if ((ctx = wolfSSL_CTX_new(wolfTLSv1_3_client_method())) == NULL)
		goto done;

	/* Step 2: trust our root CA, and only it; and verify the peer (off by default). */
	if (wolfSSL_CTX_load_verify_locations(ctx, ca, NULL) != WOLFSSL_SUCCESS) {
		fprintf(stderr, "tiny_client: cannot load the CA certificate %s\n", ca);
		goto done;
	}
	wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, verify_cb);
	wolfSSL_CTX_SetCertCbCtx(ctx, ctx); /* verify_cb's store->userCtx */

	if ((fd = connect_tcp(host, port)) == -1) {
		fprintf(stderr, "tiny_client: cannot connect to %s port %s\n", host, port);
		goto done;
	}

	/*
	 * Step 4: wrap the socket in a TLS session. SNI tells the server which
	 * name we want; check_domain_name makes the handshake fail unless the
	 * certificate is for that name (wolfSSL does not check it otherwise).
	 */
	if ((ssl = wolfSSL_new(ctx)) == NULL || wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS ||
	    wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, host, (unsigned short)strlen(host)) !=
	            WOLFSSL_SUCCESS ||
	    wolfSSL_check_domain_name(ssl, host) != WOLFSSL_SUCCESS)
		goto done;

	/* Step 5: verify: the handshake checks the chain to our CA, the dates and the name. */
	if (wolfSSL_connect(ssl) != WOLFSSL_SUCCESS) {
		rc = tls_failed(ssl, "the server could not be verified");
		goto done;
	}

	/* Step 6: send one GET. From here on, everything on the wire is encrypted. */
	n = snprintf(request, sizeof(request),
	             "GET /%s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n", path, host,
	             port);
	if (n >= (int)sizeof(request) || wolfSSL_write(ssl, request, n) != n) {
		rc = tls_failed(ssl, "cannot send the request");
		goto done;
	}

	/* Step 7: receive until the server closes the connection. */
	while (got < RESPONSE_MAX &&
	       (n = wolfSSL_read(ssl, response + got, (int)(RESPONSE_MAX - got))) > 0)
		got += (size_t)n;
	response[got] = '\0';
	rc = print_body(response, got);
done:
	if (ssl != NULL)
		wolfSSL_shutdown(ssl);
	wolfSSL_free(ssl);
	if (fd != -1)
		close(fd);
	wolfSSL_CTX_free(ctx);
	wolfSSL_Cleanup();
	return rc;
}
