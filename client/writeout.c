/* -w/--write-out: curl's variables, filled from the report. */
#include "writeout.h"

#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "json.h"
#include "opts.h"

enum wo_kind { WO_INT, WO_CODE, WO_SECONDS, WO_BYTES, WO_TEXT };

struct wo_var {
	const char *name;
	enum wo_kind kind;
};

/* curl's names (curl(1), --write-out), limited to what this client measures. */
static const struct wo_var wo_vars[] = {
        {"http_code", WO_CODE},
        {"response_code", WO_CODE},
        {"time_namelookup", WO_SECONDS},
        {"time_connect", WO_SECONDS},
        {"time_appconnect", WO_SECONDS},
        {"time_starttransfer", WO_SECONDS},
        {"time_total", WO_SECONDS},
        {"size_download", WO_BYTES},
        {"ssl_verify_result", WO_INT},
        {"num_connects", WO_INT},
        {"remote_ip", WO_TEXT},
        {"remote_port", WO_INT},
        {"url", WO_TEXT},
        {"url_effective", WO_TEXT},
        {"scheme", WO_TEXT},
        {"exitcode", WO_INT},
        {"errormsg", WO_TEXT},
        {"num_warnings", WO_INT}, /* ours: policy warnings (rules stricter than browsers) */
        {"warnings", WO_TEXT},    /* ours: their rule ids, comma-separated */
        {NULL, WO_INT},
};

/*
 * ssl_verify_result as curl reports it: 0 when the certificate verified, else
 * the X509_V_ERR number of the first check that failed (the same order as the
 * check lines), as OpenSSL numbers them (curl built on OpenSSL shows these):
 * 20 unknown issuer, 18 self-signed, 10 expired, 9 not yet valid, 62 name
 * mismatch, 26 wrong purpose, and 1 (unspecified) for a rule of the policy
 * OpenSSL has no number for (format, key, signature hash).
 */
static int
wo_verify_result(const struct client_report *r)
{
	static const int by_exit[][2] = {
	        {DEMO_EXIT_UNTRUSTED, 20}, {DEMO_EXIT_SELF_SIGNED, 18}, {DEMO_EXIT_INCOMPLETE, 20},
	        {DEMO_EXIT_EXPIRED, 10},   {DEMO_EXIT_NOT_YET, 9},      {DEMO_EXIT_NAME, 62},
	        {DEMO_EXIT_ROLE, 26},      {DEMO_EXIT_POLICY, 1},
	};
	/* A failed check whose code says no more: trust, validity, name, usage, policy. */
	static const int by_check[CLIENT_CHECK_PIN] = {20, 10, 62, 26, 1};
	int code = r->exit_code, fallback = 0, i;
	size_t j;

	/* The pin is not part of verification (curl reports a pin mismatch apart, too). */
	for (i = 0; i < CLIENT_CHECK_PIN; i++)
		if (r->checks[i].state == CLIENT_CHECK_FAILED) {
			code = r->checks[i].code;
			fallback = by_check[i];
			break;
		}
	for (j = 0; j < sizeof(by_exit) / sizeof(by_exit[0]); j++)
		if (code == by_exit[j][0])
			return by_exit[j][1];
	return fallback;
}

/* The rule ids of the policy's warnings, comma-separated ("" when none). */
static void
wo_warnings(const struct client_report *r, char *buf, size_t size)
{
	size_t used = 0;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < r->nwarnings && used + 1 < size; i++) {
		n = snprintf(buf + used, size - used, "%s%s", i ? "," : "", r->warnings[i].rule);
		used += n > 0 && (size_t)n < size - used ? (size_t)n : size - used - 1;
	}
}

/* A number variable's value (kind WO_INT, WO_CODE or WO_BYTES). */
static long long
wo_number(const struct client_report *r, const char *name)
{
	if (strcmp(name, "http_code") == 0 || strcmp(name, "response_code") == 0)
		return r->http_status;
	if (strcmp(name, "size_download") == 0)
		return (long long)r->body_bytes;
	if (strcmp(name, "ssl_verify_result") == 0)
		return wo_verify_result(r);
	if (strcmp(name, "num_connects") == 0)
		return r->connections;
	if (strcmp(name, "remote_port") == 0)
		return r->port;
	if (strcmp(name, "exitcode") == 0)
		return r->exit_code;
	if (strcmp(name, "num_warnings") == 0)
		return r->nwarnings;
	return 0;
}

/* A time variable's value (kind WO_SECONDS). */
static double
wo_seconds(const struct client_report *r, const char *name)
{
	static const char *const times[] = {"time_namelookup", "time_connect", "time_appconnect",
	                                    "time_starttransfer", "time_total"};
	const double t[] = {r->t_lookup, r->t_connect, r->t_tls, r->t_first_byte, r->t_total};
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		if (strcmp(name, times[i]) == 0)
			return t[i] > 0 ? t[i]
			                : 0.0; /* never reached: no time (curl prints 0 too) */
	return 0.0;
}

/* A text variable's value (kind WO_TEXT). */
static void
wo_text(const struct client_report *r, const char *name, char *buf, size_t size)
{
	if (strcmp(name, "remote_ip") == 0)
		snprintf(buf, size, "%s", r->address);
	else if (strcmp(name, "url") == 0 || strcmp(name, "url_effective") == 0)
		snprintf(buf, size, "%s", r->url ? r->url : "");
	else if (strcmp(name, "scheme") == 0)
		snprintf(buf, size, "HTTPS");
	else if (strcmp(name, "errormsg") == 0)
		snprintf(buf, size, "%s", r->error);
	else if (strcmp(name, "warnings") == 0)
		wo_warnings(r, buf, size);
	else
		buf[0] = '\0';
}

/* The value of variable v as -w prints it (numbers unquoted, the status as three digits). */
static void
wo_value(const struct client_report *r, const struct wo_var *v, char *buf, size_t size)
{
	if (v->kind == WO_TEXT)
		wo_text(r, v->name, buf, size);
	else if (v->kind == WO_SECONDS)
		snprintf(buf, size, "%.6f", wo_seconds(r, v->name));
	else
		snprintf(buf, size, v->kind == WO_CODE ? "%03lld" : "%lld", wo_number(r, v->name));
}

/* %{json}: every variable, in one compact object. */
static void
wo_json(FILE *f, const struct client_report *r)
{
	const struct wo_var *v;
	char val[ERR_MSG_MAX + 64];
	struct json_writer j;

	json_writer_init(&j, f);
	json_object_open(&j, NULL, JSON_COMPACT);
	for (v = wo_vars; v->name != NULL; v++) {
		if (v->kind == WO_TEXT) {
			wo_text(r, v->name, val, sizeof(val));
			json_string_put(&j, v->name, val);
		} else if (v->kind == WO_SECONDS) {
			json_real_put(&j, v->name, wo_seconds(r, v->name));
		} else {
			json_int_put(&j, v->name, wo_number(r, v->name));
		}
	}
	json_close(&j);
	json_writer_finish(&j);
}

static const struct wo_var *
wo_find(const char *name, size_t len)
{
	const struct wo_var *v;

	for (v = wo_vars; v->name != NULL; v++)
		if (strlen(v->name) == len && strncmp(v->name, name, len) == 0)
			return v;
	return NULL;
}

static void
wo_unknown(FILE *err, const char *name, size_t len)
{
	const struct wo_var *v, *best = NULL;
	size_t d, best_d = 3;

	for (v = wo_vars; v->name != NULL; v++) {
		d = opts_distance(name, len, v->name);
		if (d < best_d)
			best = v, best_d = d;
	}
	fprintf(err, "https_client: warning: --write-out: unknown variable '%.*s'%s%s%s\n",
	        (int)len, name, best ? " (did you mean " : "", best ? best->name : "",
	        best ? "?)" : "");
}

/* Handles "%{name}" at p; returns the characters used. */
static size_t
wo_variable(const char *p, const struct client_report *r, FILE **out, FILE *const *streams)
{
	const char *end = strchr(p + 2, '}');
	char val[ERR_MSG_MAX + 64];
	const struct wo_var *v;
	size_t len;

	if (end == NULL) {
		fputs(p, *out);
		return strlen(p);
	}
	len = (size_t)(end - p - 2);
	if (len == 6 && strncmp(p + 2, "stderr", 6) == 0)
		*out = streams[1];
	else if (len == 6 && strncmp(p + 2, "stdout", 6) == 0)
		*out = streams[0];
	else if (len == 4 && strncmp(p + 2, "json", 4) == 0)
		wo_json(*out, r);
	else if ((v = wo_find(p + 2, len)) != NULL) {
		wo_value(r, v, val, sizeof(val));
		fputs(val, *out);
	} else {
		wo_unknown(streams[1], p + 2, len);
		fwrite(p, 1, len + 3, *out);
	}
	return len + 3;
}

void
client_writeout_print(const char *fmt, const struct client_report *r, FILE *out, FILE *err)
{
	static const char escapes[] = "n\nr\rt\t\\\\";
	FILE *const streams[2] = {out, err};
	const char *p, *esc;

	for (p = fmt; *p != '\0';) {
		if (p[0] == '%' && p[1] == '{') {
			p += wo_variable(p, r, &out, streams);
		} else if (p[0] == '%' && p[1] == '%') {
			fputc('%', out);
			p += 2;
		} else if (p[0] == '\\' && p[1] != '\0' && (esc = strchr(escapes, p[1])) != NULL &&
		           (esc - escapes) % 2 == 0) {
			fputc(esc[1], out);
			p += 2;
		} else {
			fputc(*p++, out);
		}
	}
	fflush(streams[0]);
}

int
client_writeout(const char *format, const struct client_report *r, struct err *e)
{
	char *text = NULL;
	size_t len;

	if (format[0] != '@') {
		client_writeout_print(format, r, stdout, stderr);
		return 0;
	}
	if (file_read_all(format + 1, CLIENT_WRITEOUT_MAX, &text, &len, e) == -1) {
		err_prefix(e, "--write-out");
		err_fix(e, "-w takes a format, or @FILE to read it from FILE");
		return err_code(e, DEMO_EXIT_FILE);
	}
	client_writeout_print(text, r, stdout, stderr);
	free(text);
	return 0;
}

void
client_writeout_names(FILE *f)
{
	const struct wo_var *v;

	fputs("--write-out variables: %{json}", f);
	for (v = wo_vars; v->name != NULL; v++)
		fprintf(f, ", %%{%s}", v->name);
	fputs("\n", f);
}
