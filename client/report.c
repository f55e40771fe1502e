#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

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

/* Writes s as a JSON string literal (text_json_string: the one rule for every program). */
void
client_json_str(FILE *f, const char *s)
{
	char *q = text_json_string(s);

	fputs(q ? q : "null", f);
	free(q);
}

static void
json_chain(FILE *f, const struct client_report *r)
{
	const struct client_cert_info *c;
	int i;

	fputs("  \"chain\": [", f);
	for (i = 0; i < r->nchain && i < CLIENT_CHAIN_MAX; i++) {
		c = &r->chain[i];
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"subject\": ", f);
		client_json_str(f, c->subject);
		fputs(", \"issuer\": ", f);
		client_json_str(f, c->issuer);
		fputs(", \"not_before\": ", f);
		client_json_str(f, c->not_before);
		fputs(", \"not_after\": ", f);
		client_json_str(f, c->not_after);
		fprintf(f, ", \"days_left\": %ld, \"ca\": %s, \"san\": ", c->days_left,
		        c->ca ? "true" : "false");
		client_json_str(f, c->sans);
		fputs(", \"key\": ", f);
		client_json_str(f, c->key);
		fputs(", \"sha256\": ", f);
		client_json_str(f, c->sha256);
		fputc('}', f);
	}
	fputs(i ? "\n  ],\n" : "],\n", f);
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
json_warnings(FILE *f, const struct client_report *r)
{
	const struct client_warning *w;
	int i;

	fputs("  \"warnings\": [", f);
	for (i = 0; i < r->nwarnings; i++) {
		w = &r->warnings[i];
		fputs(i ? ",\n    {\"rule\": " : "\n    {\"rule\": ", f);
		client_json_str(f, w->rule);
		fputs(", \"reference\": ", f);
		client_json_str(f, w->ref);
		fprintf(f, ", \"depth\": %d, \"subject\": ", w->depth);
		client_json_str(f, w->subject);
		fputs(", \"detail\": ", f);
		client_json_str(f, w->detail);
		fputs(", \"fix\": ", f);
		client_json_str(f, w->fix);
		fputc('}', f);
	}
	fputs(i ? "\n  ],\n" : "],\n", f);
}

static void
json_checks(FILE *f, const struct client_report *r)
{
	int i;

	fputs("  \"checks\": {", f);
	for (i = 0; i < CLIENT_CHECK_COUNT; i++) {
		fprintf(f, "%s\n    \"%s\": {\"result\": \"%s\", \"detail\": ", i ? "," : "",
		        client_check_name((enum client_check_id)i),
		        client_check_state_name(r->checks[i].state));
		client_json_str(f, r->checks[i].detail);
		fputc('}', f);
	}
	fputs("\n  },\n", f);
}

static void
json_write(FILE *f, const struct client_report *r)
{
	fputs("{\n  \"url\": ", f);
	client_json_str(f, r->url ? r->url : "");
	fputs(",\n  \"address\": ", f);
	client_json_str(f, r->address);
	fprintf(f, ",\n  \"port\": %u,\n  \"tls_version\": ", r->port);
	client_json_str(f, r->version);
	fputs(",\n  \"cipher\": ", f);
	client_json_str(f, r->cipher);
	fputs(",\n  \"group\": ", f);
	client_json_str(f, r->group);
	fputs(",\n  \"alpn\": ", f);
	client_json_str(f, r->alpn);
	fprintf(f,
	        ",\n  \"resumed\": %s,\n  \"connections\": %d,\n  \"resumed_connections\": %d,\n",
	        r->resumed ? "true" : "false", r->connections, r->resumed_count);
	json_chain(f, r);
	json_checks(f, r);
	json_warnings(f, r);
	fprintf(f, "  \"http_status\": %d,\n  \"body_bytes\": %llu,\n", r->http_status,
	        r->body_bytes);
	fprintf(f,
	        "  \"timings\": {\"namelookup\": %.6f, \"connect\": %.6f, "
	        "\"tls_handshake\": %.6f, \"first_byte\": %.6f, \"total\": %.6f},\n",
	        r->t_lookup, r->t_connect, r->t_tls, r->t_first_byte, r->t_total);
	fprintf(f, "  \"exit_code\": %d,\n  \"error\": ", r->exit_code);
	client_json_str(f, r->error);
	fputs(",\n  \"fix\": ", f);
	client_json_str(f, r->fix);
	fputs("\n}\n", f);
}

int
client_report_json(const struct client_report *r, const char *path, struct err *e)
{
	FILE *f;
	int bad;

	if (strcmp(path, "-") == 0) {
		json_write(stdout, r);
		return fflush(stdout) == 0 ? 0 : err_set_errno(e, "--report: cannot write stdout");
	}
	f = fopen(path, "w");
	if (f == NULL) {
		err_set_errno(e, "--report: cannot open '%s'", path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	json_write(f, r);
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		err_set_errno(e, "--report: cannot write '%s'", path);
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}
