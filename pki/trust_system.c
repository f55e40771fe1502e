/*
 * https_pki trust / untrust --system: Debian's system store, which curl,
 * wget, OpenSSL and GnuTLS programs read. A root goes in as a file in
 * /usr/local/share/ca-certificates, and update-ca-certificates links it
 * into /etc/ssl/certs; both need root.
 */
#include "trust_system.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fileio.h"
#include "pki.h"
#include "trust_ca.h"
#include "trust_run.h"

#define TRUST_SYSTEM_LINKS "/etc/ssl/certs"

/* fresh: rebuild every link, which is what drops the link of a removed file. */
static int
trust_system_update(int fresh, struct err *e)
{
	const char *argv[] = {PKI_TRUST_UPDATE_CA, fresh ? "--fresh" : NULL, NULL};
	char *out = NULL;
	int rc = pki_trust_run(argv, NULL, 0, &out, e);

	if (rc > 0)
		pki_trust_tool_failed(e, PKI_TRUST_UPDATE_CA, out);
	free(out);
	return rc == 0 ? 0 : -1;
}

/* Returns 1 if file holds ca, 0 if it holds something else, -1 if it cannot be read. */
static int
trust_file_holds(const char *file, const struct pki_trust_ca *ca)
{
	char *buf = NULL;
	size_t len;
	struct err e = {0};
	int same;

	if (file_read_all(file, PKI_INPUT_MAX, &buf, &len, &e) == -1)
		return -1;
	same = pki_trust_pem_has(buf, ca);
	free(buf);
	return same;
}

/* Returns 1 if link resolves to file (update-ca-certificates has taken it in). */
static int
trust_system_linked(const char *file, const char *link)
{
	char real_file[PATH_MAX], real_link[PATH_MAX];

	return realpath(file, real_file) != NULL && realpath(link, real_link) != NULL &&
	       strcmp(real_file, real_link) == 0;
}

int
pki_trust_system_add(const struct pki_trust_ca *ca, struct err *e)
{
	char file[PATH_MAX], link[PATH_MAX];
	int held;

	snprintf(file, sizeof(file), "%s/%s.crt", PKI_TRUST_SYSTEM_DIR, ca->slug);
	snprintf(link, sizeof(link), "%s/%s.pem", TRUST_SYSTEM_LINKS, ca->slug);
	held = file_exists(file) ? trust_file_holds(file, ca) : -2;
	if (held == 0 || held == -1) {
		err_set(e, "%s already exists and holds another certificate; left alone", file);
		return err_fix(e, "pick another --name NICK");
	}
	if (held == -2 && (file_mkdirs(PKI_TRUST_SYSTEM_DIR, 0755, e) == -1 ||
	                   file_write_atomic(file, ca->pem, ca->pem_len, 0644, 0, e) == -1))
		return -1;
	if (!(held == 1 && trust_system_linked(file, link)) && trust_system_update(0, e) == -1)
		return -1;
	if (!trust_system_linked(file, link)) {
		err_set(e, "%s did not link %s as %s", PKI_TRUST_UPDATE_CA, file, link);
		return err_fix(e, "check /etc/ca-certificates.conf and run %s -v",
		               PKI_TRUST_UPDATE_CA);
	}
	printf("%-10s %s -> %s (system store)\n", held == 1 ? "ok:" : "added:", link, file);
	return 0;
}

int
pki_trust_system_remove(const struct pki_trust_ca *ca, struct err *e)
{
	char file[PATH_MAX], link[PATH_MAX];
	struct stat st;
	int held;

	snprintf(file, sizeof(file), "%s/%s.crt", PKI_TRUST_SYSTEM_DIR, ca->slug);
	snprintf(link, sizeof(link), "%s/%s.pem", TRUST_SYSTEM_LINKS, ca->slug);
	if (!file_exists(file)) {
		printf("ok:        %s was not there (system store)\n", file);
		return 0;
	}
	held = trust_file_holds(file, ca);
	if (held != 1)
		return err_set(e, "%s holds another certificate; left alone", file);
	if (unlink(file) == -1)
		return err_set_errno(e, "cannot remove %s", file);
	if (trust_system_update(1, e) == -1)
		return -1;
	if (lstat(link, &st) == 0)
		return err_set(e, "%s is still there after %s", link, PKI_TRUST_UPDATE_CA);
	printf("removed:   %s (system store)\n", file);
	return 0;
}
