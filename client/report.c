#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"

static const char *const client_check_names[CLIENT_CHECK_COUNT] = {"trust", "validity", "name",
                                                                   "usage", "policy",   "pin"};

const char *
client_check_name(enum client_check_id id)
{
	return client_check_names[id];
}

double
client_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
client_report_reset(struct client_report *r)
{
	memset(r->address, 0, sizeof(r->address));
	r->version[0] = r->cipher[0] = r->group[0] = r->alpn[0] = '\0';
	r->resumed = 0;
	r->http_status = 0;
	r->body_bytes = 0;
}

void
client_report_step(const struct client_report *r, char prefix, const char *fmt, ...)
{
	va_list ap;

	if (!r->verbose)
		return;
	fprintf(stderr, "%c ", prefix);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *
client_check_state_name(int state)
{
	return state == CLIENT_CHECK_OK       ? "ok"
	       : state == CLIENT_CHECK_FAILED ? "failed"
	                                      : "not checked";
}

void
client_report_check(struct client_report *r, enum client_check_id id, int state, int code,
                    const char *fmt, ...)
{
	struct client_check *c = &r->checks[id];
	va_list ap;

	c->state = state;
	c->code = state == CLIENT_CHECK_FAILED ? code : 0;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	client_report_step(r, '*', "check %-8s %s: %s", client_check_name(id),
	                   state == CLIENT_CHECK_OK       ? "ok    "
	                   : state == CLIENT_CHECK_FAILED ? "FAILED"
	                                                  : "not checked",
	                   c->detail);
}

void
client_report_chain(const struct client_report *r)
{
	const struct client_cert_info *c;
	int i;

	client_report_step(r, '*', "server sent %d certificate%s:", r->nchain,
	                   r->nchain == 1 ? "" : "s");
	for (i = 0; i < r->nchain && i < CLIENT_CHAIN_MAX; i++) {
		c = &r->chain[i];
		client_report_step(r, '*', " %d subject: %s%s", i, c->subject,
		                   c->ca ? " (CA)" : "");
		client_report_step(r, '*', "   issuer:  %s%s", c->issuer,
		                   c->self_issued ? " (self-issued)" : "");
		client_report_step(r, '*', "   valid:   %s to %s (%ld days left)", c->not_before,
		                   c->not_after, c->days_left);
		if (c->sans[0] != '\0')
			client_report_step(r, '*', "   SAN:     %s", c->sans);
		client_report_step(r, '*', "   key:     %s", c->key);
		client_report_step(r, '*', "   SHA-256: %s", c->sha256);
	}
}

static void
json_chain(struct json_writer *j, const struct client_report *r)
{
	const struct client_cert_info *c;
	int i;

	json_array_open(j, "chain", JSON_BLOCK);
	for (i = 0; i < r->nchain && i < CLIENT_CHAIN_MAX; i++) {
		c = &r->chain[i];
		json_object_open(j, NULL, JSON_LINE);
		json_string_put(j, "subject", c->subject);
		json_string_put(j, "issuer", c->issuer);
		json_string_put(j, "not_before", c->not_before);
		json_string_put(j, "not_after", c->not_after);
		json_int_put(j, "days_left", c->days_left);
		json_bool_put(j, "ca", c->ca);
		json_string_put(j, "san", c->sans);
		json_string_put(j, "key", c->key);
		json_string_put(j, "sha256", c->sha256);
		json_close(j);
	}
	json_close(j);
}

void
client_report_warning(struct client_report *r, const struct client_warning *w)
{
	int i;

	for (i = 0; i < r->nwarnings; i++)
		if (r->warnings[i].depth == w->depth && strcmp(r->warnings[i].rule, w->rule) == 0 &&
		    strcmp(r->warnings[i].detail, w->detail) == 0)
			return;
	if (r->nwarnings < CLIENT_WARNINGS_MAX)
		r->warnings[r->nwarnings++] = *w;
	client_report_step(r, '*', "warning: %s [rule %s; %s; certificate at depth %d: %s]",
	                   w->detail, w->rule, w->ref, w->depth, w->subject);
	client_report_step(r, '*', "fix: %s", w->fix);
}

/* "warnings": the policy's rules stricter than browsers that the chain broke. */
static void
json_warnings(struct json_writer *j, const struct client_report *r)
{
	const struct client_warning *w;
	int i;

	json_array_open(j, "warnings", JSON_BLOCK);
	for (i = 0; i < r->nwarnings; i++) {
		w = &r->warnings[i];
		json_object_open(j, NULL, JSON_LINE);
		json_string_put(j, "rule", w->rule);
		json_string_put(j, "reference", w->ref);
		json_int_put(j, "depth", w->depth);
		json_string_put(j, "subject", w->subject);
		json_string_put(j, "detail", w->detail);
		json_string_put(j, "fix", w->fix);
		json_close(j);
	}
	json_close(j);
}

static void
json_checks(struct json_writer *j, const struct client_report *r)
{
	int i;

	json_object_open(j, "checks", JSON_BLOCK);
	for (i = 0; i < CLIENT_CHECK_COUNT; i++) {
		json_object_open(j, client_check_name((enum client_check_id)i), JSON_LINE);
		json_string_put(j, "result", client_check_state_name(r->checks[i].state));
		json_string_put(j, "detail", r->checks[i].detail);
		json_close(j);
	}
	json_close(j);
}

/* The --report document; 0, or -1 when it could not be written whole. */
static int
json_write(FILE *f, const struct client_report *r)
{
	struct json_writer j;

	json_writer_init(&j, f);
	json_object_open(&j, NULL, JSON_BLOCK);
	json_string_put(&j, "url", r->url);
	json_string_put(&j, "address", r->address);
	json_uint_put(&j, "port", r->port);
	json_string_put(&j, "tls_version", r->version);
	json_string_put(&j, "cipher", r->cipher);
	json_string_put(&j, "group", r->group);
	json_string_put(&j, "alpn", r->alpn);
	json_bool_put(&j, "resumed", r->resumed);
	json_int_put(&j, "connections", r->connections);
	json_int_put(&j, "resumed_connections", r->resumed_count);
	json_chain(&j, r);
	json_checks(&j, r);
	json_warnings(&j, r);
	json_int_put(&j, "http_status", r->http_status);
	json_uint_put(&j, "body_bytes", r->body_bytes);
	json_object_open(&j, "timings", JSON_LINE);
	json_real_put(&j, "namelookup", r->t_lookup);
	json_real_put(&j, "connect", r->t_connect);
	json_real_put(&j, "tls_handshake", r->t_tls);
	json_real_put(&j, "first_byte", r->t_first_byte);
	json_real_put(&j, "total", r->t_total);
	json_close(&j);
	json_int_put(&j, "exit_code", r->exit_code);
	json_string_put(&j, "error", r->error);
	json_string_put(&j, "fix", r->fix);
	json_close(&j);
	fputc('\n', f);
	return json_writer_finish(&j);
}

int
client_report_json(const struct client_report *r, const char *path, struct err *e)
{
	FILE *f;
	int bad;

	if (strcmp(path, "-") == 0) {
		bad = json_write(stdout, r);
		return fflush(stdout) == 0 && bad == 0
		               ? 0
		               : err_set_errno(e, "--report: cannot write stdout");
	}
	f = fopen(path, "w");
	if (f == NULL) {
		err_set_errno(e, "--report: cannot open '%s'", path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	bad = json_write(f, r);
	if (fclose(f) != 0 || bad) {
		err_set_errno(e, "--report: cannot write '%s'", path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}
