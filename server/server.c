/*
 * Starting civetweb with our TLS context and handler, and stopping it cleanly.
 *
 * Where each protection attaches (all through civetweb's own seams):
 *   TLS profile, key, client certificates   callback external_ssl_ctx (tls.c)
 *   deadlines, shedding, strict framing,     the libssl civetweb dlopen()s, our
 *     a connection we cannot track -> 503    compat library: server_conn_start (conn.c)
 *   paths, methods, "all busy" 503, pages    request handler for "/" (router.c)
 *   error pages with security headers        callback http_error (http.c)
 *   access log, keep-alive phase             callback end_request (log.c, conn.c)
 *   plain HTTP: ACME challenges, redirects   callback begin_request (acme_http.c)
 *   risky features off, backstop timeouts    the options of server_start_civetweb
 *   every worker started with the server     num_threads (civetweb has no lazy start)
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <civetweb.h>

#include "acme_http.h"
#include "chain_page.h"
#include "civetweb_log.h"
#include "defaults.h"
#include "fileio.h"
#include "badssl.h"
#include "badssl_pages.h"
#include "conn.h"
#include "http.h"
#include "log.h"
#include "pages.h"
#include "reload.h"
#include "router.h"
#include "secret.h"
#include "tls.h"

struct server_state {
	struct server_tls *tls;
	struct server_log *log;
	struct server_pages *pages;
	struct server_chain_page *chain;
	struct server_http http;
	struct server_reload *reload;    /* SIGHUP: a new certificate and key */
	struct server_acme_http acme;    /* the plain-HTTP listener */
	struct server_tls_options tls_o; /* what reloads read again */
	struct server_badssl *badssl;    /* --badssl only */
	const char *root_file;           /* the CA file /chain.html reads the root from */
	char root_buf[4096];
};

/* After a SIGHUP reload: /chain.html shows the chain now served. */
static void
server_chain_reloaded(void *arg, void *chain)
{
	struct server_state *st = arg;
	struct err e;

	err_clear(&e);
	if (server_chain_page_replace(st->chain, chain, st->root_file, &e) == -1)
		fprintf(stderr, "https_server: /chain.html still shows the old chain: %s\n", e.msg);
}

static int
server_external_ssl_ctx(void **ssl_ctx, void *user_data)
{
	struct server_state *st = user_data;

	/* At creation hand over our context; at teardown keep it (we free it after mg_stop). */
	if (*ssl_ctx == NULL)
		*ssl_ctx = server_tls_ctx(st->tls);
	return 1;
}

/*
 * civetweb's own messages (a failed handshake, say), at most
 * SERVER_LOG_MESSAGES_PER_S a second: an attack must not flood the log.
 */
static int
server_log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	if (server_log_rate_ok())
		server_civetweb_log(stderr, message);
	return 1;
}

/*
 * The access log: end_request covers the requests that reach civetweb's
 * handling; requests civetweb rejects itself (unparsable, head too large) only
 * pass through http_error, so that one logs too, and end_request then skips.
 */
static _Thread_local int server_logged;

static int
server_begin_request(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct server_state *st = mg_get_user_context_data(conn);

	server_logged = 0;
	/* Plain HTTP never reaches the pages: challenges and redirects only. */
	if (ri != NULL && !ri->is_ssl)
		return server_acme_http_handle(conn, &st->acme);
	return 0; /* civetweb goes on handling the request */
}

static int
server_http_error_cb(struct mg_connection *conn, int status, const char *msg)
{
	struct server_state *st = mg_get_user_context_data(conn);

	server_http_error(conn, status, msg);
	server_log_access(st->log, conn, status);
	server_logged = 1;
	return 0;
}

static void
server_end_request(const struct mg_connection *conn, int status)
{
	struct server_state *st = mg_get_user_context_data(conn);

	if (!server_logged)
		server_log_access(st->log, conn, status);
	server_logged = 0;
	server_conn_request_done();
}

/* Every request is allowed; registered so civetweb skips its .htpasswd lookups. */
static int
server_auth_all(struct mg_connection *conn, void *cbdata)
{
	(void)conn;
	(void)cbdata;
	return 1;
}

static void
server_connection_close(const struct mg_connection *conn)
{
	(void)conn;
	server_tls_connection_closed();
}

/* Our callbacks: TLS context, logging, error pages, connection accounting. */
static void
server_callbacks_init(struct mg_callbacks *cb, const struct server_state *st)
{
	(void)st;
	memset(cb, 0, sizeof(*cb));
	cb->external_ssl_ctx = server_external_ssl_ctx;
	cb->log_message = server_log_message;
	cb->end_request = server_end_request;
	cb->http_error = server_http_error_cb;
	cb->begin_request = server_begin_request;
	cb->connection_close = server_connection_close;
}

/*
 * civetweb reports a busy port only as a generic start failure: try the bind
 * ourselves first (with SO_REUSEADDR, as civetweb binds) to say what is wrong.
 */
static int
server_port_check(const char *addr, long port, struct err *e)
{
	struct sockaddr_in sa;
	int fd, one = 1, rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return err_set(e, "'%s' is not an IPv4 address", addr);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return err_set_errno(e, "socket");
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		if (errno == EADDRINUSE) {
			err_set(e, "port %ld on %s is already in use", port, addr);
			err_fix(e,
			        "stop the program listening there (ss -ltnp 'sport = :%ld') or "
			        "choose another --port",
			        port);
		} else if (errno == EADDRNOTAVAIL) {
			err_set_errno(e,
			              "cannot listen on %s:%ld: %s is not an address of this "
			              "machine",
			              addr, port, addr);
			err_fix(e, "use --bind 127.0.0.1, or an address that 'ip -4 addr' lists");
		} else if (errno == EACCES) {
			err_set_errno(e, "cannot listen on %s:%ld: ports below 1024 need root",
			              addr, port);
			err_fix(e, "use a --port from 1024 to 65535 (the demo's is 8080)");
		} else {
			err_set_errno(e, "cannot listen on %s:%ld", addr, port);
			err_fix(e, "check --bind and --port");
		}
		rc = err_code(e, DEMO_EXIT_LISTEN);
	}
	close(fd);
	return rc;
}

static struct mg_context *
server_start_civetweb(struct server_state *st, const struct server_config *cfg, struct err *e)
{
	char ports[64], threads[24], idle[24], request[24], text[256] = "";
	/* name, value pairs */
	// clang-format off
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", threads,
		"enable_keep_alive", "yes",
		/* our deadlines (conn.c) come first; civetweb's own are the backstop */
		"keep_alive_timeout_ms", idle,
		"request_timeout_ms", request,
		"listen_backlog", SERVER_LISTEN_BACKLOG,
		"max_request_size", SERVER_MAX_REQUEST_HEAD,
		"tcp_nodelay", "1",
		/* civetweb's risky defaults, all off (docs/architecture.md fact 3) */
		"enable_directory_listing", "no",
		"access_control_allow_origin", "",
		"access_control_allow_methods", "",
		"access_control_allow_headers", "",
		"allow_sendfile_call", "no",
		"decode_url", "no", /* we decode, strictly, in server_path_clean */
		NULL,
	};
	// clang-format on
	struct mg_callbacks cb;
	struct mg_init_data init = {&cb, st, options};
	struct mg_error_data err = {NULL, text, sizeof(text)};
	struct mg_context *ctx;

	snprintf(ports, sizeof(ports), "%s:%lds", cfg->bind, cfg->port);
	if (cfg->http_port != 0)
		snprintf(ports + strlen(ports), sizeof(ports) - strlen(ports), ",%s:%ld", cfg->bind,
		         cfg->http_port);
	if (cfg->badssl != NULL)
		server_badssl_ports(cfg, ports, sizeof(ports));
	snprintf(threads, sizeof(threads), "%ld", cfg->threads);
	snprintf(idle, sizeof(idle), "%ld", cfg->idle_ms + 1000);
	snprintf(request, sizeof(request), "%ld",
	         (cfg->head_ms > cfg->body_ms ? cfg->head_ms : cfg->body_ms) + 1000);
	server_callbacks_init(&cb, st);
	ctx = mg_start2(&init, &err); /* starts every worker now: civetweb 1.15 has no lazy start */
	if (ctx == NULL) {
		err_set(e, "cannot start on %s:%ld: %s", cfg->bind, cfg->port,
		        text[0] ? text : "civetweb gave no reason");
		return NULL;
	}
	/* One handler for every URI: civetweb itself never serves a file. */
	mg_set_request_handler(ctx, "/", server_router_handle, &st->http);
	mg_set_auth_handler(ctx, "/", server_auth_all, NULL);
	if (st->badssl != NULL)
		server_badssl_attach_http(st->badssl, ctx, st->pages);
	return ctx;
}

static void *
server_watchdog(void *arg)
{
	(void)arg;
	sleep(SERVER_SHUTDOWN_GRACE_S);
	fprintf(stderr, "https_server: requests still running after %d s; exiting anyway\n",
	        SERVER_SHUTDOWN_GRACE_S);
	_exit(DEMO_EXIT_OK);
	return NULL;
}

/* Stops accepting, lets in-flight requests finish, bounded by SERVER_SHUTDOWN_GRACE_S. */
static void
server_stop(struct mg_context *ctx, int sig)
{
	pthread_t t;

	struct timespec tick = {0, 50 * 1000 * 1000};
	int i;

	fprintf(stderr, "https_server: %s received, finishing requests in flight\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	if (pthread_create(&t, NULL, server_watchdog, NULL) == 0)
		pthread_detach(t);
	/*
	 * civetweb's mg_stop aborts reads in progress, so drain first: handlers
	 * running now finish and close their connections, new requests get 503.
	 */
	server_http_drain();
	for (i = 0; i < SERVER_SHUTDOWN_GRACE_S * 20 - 10 && server_conn_active() > 0; i++)
		nanosleep(&tick, NULL);
	mg_stop(ctx);
	fprintf(stderr, "https_server: stopped\n");
}

static int
server_load(struct server_state *st, const struct server_config *cfg, struct err *e)
{
	const char *keylog = cfg->keylog;
	struct server_tls_options o = {.cert = cfg->cert,
	                               .key = cfg->key,
	                               .pass = cfg->pass,
	                               .client_ca = cfg->client_ca,
	                               .client_cert = cfg->client_cert};
	struct server_conn_limits lim = {cfg->handshake_ms, cfg->head_ms, cfg->body_ms,
	                                 cfg->idle_ms,      cfg->threads, cfg->port};

	if (keylog == NULL && getenv("SSLKEYLOGFILE") != NULL && *getenv("SSLKEYLOGFILE") != '\0')
		keylog = getenv("SSLKEYLOGFILE");
	o.keylog = keylog;
	o.unencrypted_key = cfg->unencrypted_key;
	o.choice = &cfg->tls;
	st->tls_o = o;
	st->root_file = file_default_path(DEMO_DEFAULT_CA_FILE, st->root_buf, sizeof(st->root_buf));
	st->acme.webroot = cfg->acme_webroot;
	st->acme.crl_dir = cfg->crl_dir;
	st->acme.https_port = cfg->port;
	if (server_port_check(cfg->bind, cfg->port, e) == -1 ||
	    (cfg->http_port != 0 && server_port_check(cfg->bind, cfg->http_port, e) == -1) ||
	    server_acme_http_check(cfg->acme_webroot, e) == -1 ||
	    server_crl_dir_check(cfg->crl_dir, e) == -1 ||
	    server_pages_load(&st->pages, cfg->docroot, e) == -1 ||
	    (cfg->badssl != NULL && server_badssl_load(&st->badssl, cfg, &o, e) == -1) ||
	    server_tls_load(&st->tls, &o, e) == -1 ||
	    server_reload_init(&st->reload, server_tls_ctx(st->tls), &st->tls_o, e) == -1 ||
	    server_chain_page_load(&st->chain, server_tls_chain(st->tls), st->root_file, e) == -1 ||
	    server_log_open(&st->log, cfg->access_log, e) == -1 ||
	    server_conn_start(&lim, st->log, st->tls, e) == -1)
		return -1;
	server_reload_on_change(st->reload, server_chain_reloaded, st);
	if (st->badssl != NULL)
		server_badssl_attach_tls(st->badssl, server_tls_ctx(st->tls));
	st->http.pages = st->pages;
	st->http.chain = st->chain;
	st->http.threads = cfg->threads;
	st->http.client_cert = cfg->client_cert;
	return 0;
}

int
server_run(const struct server_config *cfg, struct err *e)
{
	struct server_state st;
	struct mg_context *ctx = NULL;
	sigset_t sigs;
	int sig = 0, rc = -1;

	memset(&st, 0, sizeof(st));
	/* Before the key is decrypted: its bytes must never reach a core file. */
	if (secret_no_core_dumps() == -1)
		fprintf(stderr, "https_server: WARNING: could not disable core dumps\n");
	/* Without TZ, glibc re-reads /etc/localtime on every log timestamp. */
	if (getenv("TZ") == NULL)
		setenv("TZ", ":/etc/localtime", 0);
	tzset();
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Blocked here, so every civetweb thread inherits the mask and sigwait()
	 * gets them. passphrase_read unblocks them while it reads (a prompt, a
	 * pipe): Ctrl-C there ends the server at once, with the terminal restored.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if (server_load(&st, cfg, e) == -1 || (ctx = server_start_civetweb(&st, cfg, e)) == NULL)
		goto done;
	server_tls_banner(st.tls, stderr);
	if (st.badssl != NULL)
		server_badssl_banner(st.badssl, stderr);
	fprintf(stderr,
	        "https_server: %zu pages from %s; client certificates: %s; %ld threads (one per "
	        "connection held)\n",
	        server_pages_count(st.pages), cfg->docroot,
	        cfg->client_cert == SERVER_CLIENT_CERT_REQUIRED   ? "required"
	        : cfg->client_cert == SERVER_CLIENT_CERT_OPTIONAL ? "optional"
	                                                          : "not requested",
	        cfg->threads);
	if (cfg->http_port != 0)
		fprintf(stderr,
		        "https_server: plain HTTP on http://%s:%ld/: ACME challenges from %s, "
		        "CRLs at /crl/ from %s, everything else redirected to https\n",
		        cfg->bind, cfg->http_port, cfg->acme_webroot ? cfg->acme_webroot : "(none)",
		        cfg->crl_dir ? cfg->crl_dir : "(none)");
	fprintf(stderr, "https_server: listening on https://%s:%ld/\n", cfg->bind, cfg->port);
	sig = server_reload_wait(st.reload, &sigs, stderr);
	server_stop(ctx, sig);
	rc = 0;
done:
	server_conn_stop();
	server_log_close(st.log);
	server_reload_free(st.reload);
	server_tls_free(st.tls);
	server_badssl_free(st.badssl);
	server_pages_free(st.pages);
	server_chain_page_free(st.chain);
	return rc;
}
