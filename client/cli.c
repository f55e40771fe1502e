#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/version.h>

#include "opts.h"
#include "passphrase.h"
#include "report.h"
#include "writeout.h"

static int
cli_add_header(const char *arg, void *ctx, struct err *e)
{
	struct client_config *cfg = ctx;

	if (cfg->nheaders >= CLIENT_HEADERS_MAX)
		return err_set(e, "at most %d headers", CLIENT_HEADERS_MAX);
	cfg->headers[cfg->nheaders++] = arg;
	return 0;
}

static int
cli_add_resolve(const char *arg, void *ctx, struct err *e)
{
	struct client_config *cfg = ctx;

	if (cfg->nresolve >= CLIENT_RESOLVE_MAX)
		return err_set(e, "at most %d entries", CLIENT_RESOLVE_MAX);
	cfg->resolve[cfg->nresolve++] = arg;
	return 0;
}

/* Seconds, with a fraction ("2.5"), into milliseconds; 1 ms to one day. */
static int
cli_seconds(const char *arg, long *ms, struct err *e)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !(v >= 0.001 && v <= 86400))
		return err_set(e, "'%s' is not a number of seconds from 0.001 to 86400", arg);
	*ms = (long)(v * 1000 + 0.999);
	return 0;
}

static int
cli_connect_timeout(const char *arg, void *ctx, struct err *e)
{
	return cli_seconds(arg, &((struct client_config *)ctx)->connect_timeout_ms, e);
}

static int
cli_max_time(const char *arg, void *ctx, struct err *e)
{
	return cli_seconds(arg, &((struct client_config *)ctx)->max_time_ms, e);
}

/* Bytes with an optional K, M or G suffix (powers of 1024), as curl. */
static int
cli_max_filesize(const char *arg, void *ctx, struct err *e)
{
	struct client_config *cfg = ctx;
	long long v, mult = 1;
	char *end;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*end == 'K' || *end == 'k')
		mult = 1024, end++;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mult = 1024 * 1024 * 1024, end++;
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > (1LL << 40))
		return err_set(e, "'%s' is not a size in bytes (K, M, G suffixes allowed)", arg);
	cfg->max_filesize = v * mult;
	return 0;
}

static int
cli_tls12(const char *arg, void *ctx, struct err *e)
{
	(void)arg;
	(void)e;
	((struct client_config *)ctx)->tls_min = CLIENT_TLS12;
	return 0;
}

static int
cli_tls13(const char *arg, void *ctx, struct err *e)
{
	(void)arg;
	(void)e;
	((struct client_config *)ctx)->tls_min = CLIENT_TLS13;
	return 0;
}

static int
cli_tls_max(const char *arg, void *ctx, struct err *e)
{
	struct client_config *cfg = ctx;

	if (strcmp(arg, "1.2") == 0)
		cfg->tls_max = CLIENT_TLS12;
	else if (strcmp(arg, "1.3") == 0)
		cfg->tls_max = CLIENT_TLS13;
	else
		return err_set(e, "'%s': want 1.2 or 1.3", arg);
	return 0;
}

/* The old name of --report, kept a while: curl's --json means something else. */
static int
cli_json_deprecated(const char *arg, void *ctx, struct err *e)
{
	struct client_config *cfg = ctx;

	if (strstr(arg, "://") != NULL) {
		err_set(e, "'%s' looks like a URL, but --json (now --report) takes a file name",
		        arg);
		return err_fix(e, "to save the report use --report FILE URL; to post JSON as "
		                  "curl's --json does, use -d DATA -H 'Content-Type: "
		                  "application/json'");
	}
	fputs("https_client: warning: --json is deprecated (curl's --json posts JSON); use "
	      "--report FILE\n",
	      stderr);
	cfg->report = arg;
	return 0;
}

static void
cli_usage(const struct opt *table)
{
	printf("usage: https_client [options] https://HOST[:PORT]/PATH\n\n"
	       "Fetches the URL over TLS 1.3 (1.2 on request) and checks the server's\n"
	       "certificate: issued by the trusted CA, valid now, naming the host.\n"
	       "Default CA: ca_certificates_for_client/ca_public_key.pem\n\n"
	       "Options:\n");
	opts_usage(stdout, table);
	printf("\nPassphrase SOURCE: file:PATH, env:VAR, fd:N or prompt (never the passphrase "
	       "itself).\n");
	client_writeout_names(stdout);
	printf("\n");
	exits_usage(stdout, DEMO_PROG_CLIENT);
}

static int
cli_check(struct client_config *cfg, int first, int argc, char **argv, struct err *e)
{
	if (first >= argc)
		return err_set(e, "no URL given");
	if (argc - first > 1)
		return err_set(e, "one URL only (got '%s' and '%s')", argv[first], argv[first + 1]);
	cfg->url = argv[first];
	if (cfg->tls_max == 0)
		cfg->tls_max = CLIENT_TLS13;
	if (cfg->tls_min == 0)
		cfg->tls_min = cfg->tls_max == CLIENT_TLS12 ? CLIENT_TLS12 : CLIENT_TLS13;
	if (cfg->tls_min > cfg->tls_max)
		return err_set(e, "--tlsv1.3 and --tls-max 1.2 leave no TLS version");
	if (cfg->ciphers != NULL && cfg->tls_min == CLIENT_TLS13) {
		err_set(e, "--ciphers sets TLS 1.2 suites, and only TLS 1.3 is allowed");
		return err_fix(e, "add --tlsv1.2 --tls-max 1.2 to use these suites; "
		                  "--tls13-ciphers sets the TLS 1.3 ones");
	}
	if (cfg->tls13_ciphers != NULL && cfg->tls_max == CLIENT_TLS12)
		return err_set(e, "--tls13-ciphers does nothing with --tls-max 1.2");
	if (cfg->pass != NULL && !passphrase_source_valid(cfg->pass)) {
		err_set(e, "--pass: not a passphrase source (expected file:PATH, env:VAR, fd:N or "
		           "prompt)");
		return err_fix(e, "put the passphrase in a file and use --pass file:PATH");
	}
	if ((cfg->key != NULL || cfg->pass != NULL) && cfg->cert == NULL)
		return err_set(e, "--key and --pass need --cert");
	if (cfg->head && cfg->data != NULL)
		return err_set(e, "-I (HEAD) and -d (a body) do not go together");
	if (cfg->reconnect > 0 && cfg->location)
		return err_set(e, "--reconnect and -L do not go together");
	/* Honest options: a TLS 1.2 suite list is unused whenever TLS 1.3 wins. */
	if (cfg->ciphers != NULL && cfg->tls_max == CLIENT_TLS13 && !cfg->silent)
		fputs("https_client: note: --ciphers applies to TLS 1.2 only; TLS 1.3 is offered "
		      "too and wins when the server has it\n"
		      "fix: add --tls-max 1.2 to use only these suites (or --tls13-ciphers for "
		      "TLS 1.3)\n",
		      stderr);
	return 0;
}

int
client_cli_parse(struct client_config *cfg, int argc, char **argv, struct err *e)
{
	const struct opt table[] = {
	        {"cacert", 0, "FILE", "trust only the CA certificate(s) in FILE", OPT_STRING,
	         &cfg->cacert, 0, 0, NULL},
	        {"capath", 0, "DIR", "trust the CA certificates in DIR", OPT_STRING, &cfg->capath,
	         0, 0, NULL},
	        {"crlfile", 0, "FILE",
	         "refuse revoked certificates: FILE holds a current CRL of every CA of the "
	         "path (PEM)",
	         OPT_STRING, &cfg->crlfile, 0, 0, NULL},
	        {"cert", 0, "FILE", "client certificate (chain) for mutual TLS", OPT_STRING,
	         &cfg->cert, 0, 0, NULL},
	        {"key", 0, "FILE", "client private key (default: in --cert)", OPT_STRING, &cfg->key,
	         0, 0, NULL},
	        {"pass", 0, "SOURCE", "passphrase source of the client key", OPT_STRING, &cfg->pass,
	         0, 0, NULL},
	        {"pinnedpubkey", 0, "sha256//HASH", "require this key hash (;-separated list)",
	         OPT_STRING, &cfg->pinned, 0, 0, NULL},
	        {"resolve", 0, "HOST:PORT:ADDR", "connect to ADDR for HOST:PORT (repeatable)",
	         OPT_FUNC, cfg, 0, 0, cli_add_resolve},
	        {"tlsv1.2", 0, NULL, "minimum TLS 1.2, as curl (1.3 still wins if both have it)",
	         OPT_FUNC, cfg, 0, 0, cli_tls12},
	        {"tlsv1.3", 0, NULL, "minimum TLS 1.3 (the default)", OPT_FUNC, cfg, 0, 0,
	         cli_tls13},
	        {"tls1.2", 0, NULL, "same as --tlsv1.2", OPT_FUNC, cfg, 0, 0, cli_tls12},
	        {"tls1.3", 0, NULL, "same as --tlsv1.3", OPT_FUNC, cfg, 0, 0, cli_tls13},
	        {"tls-max", 0, "VERSION", "highest TLS version: 1.2 or 1.3", OPT_FUNC, cfg, 0, 0,
	         cli_tls_max},
	        {"ciphers", 0, "LIST", "TLS 1.2 suites (ECDHE+AEAD unless --insecure)", OPT_STRING,
	         &cfg->ciphers, 0, 0, NULL},
	        {"tls13-ciphers", 0, "LIST", "TLS 1.3 suites, e.g. TLS_AES_256_GCM_SHA384",
	         OPT_STRING, &cfg->tls13_ciphers, 0, 0, NULL},
	        {"curves", 0, "LIST", "key exchange groups (default X25519:P-256)", OPT_STRING,
	         &cfg->curves, 0, 0, NULL},
	        {"request", 'X', "METHOD", "request method (default GET, POST with -d)", OPT_STRING,
	         &cfg->method, 0, 0, NULL},
	        {"header", 'H', "'NAME: VALUE'", "extra request header (repeatable)", OPT_FUNC, cfg,
	         0, 0, cli_add_header},
	        {"data", 'd', "DATA|@FILE", "send DATA (or FILE's bytes) as the body", OPT_STRING,
	         &cfg->data, 0, 0, NULL},
	        {"data-binary", 0, "DATA|@FILE", "same as -d", OPT_STRING, &cfg->data, 0, 0, NULL},
	        {"head", 'I', NULL, "HEAD request; print the response headers", OPT_FLAG,
	         &cfg->head, 0, 0, NULL},
	        {"include", 'i', NULL, "print the response headers before the body", OPT_FLAG,
	         &cfg->include, 0, 0, NULL},
	        {"output", 'o', "FILE", "write the body to FILE", OPT_STRING, &cfg->output, 0, 0,
	         NULL},
	        {"silent", 's', NULL, "no messages on stderr (the exit code tells)", OPT_FLAG,
	         &cfg->silent, 0, 0, NULL},
	        {"show-error", 'S', NULL, "with -s, still print the error message", OPT_FLAG,
	         &cfg->show_error, 0, 0, NULL},
	        {"verbose", 'v', NULL, "trace every step on stderr", OPT_COUNT, &cfg->verbose, 0, 0,
	         NULL},
	        {"write-out", 'w', "FORMAT", "print FORMAT after the transfer (curl's %{...})",
	         OPT_STRING, &cfg->write_out, 0, 0, NULL},
	        {"report", 0, "FILE|-", "write what happened (checks, timings) as JSON", OPT_STRING,
	         &cfg->report, 0, 0, NULL},
	        {"json", 0, "FILE", "deprecated name of --report", OPT_FUNC, cfg, 0, 0,
	         cli_json_deprecated},
	        {"connect-timeout", 0, "SECONDS", "limit for the TCP connect (default 30)",
	         OPT_FUNC, cfg, 0, 0, cli_connect_timeout},
	        {"max-time", 'm', "SECONDS", "limit for the whole transfer", OPT_FUNC, cfg, 0, 0,
	         cli_max_time},
	        {"max-filesize", 0, "BYTES", "refuse a larger body", OPT_FUNC, cfg, 0, 0,
	         cli_max_filesize},
	        {"fail", 'f', NULL, "exit 22 on HTTP status >= 400, without output", OPT_FLAG,
	         &cfg->fail, 0, 0, NULL},
	        {"reconnect", 0, "N", "fetch N more times on new connections, resuming", OPT_INT,
	         &cfg->reconnect, 0, CLIENT_RECONNECT_MAX, NULL},
	        {"location", 'L', NULL, "follow redirects (same origin only, at most 5)", OPT_FLAG,
	         &cfg->location, 0, 0, NULL},
	        {"insecure", 'k', NULL, "DANGER: continue when checks fail (still reported)",
	         OPT_FLAG, &cfg->insecure, 0, 0, NULL},
	        {"strict", 0, NULL,
	         "fail on the certificate rules stricter than browsers too (warnings otherwise)",
	         OPT_FLAG, &cfg->strict, 0, 0, NULL},
	        {"version", 'V', NULL, "print the version", OPT_FLAG, &cfg->version, 0, 0, NULL},
	        {"help", 'h', NULL, "this help and the exit codes", OPT_FLAG, &cfg->help, 0, 0,
	         NULL},
	        {NULL, 0, NULL, NULL, OPT_FLAG, NULL, 0, 0, NULL},
	};
	int first;

	memset(cfg, 0, sizeof(*cfg));
	cfg->connect_timeout_ms = CLIENT_DEFAULT_CONNECT_MS;
	cfg->max_time_ms = CLIENT_DEFAULT_MAX_TIME_MS;
	first = opts_parse(table, argc, argv, e);
	if (first == -1)
		return err_code(e, DEMO_EXIT_USAGE);
	if (cfg->help) {
		cli_usage(table);
		return 0;
	}
	if (cfg->version) {
		printf("https_client %s (wolfSSL %s)\n", HTTPS_DEMO_VERSION,
		       LIBWOLFSSL_VERSION_STRING);
		return 0;
	}
	if (cli_check(cfg, first, argc, argv, e) == -1) {
		if (e->fix[0] == '\0')
			err_fix(e, "try --help");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return 0;
}
