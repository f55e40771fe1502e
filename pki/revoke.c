/*
 * https_pki revoke: a CA takes back a certificate before it expires (a key
 * was stolen, the site closed). Revoking only writes it down in the CA
 * folder; `https_pki crl` then signs the list that clients check. Like
 * OpenSSL's `ca -revoke` with its index.txt, but in two plain lists
 * (revoke.h), so a reader can see them with cat.
 */
#include "revoke.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "certfile.h"
#include "cli.h"
#include "fileio.h"
#include "names.h"
#include "opts.h"
#include "pem.h"
#include "pki.h"
#include "revocation.h"

#define REVOKE_LIST_MAX (4 * 1024 * 1024)

static struct revoke_opts {
	const char *ca_dir, *cert, *serial, *reason, *at;
} revoke_opts;

const char *
pki_revoke_header(int revoked)
{
	return revoked ? "# issuer\tserial\trevoked-at\treason (written by https_pki revoke)\n"
	               : "# issuer\tserial\tnot-after\tsubject (written by https_pki init and "
	                 "issue)\n";
}

/* Upper-case hex of a serial, no leading zeros ("0" for zero). */
static int
revoke_serial_hex(const ASN1_INTEGER *serial, char *buf, size_t size)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
	int ok = hex != NULL && snprintf(buf, size, "%s", hex) < (int)size;

	OPENSSL_free(hex);
	BN_free(bn);
	return ok ? 0 : -1;
}

static void
revoke_time_text(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "?");
}

int
pki_issued_line(X509 *cert, char **buf, size_t *len, struct err *e)
{
	char serial[80], until[40], subject[300], line[500], *p;
	time_t na = 0;
	size_t n;

	if (revoke_serial_hex(X509_get0_serialNumber(cert), serial, sizeof(serial)) == -1 ||
	    pki_asn1_time_get(X509_get0_notAfter(cert), &na, e) == -1)
		return err_set(e, "cannot read the certificate's serial or notAfter");
	revoke_time_text(na, until, sizeof(until));
	X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof(subject));
	for (p = subject; *p != '\0'; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	/* Our intermediates are issued by the root, our leaves by the intermediate. */
	n = (size_t)snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\n",
	                     X509_check_ca(cert) ? "root" : "intermediate", serial, until, subject);
	if ((p = realloc(*buf, *len + n + 1)) == NULL)
		return err_set(e, "out of memory");
	memcpy(p + *len, line, n + 1);
	*buf = p;
	*len += n;
	return 0;
}

/* Appends text to DIR/name (header first when the file is new), atomically. */
static int
revoke_append(const char *ca_dir, const char *name, int revoked, const char *text, size_t n,
              struct err *e)
{
	char path[PATH_MAX], *old = NULL, *all;
	size_t len = 0;
	int rc;

	if (snprintf(path, sizeof(path), "%s/%s", ca_dir, name) >= (int)sizeof(path))
		return err_set(e, "path too long: %s/%s", ca_dir, name);
	if (file_exists(path) && file_read_all(path, REVOKE_LIST_MAX, &old, &len, e) == -1)
		return -1;
	if (old == NULL) {
		const char *h = pki_revoke_header(revoked);
		len = strlen(h);
		if ((old = strdup(h)) == NULL)
			return err_set(e, "out of memory");
	}
	if ((all = realloc(old, len + n + 1)) == NULL) {
		free(old);
		return err_set(e, "out of memory");
	}
	memcpy(all + len, text, n);
	rc = file_write_atomic(path, all, len + n, 0644, 1, e);
	free(all);
	return rc;
}

int
pki_issued_record(const char *ca_dir, X509 *cert, struct err *e)
{
	char *line = NULL;
	size_t len = 0;
	int rc = -1;

	if (pki_issued_line(cert, &line, &len, e) == 0)
		rc = revoke_append(ca_dir, PKI_CA_DIR_ISSUED, 0, line, len, e);
	free(line);
	return rc;
}

/* Splits a tab-separated line into at most max fields; returns how many. */
static int
revoke_fields(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

/* Reads DIR/name and calls each line's fields back; returns 0 or -1. */
static int
revoke_read_list(const char *ca_dir, const char *name, char **text, struct err *e)
{
	char path[PATH_MAX];
	size_t len;

	*text = NULL;
	snprintf(path, sizeof(path), "%s/%s", ca_dir, name);
	if (!file_exists(path))
		return 0;
	return file_read_all(path, REVOKE_LIST_MAX, text, &len, e);
}

int
pki_revoked_load(const char *ca_dir, struct pki_revoked **out, int *n, struct err *e)
{
	char *text = NULL, *line, *next, *f[4];
	struct pki_revoked *v = NULL, *grown;
	int lineno = 0, rc = -1;

	*out = NULL;
	*n = 0;
	if (revoke_read_list(ca_dir, PKI_CA_DIR_REVOKED, &text, e) == -1)
		return -1;
	for (line = text; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((grown = realloc(v, (size_t)(*n + 1) * sizeof(*v))) == NULL) {
			err_set(e, "out of memory");
			goto done;
		}
		v = grown;
		memset(&v[*n], 0, sizeof(v[*n]));
		if (revoke_fields(line, f, 4) != 4 || strlen(f[0]) >= sizeof(v->issuer) ||
		    strlen(f[1]) >= sizeof(v->serial) ||
		    pki_time_parse(f[2], &v[*n].when, e) == -1 ||
		    (v[*n].reason = policy_crl_reason_parse(f[3])) < 0) {
			err_code(e, DEMO_EXIT_FILE);
			err_set(e, "%s/%s:%d: not 'issuer<TAB>serial<TAB>time<TAB>reason'", ca_dir,
			        PKI_CA_DIR_REVOKED, lineno);
			err_fix(e,
			        "correct or delete that line (https_pki revoke writes the file)");
			goto done;
		}
		snprintf(v[*n].issuer, sizeof(v->issuer), "%s", f[0]);
		snprintf(v[*n].serial, sizeof(v->serial), "%s", f[1]);
		(*n)++;
	}
	*out = v;
	v = NULL;
	rc = 0;
done:
	free(v);
	free(text);
	return rc;
}

/* --serial as upper-case hex without colons or 0x; -1 when it is not hex. */
static int
revoke_serial_parse(const char *s, char *buf, size_t size)
{
	BIGNUM *bn = NULL;
	char clean[200], *hex;
	size_t n = 0;
	int ok;

	if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
		s += 2;
	for (; *s != '\0' && n + 1 < sizeof(clean); s++)
		if (*s != ':')
			clean[n++] = *s;
	clean[n] = '\0';
	if (n == 0 || n + 1 >= sizeof(clean) || strspn(clean, "0123456789abcdefABCDEF") != n ||
	    BN_hex2bn(&bn, clean) == 0)
		return -1;
	hex = BN_bn2hex(bn);
	ok = hex != NULL && snprintf(buf, size, "%s", hex) < (int)size;
	OPENSSL_free(hex);
	BN_free(bn);
	return ok ? 0 : -1;
}

/*
 * Which of the CA's two certificates issued cert (signature checked):
 * "intermediate" or "root"; NULL when neither did.
 */
static const char *
revoke_issuer_of(const char *ca_dir, X509 *cert, struct err *e)
{
	static const char *const roles[] = {"intermediate", "root"};
	const char *files[] = {PKI_CA_DIR_INTER_CERT, PKI_CA_DIR_ROOT_CERT};
	char path[PATH_MAX];
	X509 *ca;
	int i, ok;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", ca_dir, files[i]);
		if (!file_exists(path))
			continue;
		if ((ca = pki_cert_load(path, e)) == NULL)
			return NULL;
		ok = X509_check_issued(ca, cert) == X509_V_OK &&
		     X509_verify(cert, X509_get0_pubkey(ca)) == 1;
		ERR_clear_error();
		X509_free(ca);
		if (ok)
			return roles[i];
	}
	return NULL;
}

/* The issued.tsv entry of serial: its issuer and subject; 0 found, 1 not. */
static int
revoke_find_issued(const char *ca_dir, const char *serial, char *issuer, size_t isize,
                   char *subject, size_t ssize, struct err *e)
{
	char *text = NULL, *line, *next, *f[4];
	int found = 1;

	if (revoke_read_list(ca_dir, PKI_CA_DIR_ISSUED, &text, e) == -1)
		return -1;
	for (line = text; found && line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] != '#' && revoke_fields(line, f, 4) == 4 && strcmp(f[1], serial) == 0) {
			snprintf(issuer, isize, "%s", f[0]);
			snprintf(subject, ssize, "%s", f[3]);
			found = 0;
		}
	}
	free(text);
	return found;
}

/* Finds what to revoke: serial, issuer and a subject for the messages. */
static int
revoke_target(const struct revoke_opts *o, char *serial, size_t size, char *issuer, char *subject,
              struct err *e)
{
	const char *role;
	X509 *cert;
	int rc;

	if (o->cert != NULL) {
		if ((cert = pki_cert_load(o->cert, e)) == NULL)
			return -1;
		revoke_serial_hex(X509_get0_serialNumber(cert), serial, size);
		X509_NAME_oneline(X509_get_subject_name(cert), subject, 300);
		role = revoke_issuer_of(o->ca_dir, cert, e);
		X509_free(cert);
		if (role == NULL && e->msg[0] != '\0')
			return -1;
		if (role != NULL) {
			snprintf(issuer, 16, "%s", role);
			return 0;
		}
		err_code(e, DEMO_EXIT_UNKNOWN_SERIAL);
		err_set(e, "%s (serial %s, '%s') was not issued by the CA in %s", o->cert, serial,
		        subject, o->ca_dir);
		return err_fix(e,
		               "revoke it with the CA that issued it: --ca-dir of that CA's "
		               "private_ca folder (https_pki inspect %s shows its issuer)",
		               o->cert);
	}
	if (revoke_serial_parse(o->serial, serial, size) == -1) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "--serial: '%s' is not a hexadecimal serial number", o->serial);
		return err_fix(e, "give the serial as https_pki inspect shows it (hex, colons "
		                  "allowed), or give the certificate: --cert FILE");
	}
	if ((rc = revoke_find_issued(o->ca_dir, serial, issuer, 16, subject, 300, e)) == -1)
		return -1;
	if (rc == 0)
		return 0;
	err_code(e, DEMO_EXIT_UNKNOWN_SERIAL);
	err_set(e,
	        "unknown serial %s: the CA in %s issued no certificate with it (%s/%s lists "
	        "what it issued)",
	        serial, o->ca_dir, o->ca_dir, PKI_CA_DIR_ISSUED);
	return err_fix(e,
	               "check the serial (https_pki inspect CERT shows it), or give the "
	               "certificate itself: https_pki revoke --ca-dir %s --cert FILE",
	               o->ca_dir);
}

static int
revoke_run(const struct revoke_opts *o, struct err *e)
{
	char serial[80], issuer[16] = "", subject[300] = "", when[40], line[300], ctl[PATH_MAX];
	struct pki_revoked *list = NULL;
	int i, n = 0, reason = 0, rc = -1;
	time_t at = time(NULL);

	err_code(e, DEMO_EXIT_USAGE);
	if (o->ca_dir == NULL)
		return err_set(e,
		               "revoke needs --ca-dir DIR (the CA folder, init's DIR/private_ca)");
	if ((o->cert == NULL) == (o->serial == NULL)) {
		err_set(e, "revoke needs one of --cert FILE or --serial HEX");
		return err_fix(e, "https_pki revoke --ca-dir DIR/private_ca --cert LEAF.pem "
		                  "--reason keyCompromise");
	}
	if (o->reason != NULL &&
	    ((reason = policy_crl_reason_parse(o->reason)) < 0 || reason == 8)) {
		err_set(e, "--reason: '%s' is not a reason a CRL entry takes%s", o->reason,
		        reason == 8 ? " (removeFromCRL belongs to delta CRLs)" : "");
		return err_fix(e, "use one of unspecified, keyCompromise, cACompromise, "
		                  "affiliationChanged, superseded, cessationOfOperation, "
		                  "certificateHold, privilegeWithdrawn, aACompromise");
	}
	if (o->at != NULL && pki_time_parse(o->at, &at, e) == -1)
		return -1;
	e->code = 0;
	snprintf(ctl, sizeof(ctl), "%s/%s", o->ca_dir, PKI_CA_DIR_INTER_CERT);
	if (!file_exists(ctl)) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s holds no CA (%s is missing)", o->ca_dir, ctl);
		return err_fix(e, "give the CA folder: --ca-dir DIR/private_ca (made by https_pki "
		                  "init --dir DIR)");
	}
	if (revoke_target(o, serial, sizeof(serial), issuer, subject, e) == -1 ||
	    pki_revoked_load(o->ca_dir, &list, &n, e) == -1)
		goto done;
	for (i = 0; i < n; i++)
		if (strcmp(list[i].serial, serial) == 0 && strcmp(list[i].issuer, issuer) == 0) {
			revoke_time_text(list[i].when, when, sizeof(when));
			err_code(e, DEMO_EXIT_REVOKED_TWICE);
			err_set(e,
			        "serial %s is already revoked (on %s, reason %s); nothing changed",
			        serial, when, policy_crl_reason_name(list[i].reason));
			err_fix(e,
			        "publish the revocation if not done yet: https_pki crl --ca-dir %s "
			        "--ca-pass SOURCE",
			        o->ca_dir);
			goto done;
		}
	revoke_time_text(at, when, sizeof(when));
	snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\n", issuer, serial, when,
	         policy_crl_reason_name(reason));
	if (revoke_append(o->ca_dir, PKI_CA_DIR_REVOKED, 1, line, strlen(line), e) == -1)
		goto done;
	printf("https_pki: revoked serial %s (%s), issued by the %s CA, on %s, reason %s\n"
	       "  recorded in %s/%s; clients learn of it only from the next CRL:\n"
	       "  https_pki crl --ca-dir %s --ca-pass SOURCE\n",
	       serial, subject[0] ? subject : "subject not recorded", issuer, when,
	       policy_crl_reason_name(reason), o->ca_dir, PKI_CA_DIR_REVOKED, o->ca_dir);
	rc = 0;
done:
	free(list);
	return rc;
}

static int
revoke_main(void *opts, int argc, char **argv, struct err *e)
{
	(void)argc, (void)argv;
	return revoke_run(opts, e);
}

static const struct opt revoke_options[] = {
        {"ca-dir", 0, "DIR", "the CA folder (init's DIR/private_ca)", OPT_STRING,
         &revoke_opts.ca_dir, 0, 0, NULL},
        {"cert", 0, "FILE", "the certificate to revoke (its first one)", OPT_STRING,
         &revoke_opts.cert, 0, 0, NULL},
        {"serial", 0, "HEX", "or its serial number (as inspect shows it)", OPT_STRING,
         &revoke_opts.serial, 0, 0, NULL},
        {"reason", 0, "NAME",
         "keyCompromise, superseded, cessationOfOperation, ... (default unspecified)", OPT_STRING,
         &revoke_opts.reason, 0, 0, NULL},
        {"at", 0, "TIME", "the revocation time (UTC; default now)", OPT_STRING, &revoke_opts.at, 0,
         0, NULL},
        PKI_OPT_END,
};

const struct pki_cmd pki_revoke_cmd = {
        .name = "revoke",
        .summary = "record that the CA revokes a certificate (a stolen key)",
        .synopsis = "--ca-dir DIR (--cert FILE | --serial HEX) [--reason NAME] [--at TIME]",
        .about = "Records that the CA of DIR (init's DIR/private_ca) revokes a certificate it\n"
                 "issued: a leaf (signed by the intermediate) or the intermediate (signed by\n"
                 "the root). It appends a line to DIR/revoked.tsv; nothing is signed yet:\n"
                 "https_pki crl publishes the list. --serial is looked up in DIR/issued.tsv\n"
                 "(what init and issue made); --cert checks the signature. REASON is an RFC\n"
                 "5280 reason (default unspecified): keyCompromise when a key was stolen.\n"
                 "Exit 27 when it is already revoked, 28 when this CA did not issue it.",
        .min_operands = 0,
        .max_operands = 0,
        .options = revoke_options,
        .opts = &revoke_opts,
        .run = revoke_main,
};
