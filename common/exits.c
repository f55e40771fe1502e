#include "exits.h"

#include <stddef.h>
#include <string.h>

#define C DEMO_PROG_CLIENT
#define S DEMO_PROG_SERVER
#define P DEMO_PROG_PKI

static const struct demo_exit_row exits_rows[] = {
        {DEMO_EXIT_OK, C | S | P, "success"},
        {DEMO_EXIT_INTERNAL, C | S | P,
         "an error with no code of its own (library failure, out of memory)"},
        {DEMO_EXIT_USAGE, C | S | P,
         "usage error: an unknown option, a bad value or URL, a word where --pass wants a "
         "source"},
        {DEMO_EXIT_RESOLVE, C, "the host name did not resolve"},
        {DEMO_EXIT_CONNECT, C, "connection refused or failed"},
        {DEMO_EXIT_TIMEOUT, C, "timeout (--connect-timeout or --max-time)"},
        {DEMO_EXIT_PASSPHRASE, C | S | P, "wrong passphrase for an encrypted key, or none given"},
        {DEMO_EXIT_LISTEN, S,
         "cannot listen: the port is in use, needs root, or the address "
         "is not this machine's"},
        {DEMO_EXIT_EXISTS, P, "an output file exists (--force replaces it)"},
        {DEMO_EXIT_CONFIG, P, "malformed configuration file (FILE:LINE: says where)"},
        {DEMO_EXIT_TLS, C,
         "TLS failed: the handshake (no common protocol or cipher, or other), or a record after "
         "it"},
        {DEMO_EXIT_NO_CERT, C, "the server sent no certificate"},
        {DEMO_EXIT_UNTRUSTED, C | P,
         "untrusted issuer: an unknown CA, or a CA unfit to issue the certificate (not a CA, "
         "a name outside its constraints, path length)"},
        {DEMO_EXIT_SELF_SIGNED, C | P, "self-signed certificate"},
        {DEMO_EXIT_INCOMPLETE, C | P,
         "incomplete chain (the leaf names an intermediate that was not given)"},
        {DEMO_EXIT_EXPIRED, C | S | P, "certificate expired"},
        {DEMO_EXIT_NOT_YET, C | P, "certificate not yet valid"},
        {DEMO_EXIT_NAME, C | P, "name mismatch (host not among the SANs; bad wildcard; no SAN)"},
        {DEMO_EXIT_ROLE, C | P,
         "wrong role (key usage, extended key usage, a CA as a leaf, a root with an EKU)"},
        {DEMO_EXIT_CLIENT_CERT, C, "the server requires a client certificate (or refused ours)"},
        {DEMO_EXIT_PIN, C, "pinned public key mismatch (--pinnedpubkey)"},
        {DEMO_EXIT_REDIRECT, C,
         "redirect refused with -L (other origin, more than 5, or a bad Location)"},
        {DEMO_EXIT_HTTP, C, "HTTP status >= 400 with --fail"},
        {DEMO_EXIT_PROTOCOL, C, "malformed or oversized HTTP response"},
        {DEMO_EXIT_FILE, C | S | P,
         "local file error: missing, unreadable, not what was expected (not PEM, damaged, "
         "the wrong kind, a key not matching its certificate), or cannot be written"},
        {DEMO_EXIT_POLICY, C | S | P,
         "certificate malformed or against policy (format, weak key, SHA-1/MD5 signature)"},
        {DEMO_EXIT_REVOKED, C | P, "certificate revoked: the CRL of its issuer lists its serial"},
        {DEMO_EXIT_REVOKED_TWICE, P, "the certificate is already revoked (revoke)"},
        {DEMO_EXIT_UNKNOWN_SERIAL, P,
         "unknown serial: this CA issued no certificate with it (revoke)"},
        {DEMO_EXIT_CRL_STALE, C | P,
         "CRL out of date: past its nextUpdate, or before its thisUpdate"},
        {DEMO_EXIT_CRL_FOREIGN, C | P,
         "CRL not usable for this path: signed by another CA, or none given for one of the "
         "path's CAs"},
        {0, 0, NULL},
};

const struct demo_exit_row *
exits_table(void)
{
	return exits_rows;
}

const char *
exits_meaning(int code)
{
	const struct demo_exit_row *r;

	for (r = exits_rows; r->meaning != NULL; r++)
		if (r->code == code)
			return r->meaning;
	return NULL;
}

/* Prints text from column 6, wrapped at 79 columns. */
static void
exits_wrap(FILE *f, const char *text)
{
	const char *word = text, *end;
	int col = 6, n;

	while (*word != '\0') {
		end = strchr(word, ' ');
		n = end != NULL ? (int)(end - word) : (int)strlen(word);
		if (col > 6 && col + 1 + n > 79) {
			fputs("\n      ", f);
			col = 6;
		} else if (col > 6) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", n, word);
		col += n;
		word += n;
		while (*word == ' ')
			word++;
	}
	fputc('\n', f);
}

void
exits_usage(FILE *f, unsigned prog)
{
	const struct demo_exit_row *r;

	fputs("exit codes (the same in https_client, https_server and https_pki):\n", f);
	for (r = exits_rows; r->meaning != NULL; r++) {
		if (r->progs & prog) {
			fprintf(f, "  %2d  ", r->code);
			exits_wrap(f, r->meaning);
		}
	}
}

void
exits_default_fix(struct err *e, const char *prog)
{
	if (e->fix[0] != '\0')
		return;
	switch (e->code) {
	case DEMO_EXIT_USAGE:
		err_fix(e, "see %s --help for the options and the values they take", prog);
		break;
	case DEMO_EXIT_PASSPHRASE:
		err_fix(e, "give the passphrase the key was made with: --pass file:PATH, env:VAR, "
		           "fd:N or prompt");
		break;
	case DEMO_EXIT_FILE:
		err_fix(e, "check the path and its permissions (the folder of a file to write must "
		           "exist and be writable)");
		break;
	case DEMO_EXIT_CONFIG:
		err_fix(e, "compare with the commented example, pki/example-config.yaml");
		break;
	default:
		break;
	}
}
