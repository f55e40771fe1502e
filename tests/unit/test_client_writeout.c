/* Unit tests for client/writeout.c: -w/--write-out formats and curl's variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "writeout.h"

static struct client_report rep;

static void
report_init(void)
{
	memset(&rep, 0, sizeof(rep));
	rep.url = "https://localhost:8443/";
	snprintf(rep.address, sizeof(rep.address), "127.0.0.1");
	rep.port = 8443;
	rep.http_status = 200;
	rep.body_bytes = 1234;
	rep.connections = 1;
	rep.t_lookup = 0.001;
	rep.t_connect = 0.002;
	rep.t_tls = 0.0105;
	rep.t_first_byte = 0.012;
	rep.t_total = 0.0125;
}

/* Runs fmt; returns what went to "stdout" in out, to "stderr" in err (caller frees). */
static void
run(const char *fmt, char **out, char **err)
{
	size_t olen = 0, elen = 0;
	FILE *o = open_memstream(out, &olen), *e = open_memstream(err, &elen);

	client_writeout_print(fmt, &rep, o, e);
	fclose(o);
	fclose(e);
}

static void
test_formats(void)
{
	static const struct {
		const char *fmt, *want_out, *want_err;
	} cases[] = {
	        {"%{http_code}", "200", ""},
	        {"%{response_code}\\n", "200\n", ""},
	        {"%{size_download} %{num_connects}", "1234 1", ""},
	        {"%{remote_ip}:%{remote_port}", "127.0.0.1:8443", ""},
	        {"%{time_appconnect}", "0.010500", ""},
	        {"%{time_total}s", "0.012500s", ""},
	        {"%{url_effective}", "https://localhost:8443/", ""},
	        {"%{scheme} %{exitcode}", "HTTPS 0", ""},
	        {"100%% \\t|", "100% \t|", ""},
	        {"a%{stderr}b%{stdout}c", "ac", "b"},
	        {"%{ssl_verify_result}", "0", ""},
	        /* Unknown, unterminated and not-a-variable text is printed as is. */
	        {"%{nope}", "%{nope}", "unknown variable 'nope'"},
	        {"%{http_code", "%{http_code", ""},
	        {"%x \\q", "%x \\q", ""},
	        {"%{htp_code}", "%{htp_code}", "did you mean http_code?"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL, *err = NULL;

		report_init();
		run(cases[i].fmt, &out, &err);
		if (strcmp(out, cases[i].want_out) != 0)
			fprintf(stderr, "case %zu: got '%s'\n", i, out);
		UNIT_CHECK_STR(out, cases[i].want_out);
		UNIT_CHECK(strstr(err, cases[i].want_err) != NULL);
		free(out);
		free(err);
	}
}

/* ssl_verify_result: OpenSSL's X509_V_ERR numbers, from the failed check or the exit code. */
static void
test_verify_result(void)
{
	char *out = NULL, *err = NULL;

	report_init();
	rep.checks[CLIENT_CHECK_NAME].state = CLIENT_CHECK_FAILED;
	run("%{ssl_verify_result}", &out, &err);
	UNIT_CHECK_STR(out, "62");
	free(out);
	free(err);
	report_init();
	rep.exit_code = DEMO_EXIT_EXPIRED;
	rep.http_status = 0;
	run("%{ssl_verify_result} %{http_code}", &out, &err);
	UNIT_CHECK_STR(out, "10 000");
	free(out);
	free(err);
	/* --insecure (exit 0): the first failed check, by its code; the pin is not verification. */
	report_init();
	rep.checks[CLIENT_CHECK_TRUST].state = CLIENT_CHECK_FAILED;
	rep.checks[CLIENT_CHECK_TRUST].code = DEMO_EXIT_SELF_SIGNED;
	rep.checks[CLIENT_CHECK_NAME].state = CLIENT_CHECK_FAILED;
	rep.checks[CLIENT_CHECK_NAME].code = DEMO_EXIT_NAME;
	run("%{ssl_verify_result}", &out, &err);
	UNIT_CHECK_STR(out, "18");
	free(out);
	free(err);
	report_init();
	rep.checks[CLIENT_CHECK_POLICY].state = CLIENT_CHECK_FAILED;
	rep.checks[CLIENT_CHECK_POLICY].code = DEMO_EXIT_POLICY;
	run("%{ssl_verify_result}", &out, &err);
	UNIT_CHECK_STR(out, "1");
	free(out);
	free(err);
	report_init();
	rep.checks[CLIENT_CHECK_PIN].state = CLIENT_CHECK_FAILED;
	rep.checks[CLIENT_CHECK_PIN].code = DEMO_EXIT_PIN;
	run("%{ssl_verify_result}", &out, &err);
	UNIT_CHECK_STR(out, "0");
	free(out);
	free(err);
	/* A skipped check is not a failure: not checked, and nothing failed, is 0. */
	report_init();
	rep.checks[CLIENT_CHECK_VALIDITY].state = CLIENT_CHECK_NOT_RUN;
	run("%{ssl_verify_result}", &out, &err);
	UNIT_CHECK_STR(out, "0");
	free(out);
	free(err);
	UNIT_CHECK_STR(client_check_state_name(CLIENT_CHECK_NOT_RUN), "not checked");
	UNIT_CHECK_STR(client_check_state_name(CLIENT_CHECK_OK), "ok");
	UNIT_CHECK_STR(client_check_state_name(CLIENT_CHECK_FAILED), "failed");
}

static void
test_json(void)
{
	char *out = NULL, *err = NULL;

	report_init();
	snprintf(rep.error, sizeof(rep.error), "say \"hi\"\n");
	run("%{json}", &out, &err);
	UNIT_CHECK(out[0] == '{' && out[strlen(out) - 1] == '}');
	UNIT_CHECK(strstr(out, "\"http_code\":200,") != NULL);
	UNIT_CHECK(strstr(out, "\"time_total\":0.012500") != NULL);
	UNIT_CHECK(strstr(out, "\"remote_ip\":\"127.0.0.1\"") != NULL);
	UNIT_CHECK(strstr(out, "\"errormsg\":\"say \\\"hi\\\"\\u000a\"") != NULL);
	free(out);
	free(err);
}

int
main(void)
{
	test_formats();
	test_verify_result();
	test_json();
	return unit_done();
}
