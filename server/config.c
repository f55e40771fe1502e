/* The command line of https_server: one option table drives parsing and --help. */
#include "config.h"

#include "server.h"

#include <arpa/inet.h>
#include <string.h>

#include "defaults.h"
#include "fileio.h"
#include "opts.h"
#include "passphrase.h"

static int
config_client_cert(const char *arg, void *ctx, struct err *e)
{
	struct server_config *cfg = ctx;

	if (strcmp(arg, "optional") == 0)
		cfg->client_cert = SERVER_CLIENT_CERT_OPTIONAL;
	else if (strcmp(arg, "required") == 0)
		cfg->client_cert = SERVER_CLIENT_CERT_REQUIRED;
	else
		return err_set(e, "'%s' is neither 'optional' nor 'required'", arg);
	return 0;
}

/* The table points into this one config; server_config_parse copies it out. */
static struct server_config config_target_storage;
static int config_client_cert_given;

static int
config_client_cert_fn(const char *arg, void *ctx, struct err *e)
{
	config_client_cert_given = 1;
	return config_client_cert(arg, ctx, e);
}

/* --ciphers, --tls13-ciphers, --groups: each list checked against the safe profile. */
static int
config_tls_list(const char *opt, const char **target, const char *arg, struct err *e)
{
	if (server_tls_profile_check_list(opt, arg, e) == -1)
		return -1;
	*target = arg;
	return 0;
}

static int
config_ciphers(const char *arg, void *ctx, struct err *e)
{
	return config_tls_list("ciphers", &((struct server_config *)ctx)->tls.ciphers12, arg, e);
}

static int
config_tls13_ciphers(const char *arg, void *ctx, struct err *e)
{
	return config_tls_list("tls13-ciphers", &((struct server_config *)ctx)->tls.ciphers13, arg,
	                       e);
}

static int
config_groups(const char *arg, void *ctx, struct err *e)
{
	return config_tls_list("groups", &((struct server_config *)ctx)->tls.groups, arg, e);
}

static int
config_tls_min(const char *arg, void *ctx, struct err *e)
{
	return server_tls_profile_parse_version("tls-min", arg,
	                                        &((struct server_config *)ctx)->tls.min_version, e);
}

static int
config_tls_max(const char *arg, void *ctx, struct err *e)
{
	return server_tls_profile_parse_version("tls-max", arg,
	                                        &((struct server_config *)ctx)->tls.max_version, e);
}

#define CFG(field) (&config_target_storage.field)

static const struct opt config_opts[] = {
        {"port", 'p', "N", "port to listen on (default 8080)", OPT_INT, CFG(port), 1, 65535, NULL},
        {"bind", 'b', "ADDR", "IPv4 address to listen on (default 127.0.0.1)", OPT_STRING,
         CFG(bind), 0, 0, NULL},
        {"cert", 0, "FILE", "certificate chain: leaf, then intermediates (PEM)", OPT_STRING,
         CFG(cert), 0, 0, NULL},
        {"key", 0, "FILE", "private key (PEM; encrypted PKCS#8 or, as certbot writes it, plain)",
         OPT_STRING, CFG(key), 0, 0, NULL},
        {"pass", 0, "SOURCE", "key passphrase: file:PATH, env:VAR, fd:N or prompt", OPT_STRING,
         CFG(pass), 0, 0, NULL},
        {"docroot", 'd', "DIR", "pages to serve, loaded into memory at start (default server/www)",
         OPT_STRING, CFG(docroot), 0, 0, NULL},
        {"client-ca", 0, "FILE", "ask for client certificates issued by this CA (mutual TLS)",
         OPT_STRING, CFG(client_ca), 0, 0, NULL},
        {"client-cert", 0, "MODE", "with --client-ca: required (default) or optional", OPT_FUNC,
         &config_target_storage, 0, 0, config_client_cert_fn},
        {"keylog", 0, "FILE", "UNSAFE, for teaching: write TLS secrets (NSS key log) to FILE",
         OPT_STRING, CFG(keylog), 0, 0, NULL},
        {"ciphers", 0, "LIST", "TLS 1.2 suites in the server's order (ECDHE + AEAD only)", OPT_FUNC,
         &config_target_storage, 0, 0, config_ciphers},
        {"tls13-ciphers", 0, "LIST", "TLS 1.3 suites in the server's order", OPT_FUNC,
         &config_target_storage, 0, 0, config_tls13_ciphers},
        {"groups", 0, "LIST", "key-exchange groups in the server's order (X25519:P-256:P-384)",
         OPT_FUNC, &config_target_storage, 0, 0, config_groups},
        {"tls-min", 0, "VERSION", "lowest TLS version: 1.2 (default) or 1.3", OPT_FUNC,
         &config_target_storage, 0, 0, config_tls_min},
        {"tls-max", 0, "VERSION", "highest TLS version: 1.3 (default) or 1.2", OPT_FUNC,
         &config_target_storage, 0, 0, config_tls_max},
        {"access-log", 0, "FILE", "access log: FILE, - for stdout (default) or off", OPT_STRING,
         CFG(access_log), 0, 0, NULL},
        {"threads", 't', "N",
         "worker threads = connections held at once, all started with the server (default "
         "1200)",
         OPT_INT, CFG(threads), 2, SERVER_MAX_THREADS, NULL},
        {"handshake-timeout", 0, "MS", "deadline from connect to TLS handshake done (default 5000)",
         OPT_INT, CFG(handshake_ms), 100, 600000, NULL},
        {"head-timeout", 0, "MS", "deadline for a whole request head (default 10000)", OPT_INT,
         CFG(head_ms), 100, 600000, NULL},
        {"body-timeout", 0, "MS", "deadline for a whole request body (default 30000)", OPT_INT,
         CFG(body_ms), 100, 3600000, NULL},
        {"idle-timeout", 0, "MS", "keep-alive: idle time allowed between requests (default 5000)",
         OPT_INT, CFG(idle_ms), 100, 600000, NULL},
        {"http-port", 0, "N",
         "also listen for plain HTTP on N (same --bind): ACME challenges and redirects only",
         OPT_INT, CFG(http_port), 1, 65535, NULL},
        {"acme-webroot", 0, "DIR",
         "with --http-port: answer /.well-known/acme-challenge/TOKEN from DIR", OPT_STRING,
         CFG(acme_webroot), 0, 0, NULL},
        {"crl-dir", 0, "DIR",
         "with --http-port: publish the CRLs in DIR at /crl/NAME.crl (https_pki crl --out-dir)",
         OPT_STRING, CFG(crl_dir), 0, 0, NULL},
        {"unencrypted-key", 0, NULL,
         "accept a key that is not encrypted (certbot's privkey.pem) from a 0600 file of ours",
         OPT_FLAG, CFG(unencrypted_key), 0, 0, NULL},
        {"badssl", 0, "DIR", "serve the set of https_pki badssl DIR by SNI (loopback only)",
         OPT_STRING, CFG(badssl), 0, 0, NULL},
        {"help", 'h', NULL, "show this help", OPT_FLAG, CFG(help), 0, 0, NULL},
        {"version", 'V', NULL, "show the version", OPT_FLAG, CFG(version), 0, 0, NULL},
        {NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL},
};

void
server_config_usage(FILE *f)
{
	fputs("usage: https_server [options]\n"
	      "Serves the demo pages over HTTPS (TLS 1.2/1.3) until SIGINT or SIGTERM.\n\n",
	      f);
	opts_usage(f, config_opts);
	fputs("\nThe key passphrase never comes from the command line; without --pass the\n"
	      "server asks on the terminal. SSLKEYLOGFILE in the environment acts as --keylog.\n"
	      "SIGHUP reloads --cert and --key (reading --pass again); a failed reload keeps\n"
	      "the certificate in use and says why.\n"
	      "\n",
	      f);
	exits_usage(f, DEMO_PROG_SERVER);
}

static int
config_check(struct server_config *cfg, struct err *e)
{
	struct in_addr a;

	if (inet_pton(AF_INET, cfg->bind, &a) != 1) {
		err_set(e, "--bind: '%s' is not an IPv4 address (this build has no IPv6)",
		        cfg->bind);
		return err_fix(e, "use --bind 127.0.0.1, or another IPv4 address of this machine");
	}
	if (cfg->pass != NULL && !passphrase_source_valid(cfg->pass)) {
		err_set(e, "--pass: not a passphrase source (expected file:PATH, env:VAR, fd:N or "
		           "prompt)");
		return err_fix(e, "put the passphrase in a file and use --pass file:PATH");
	}
	if (cfg->acme_webroot != NULL && cfg->http_port == 0) {
		err_set(e, "--acme-webroot needs --http-port N");
		return err_fix(e, "add --http-port N (a free port for plain HTTP, e.g. %ld)",
		               cfg->port + 1);
	}
	if (cfg->crl_dir != NULL && cfg->http_port == 0) {
		err_set(e, "--crl-dir needs --http-port N (CRLs are published over plain HTTP)");
		return err_fix(e, "add --http-port N (a free port for plain HTTP, e.g. %ld)",
		               cfg->port + 1);
	}
	if (cfg->http_port != 0 && cfg->http_port == cfg->port) {
		err_set(e, "--http-port %ld is also the https --port", cfg->http_port);
		return err_fix(e, "give --http-port another port, e.g. %ld",
		               cfg->port < 65535 ? cfg->port + 1 : cfg->port - 1);
	}
	if (server_tls_profile_check(&cfg->tls, e) == -1)
		return -1;
	if (config_client_cert_given && cfg->client_ca == NULL) {
		err_set(e, "--client-cert needs --client-ca FILE");
		return err_fix(e,
		               "add --client-ca FILE (the CA that issues client certificates), or "
		               "drop --client-cert");
	}
	if (cfg->client_ca != NULL && !config_client_cert_given)
		cfg->client_cert = SERVER_CLIENT_CERT_REQUIRED;
	return 0;
}

int
server_config_parse(struct server_config *cfg, int argc, char **argv, struct err *e)
{
	int first;

	memset(&config_target_storage, 0, sizeof(config_target_storage));
	config_client_cert_given = 0;
	config_target_storage.bind = DEMO_DEFAULT_BIND;
	config_target_storage.port = DEMO_DEFAULT_PORT;
	config_target_storage.threads = SERVER_DEFAULT_THREADS;
	config_target_storage.handshake_ms = SERVER_HANDSHAKE_MS;
	config_target_storage.head_ms = SERVER_HEAD_MS;
	config_target_storage.body_ms = SERVER_BODY_MS;
	config_target_storage.idle_ms = SERVER_IDLE_MS;
	config_target_storage.access_log = "-";

	first = opts_parse(config_opts, argc, argv, e);
	if (first == -1)
		goto usage;
	if (first < argc) {
		err_set(e, "unexpected argument '%s'", argv[first]);
		goto usage;
	}
	if (config_check(&config_target_storage, e) == -1)
		goto usage;

	*cfg = config_target_storage;
	if (cfg->cert == NULL)
		cfg->cert = file_default_path(DEMO_DEFAULT_SITE_CERT, cfg->cert_buf,
		                              sizeof(cfg->cert_buf));
	if (cfg->key == NULL)
		cfg->key = file_default_path(DEMO_DEFAULT_SITE_KEY, cfg->key_buf,
		                             sizeof(cfg->key_buf));
	if (cfg->docroot == NULL)
		cfg->docroot = file_default_path(DEMO_DEFAULT_DOCROOT, cfg->docroot_buf,
		                                 sizeof(cfg->docroot_buf));
	return 0;
usage:
	if (e->fix[0] == '\0')
		err_fix(e, "try https_server --help");
	return err_code(e, DEMO_EXIT_USAGE);
}
