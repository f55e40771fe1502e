/*
 * tiny_server: a whole HTTPS server, to read in one sitting.
 *
 * It serves one page over TLS 1.2 or 1.3 with a certificate chain and a
 * passphrase-encrypted private key, the way server/ does on its main path,
 * and nothing else. The numbered steps are the lesson's; docs/lesson.md puts
 * each one beside Python's ssl module and beside the function of https_server
 * that does the same thing with every check.
 *
 *   usage: tiny_server PORT CERT KEY PASSFILE
 *     CERT      the certificate chain, leaf first (PEM)
 *     KEY       its private key, encrypted (PEM)
 *     PASSFILE  a file whose first line is the passphrase; a secret never
 *               goes on a command line, where every user can read it
 *
 * Listens on 127.0.0.1 only. Stops on Ctrl-C (SIGINT) or SIGTERM.
 *
 * civetweb, the HTTP library, runs on OpenSSL. Debian builds it for OpenSSL
 * 1.1, so on OpenSSL 3 it needs the small compatibility library in
 * server/compat/ (linked by examples/CMakeLists.txt; docs/architecture.md).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

static const char page[] = "<!doctype html>\n<title>tiny_server</title>\n"
                           "<p id=\"marker\">Hello over HTTPS from tiny_server.</p>\n";

/* Read from PASSFILE; wiped as soon as the key is decrypted. */
static char passphrase[1024];

/* OpenSSL calls this while it decrypts the key (step 2). */
static int
give_passphrase(char *buf, int size, int rwflag, void *userdata)
{
	size_t n = strlen(passphrase);

	(void)rwflag, (void)userdata;
	if (n > (size_t)size)
		return -1;
	memcpy(buf, passphrase, n);
	return (int)n;
}

static int
read_passphrase(const char *path)
{
	FILE *f = fopen(path, "r");
	int ok = f != NULL && fgets(passphrase, sizeof(passphrase), f) != NULL;

	if (f != NULL)
		fclose(f);
	passphrase[strcspn(passphrase, "\r\n")] = '\0';
	return ok && passphrase[0] != '\0' ? 0 : -1;
}

/* civetweb asks for a TLS context before it opens the port: it gets ours. */
static int
hand_over_context(void **ssl_ctx, void *user_data)
{
	if (*ssl_ctx == NULL) /* called again at shutdown with the context: keep it */
		*ssl_ctx = user_data;
	return 1; /* 1: use this context as it is */
}

/* Step 7: send. Runs for every request, on a civetweb thread. */
static int
send_page(struct mg_connection *conn, void *cbdata)
{
	(void)cbdata;
	mg_printf(conn,
	          "HTTP/1.1 200 OK\r\n"
	          "Content-Type: text/html; charset=utf-8\r\n"
	          "Content-Length: %zu\r\n"
	          "Strict-Transport-Security: max-age=63072000\r\n"
	          "Connection: close\r\n\r\n%s",
	          strlen(page), page);
	return 200;
}

int
main(int argc, char **argv)
{
	char ports[32];
	const char *options[] = {"listening_ports", ports, "num_threads", "4", NULL};
	struct mg_callbacks callbacks;
	struct mg_context *server = NULL;
	SSL_CTX *ctx = NULL;
	sigset_t stop;
	int sig, rc = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: tiny_server PORT CERT KEY PASSFILE\n");
		return 2;
	}
	if (read_passphrase(argv[4]) == -1) {
		fprintf(stderr, "tiny_server: cannot read a passphrase from %s\n", argv[4]);
		return 1;
	}

	/* Step 1: create a context: the TLS settings every connection shares. */
	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1)
		goto fail;

	/* Step 2: load the PEM: the chain, then the key, opened with its passphrase. */
	SSL_CTX_set_default_passwd_cb(ctx, give_passphrase);
	if (SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1)
		goto fail;
	OPENSSL_cleanse(passphrase, sizeof(passphrase));

	/*
	 * Steps 3 to 6 are civetweb's: it makes the socket and binds it (3),
	 * listens (4), and on its threads accepts each connection (5) and wraps
	 * it in TLS with our context (6), the handshake included. The "s" after
	 * the port asks for TLS on it.
	 */
	snprintf(ports, sizeof(ports), "127.0.0.1:%ss", argv[1]);
	memset(&callbacks, 0, sizeof(callbacks));
	callbacks.external_ssl_ctx = hand_over_context;
	/* Block the stop signals here, so every civetweb thread inherits that. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	mg_init_library(MG_FEATURES_TLS);
	server = mg_start(&callbacks, ctx, options);
	if (server == NULL) {
		fprintf(stderr, "tiny_server: cannot listen on 127.0.0.1:%s\n", argv[1]);
		goto done;
	}
	/* Every path ends in send_page: civetweb itself serves no file. */
	mg_set_request_handler(server, "/", send_page, NULL);
	printf("tiny_server: listening on https://localhost:%s/\n", argv[1]);
	fflush(stdout);

	sigwait(&stop, &sig);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "tiny_server: cannot set up TLS with %s and %s:\n", argv[2], argv[3]);
	ERR_print_errors_fp(stderr);
done:
	OPENSSL_cleanse(passphrase, sizeof(passphrase));
	if (server != NULL)
		mg_stop(server);
	mg_exit_library();
	SSL_CTX_free(ctx);
	return rc;
}
