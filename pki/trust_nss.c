/*
 * https_pki trust / untrust: the NSS databases a browser reads. Chromium and
 * Chrome read $HOME/.pki/nssdb (the snap its own copy), Firefox its
 * profile's cert9.db; certutil (libnss3-tools) edits both. After every
 * change the entry is read back: it only counts when its SSL trust shows
 * "Trusted CA" (the C flag); a CA present with "Valid CA" alone is not
 * trusted to vouch for web servers.
 */
#include "trust_nss.h"

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "fileio.h"
#include "trust_ca.h"
#include "trust_parse.h"
#include "trust_run.h"

#define TRUST_NSS_FLAGS "C,,"
#define TRUST_DB_MAX    32
#define TRUST_LIST_MAX  256 /* entries of a listing we compare against */

struct trust_db {
	char dir[PATH_MAX];
	char arg[PATH_MAX + 8]; /* "sql:DIR" for certutil -d */
	const char *what;
	int create;
};

struct trust_dbs {
	struct trust_db v[TRUST_DB_MAX];
	int n;
};

enum trust_state {
	TRUST_ABSENT,   /* no certificate has the nickname */
	TRUST_PRESENT,  /* ours has it */
	TRUST_CONFLICT, /* another certificate has it */
};

static void
trust_dbs_add(struct trust_dbs *dbs, const char *dir, const char *what, int create)
{
	struct trust_db *db;

	if (dbs->n >= TRUST_DB_MAX)
		return;
	db = &dbs->v[dbs->n++];
	snprintf(db->dir, sizeof(db->dir), "%s", dir);
	snprintf(db->arg, sizeof(db->arg), "sql:%s", dir);
	db->what = what;
	db->create = create;
}

/* Adds each existing database (a folder with cert9.db) matching HOME/pattern. */
static void
trust_dbs_add_glob(struct trust_dbs *dbs, const char *home, const char *pattern, const char *what)
{
	char pat[PATH_MAX];
	glob_t g;
	size_t i;

	snprintf(pat, sizeof(pat), "%s/%s/cert9.db", home, pattern);
	if (glob(pat, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		char *slash = strrchr(g.gl_pathv[i], '/');

		*slash = '\0';
		trust_dbs_add(dbs, g.gl_pathv[i], what, 0);
	}
	globfree(&g);
}

/* The databases to act on: --nssdb alone, or Chromium's and every Firefox profile. */
static int
trust_dbs_collect(const char *nssdb, int create, struct trust_dbs *dbs, struct err *e)
{
	const char *home = getenv("HOME");
	char dir[PATH_MAX];

	dbs->n = 0;
	if (nssdb != NULL) {
		trust_dbs_add(dbs, nssdb, "NSS database", create);
		return 0;
	}
	if (home == NULL || *home == '\0') {
		err_set(e, "HOME is not set, so the browsers' databases cannot be found");
		return err_fix(e, "set HOME, or name the database: --nssdb DIR");
	}
	snprintf(dir, sizeof(dir), "%s/.pki/nssdb", home);
	trust_dbs_add(dbs, dir, "Chromium, Chrome", create);
	trust_dbs_add_glob(dbs, home, "snap/chromium/current/.pki/nssdb", "Chromium snap");
	trust_dbs_add_glob(dbs, home, ".mozilla/firefox/*", "Firefox profile");
	trust_dbs_add_glob(dbs, home, "snap/firefox/common/.mozilla/firefox/*", "Firefox profile");
	return 0;
}

static int
trust_db_exists(const struct trust_db *db)
{
	char file[PATH_MAX + 16];

	snprintf(file, sizeof(file), "%s/cert9.db", db->dir);
	return file_exists(file);
}

/*
 * Refuses a database (or, before it exists, the nearest existing folder above
 * it) owned by another user: `sudo https_pki trust` with the user's HOME
 * would leave files the browser can no longer open.
 */
static int
trust_db_owned(const struct trust_db *db, struct err *e)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", db->dir);
	while (stat(dir, &st) == -1 && (slash = strrchr(dir, '/')) != NULL && slash != dir)
		*slash = '\0';
	if (stat(dir, &st) == -1 || st.st_uid == geteuid())
		return 0;
	err_set(e, "%s belongs to user %ld, not to the user running this (%ld)", dir,
	        (long)st.st_uid, (long)geteuid());
	return err_fix(e, "run it as that user, without sudo");
}

/* Creates an empty database without a password (as Chromium does on first start). */
static int
trust_db_create(const struct trust_db *db, struct err *e)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, "-N", "-d", db->arg, "--empty-password", NULL};
	char *out = NULL;
	int rc;

	if (file_mkdirs(db->dir, 0700, e) == -1)
		return -1;
	rc = pki_trust_run(argv, NULL, 0, &out, e);
	if (rc > 0)
		pki_trust_tool_failed(e, "certutil -N (create the database)", out);
	free(out);
	return rc == 0 ? 0 : -1;
}

/* Finds out who holds nick in db. */
static int
trust_nss_lookup(const struct trust_db *db, const struct pki_trust_ca *ca, const char *nick,
                 enum trust_state *state, struct err *e)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, "-L", "-d", db->arg, "-n", nick, "-a", NULL};
	char *out = NULL;
	int rc = pki_trust_run(argv, NULL, 0, &out, e), ret = 0;

	if (rc == 0)
		*state = pki_trust_pem_has(out, ca) ? TRUST_PRESENT : TRUST_CONFLICT;
	else if (rc > 0 && (strstr(out, "not find") != NULL || strstr(out, "NOT_FOUND") != NULL))
		*state = TRUST_ABSENT;
	else if (rc > 0)
		ret = pki_trust_tool_failed(e, "certutil -L (read the database)", out);
	else
		ret = -1;
	free(out);
	return ret;
}

/* Reads the SSL trust bits of nick back from db (a PKI_TRUST_SSL_* mask). */
static int
trust_nss_ssl_flags(const struct trust_db *db, const char *nick, struct err *e)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, "-L", "-d", db->arg, "-n", nick, NULL};
	char *out = NULL;
	int rc = pki_trust_run(argv, NULL, 0, &out, e), mask = -1;

	if (rc > 0)
		pki_trust_tool_failed(e, "certutil -L -n (read the trust back)", out);
	else if (rc == 0 && (mask = pki_trust_parse_ssl_flags(out)) == -1)
		err_set(e, "certutil -L -n %s printed no \"SSL Flags\" section", nick);
	free(out);
	return mask;
}

/* Runs certutil with the given action on nick (-A with ca's PEM on stdin, -M, -D). */
static int
trust_nss_change(const struct trust_db *db, const struct pki_trust_ca *ca, const char *action,
                 struct err *e)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, action, "-d", db->arg, "-n", ca->nick, "-t",
	                      TRUST_NSS_FLAGS,    NULL};
	char *out = NULL;
	char what[64];
	int rc;

	if (strcmp(action, "-D") == 0)
		argv[6] = NULL;
	rc = pki_trust_run(argv, strcmp(action, "-A") == 0 ? ca->pem : NULL, ca->pem_len, &out, e);
	if (rc > 0) {
		snprintf(what, sizeof(what), "certutil %s", action);
		pki_trust_tool_failed(e, what, out);
		if (strstr(out, "assword") != NULL)
			err_fix(e,
			        "the database has a password; run certutil yourself (see --print)");
	}
	free(out);
	return rc == 0 ? 0 : -1;
}

/*
 * Looks for ca under any other nickname (imported by hand, or by another
 * tool): NSS keeps one entry per certificate, so adding it again would only
 * rewrite that entry's trust. Returns 1 and fills other/attrs when found.
 */
static int
trust_nss_find_other(const struct trust_db *db, const struct pki_trust_ca *ca, char *other,
                     char *attrs, struct err *e)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, "-L", "-d", db->arg, NULL};
	char *out = NULL;
	const char *cur;
	enum trust_state st;
	int found = 0, n = 0;

	if (pki_trust_run(argv, NULL, 0, &out, e) != 0) {
		free(out);
		return 0; /* the lookup of our own nickname worked; do not fail on this */
	}
	for (cur = out; !found && n < TRUST_LIST_MAX &&
	                pki_trust_list_next(&cur, other, PKI_TRUST_NICK_MAX, attrs, 16) == 1;
	     n++)
		found = strcmp(other, ca->nick) != 0 &&
		        trust_nss_lookup(db, ca, other, &st, e) == 0 && st == TRUST_PRESENT;
	free(out);
	return found;
}

/*
 * certutil -A stores the certificate before it sets the trust, which needs
 * the database's password when it has one: take away a half-made entry.
 */
static void
trust_nss_undo_add(const struct trust_db *db, const struct pki_trust_ca *ca)
{
	struct err e = {0};
	enum trust_state st;

	if (trust_nss_lookup(db, ca, ca->nick, &st, &e) == 0 && st == TRUST_PRESENT)
		trust_nss_change(db, ca, "-D", &e);
}

/* ca is already in db as other: fine when that entry is trusted for websites. */
static int
trust_nss_add_other(const struct trust_db *db, const char *other, const char *attrs, struct err *e)
{
	if (pki_trust_attrs_ssl_trusted(attrs) == 1) {
		printf("ok:        %s (%s): already trusted as \"%s\" (%s), which untrust "
		       "leaves alone\n",
		       db->arg, db->what, other, attrs);
		return 0;
	}
	err_set(e,
	        "%s: this root is already there as \"%s\" with trust \"%s\", not "
	        "trusted for websites",
	        db->arg, other, attrs);
	return err_fix(e, "certutil -d %s -M -n \"%s\" -t C,,", db->arg, other);
}

/*
 * Unless ca's entry (state st) already has "Trusted CA", adds it or sets
 * its trust, and sets *added. Returns the SSL trust read back, or -1.
 */
static int
trust_nss_set(const struct trust_db *db, const struct pki_trust_ca *ca, enum trust_state st,
              int *added, struct err *e)
{
	int mask = st == TRUST_PRESENT ? trust_nss_ssl_flags(db, ca->nick, e) : 0;

	if (mask == -1 || (mask & PKI_TRUST_SSL_TRUSTED_CA))
		return mask;
	if (trust_nss_change(db, ca, st == TRUST_PRESENT ? "-M" : "-A", e) == -1) {
		if (st == TRUST_ABSENT)
			trust_nss_undo_add(db, ca);
		return -1;
	}
	*added = 1;
	return trust_nss_ssl_flags(db, ca->nick, e);
}

static int
trust_nss_add(const struct trust_db *db, const struct pki_trust_ca *ca, struct err *e)
{
	enum trust_state st;
	char other[PKI_TRUST_NICK_MAX], attrs[16], flags[96];
	int mask, added = 0;

	if (trust_db_owned(db, e) == -1)
		return -1;
	if (!trust_db_exists(db) && trust_db_create(db, e) == -1)
		return -1;
	if (trust_nss_lookup(db, ca, ca->nick, &st, e) == -1)
		return -1;
	if (st == TRUST_CONFLICT) {
		err_set(e, "%s: another certificate is already named \"%s\"; left alone", db->arg,
		        ca->nick);
		return err_fix(e, "pick another --name NICK");
	}
	if (st == TRUST_ABSENT && trust_nss_find_other(db, ca, other, attrs, e))
		return trust_nss_add_other(db, other, attrs, e);
	mask = trust_nss_set(db, ca, st, &added, e);
	if (mask == -1)
		return -1;
	pki_trust_ssl_flags_str(mask, flags, sizeof(flags));
	if (!(mask & PKI_TRUST_SSL_TRUSTED_CA)) {
		err_set(e, "%s: \"%s\" is present but NOT trusted for websites (SSL: %s)", db->arg,
		        ca->nick, flags);
		return err_fix(e, "certutil -d %s -M -n \"%s\" -t C,,", db->arg, ca->nick);
	}
	printf("%-10s %s (%s): trusted for websites (SSL: %s)\n", added ? "added:" : "ok:", db->arg,
	       db->what, flags);
	return 0;
}

/* After removing ours (or finding nothing), points at older demo roots left behind. */
static void
trust_nss_hint_stale(const struct trust_db *db, const struct pki_trust_ca *ca)
{
	const char *argv[] = {PKI_TRUST_CERTUTIL, "-L", "-d", db->arg, NULL};
	char *out = NULL, nick[PKI_TRUST_NICK_MAX], attrs[16];
	const char *cur;
	size_t stem = strlen(ca->nick) - 2 * PKI_TRUST_FPR_BYTES; /* "CN " */
	struct err e = {0};

	if (!ca->derived || pki_trust_run(argv, NULL, 0, &out, &e) != 0) {
		free(out);
		return;
	}
	for (cur = out; pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs));)
		if (strncmp(nick, ca->nick, stem) == 0 && strlen(nick) == strlen(ca->nick) &&
		    strcmp(nick, ca->nick) != 0)
			printf("note:      %s still holds \"%s\", an older root with the same "
			       "name; "
			       "remove it with: certutil -d %s -D -n \"%s\"\n",
			       db->arg, nick, db->arg, nick);
	free(out);
}

static int
trust_nss_remove(const struct trust_db *db, const struct pki_trust_ca *ca, struct err *e)
{
	enum trust_state st = TRUST_ABSENT;
	int removed = 0, i;

	if (!trust_db_exists(db)) {
		printf("ok:        %s (%s): no database, nothing to remove\n", db->arg, db->what);
		return 0;
	}
	if (trust_db_owned(db, e) == -1)
		return -1;
	/* NSS may keep more than one entry under a nickname; remove each of ours. */
	for (i = 0; i < 8; i++) {
		if (trust_nss_lookup(db, ca, ca->nick, &st, e) == -1)
			return -1;
		if (st != TRUST_PRESENT)
			break;
		if (trust_nss_change(db, ca, "-D", e) == -1)
			return -1;
		removed = 1;
	}
	if (st == TRUST_PRESENT)
		return err_set(e, "%s: \"%s\" is still there after removal", db->arg, ca->nick);
	if (st == TRUST_CONFLICT)
		printf("note:      %s: \"%s\" names another certificate; left alone\n", db->arg,
		       ca->nick);
	printf("%-10s %s (%s): \"%s\" %s\n", removed ? "removed:" : "ok:", db->arg, db->what,
	       ca->nick, removed ? "is gone" : "was not there");
	trust_nss_hint_stale(db, ca);
	return 0;
}

int
pki_trust_nss_all(const char *nssdb, const struct pki_trust_ca *ca, int removing)
{
	struct trust_dbs dbs;
	struct err e = {0};
	int i, failed = 0, firefox = 0;

	if (trust_dbs_collect(nssdb, !removing, &dbs, &e) == -1)
		return pki_fail(&e);
	for (i = 0; i < dbs.n; i++) {
		err_clear(&e);
		if ((removing ? trust_nss_remove : trust_nss_add)(&dbs.v[i], ca, &e) == -1)
			failed = pki_fail(&e);
		firefox |= strcmp(dbs.v[i].what, "Firefox profile") == 0;
	}
	if (firefox)
		printf("note:      restart Firefox so that it reads the change\n");
	return failed;
}
