/*
 * https_pki trust / untrust: put the demo root into the trust stores a
 * browser reads, prove it is trusted for websites, and take it out again.
 *
 *   NSS databases   Chromium/Chrome read $HOME/.pki/nssdb, Firefox its
 *                   profile's cert9.db; certutil (libnss3-tools) edits both.
 *   system store    /usr/local/share/ca-certificates + update-ca-certificates
 *                   (curl, wget, OpenSSL and GnuTLS programs), root only.
 *
 * This file holds the two subcommands, their options and --print; trust.h
 * lists the files that do the rest.
 */
#include "trust.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "opts.h"
#include "pki.h"
#include "trust_ca.h"
#include "trust_nss.h"
#include "trust_run.h"
#include "trust_system.h"

/* ---- --print: the same by hand, for every platform ---- */

static void
trust_print_add(const struct pki_trust_ca *ca)
{
	const char *p = ca->path, *n = ca->nick;

	printf("Chrome / Chromium (Linux): chrome://certificate-manager > Custom > "
	       "Installed "
	       "by you > Trusted certificates > Import, choose the file; or\n"
	       "  certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n \"%s\" -i \"%s\"\n",
	       n, p);
	printf("Firefox (any system): Settings > Privacy & Security > Certificates > View "
	       "Certificates > Authorities > Import, tick \"Trust this CA to identify "
	       "websites\"; or, per profile:\n"
	       "  certutil -d sql:PROFILE_DIR -A -t C,, -n \"%s\" -i \"%s\"\n",
	       n, p);
	printf("Debian/Ubuntu system store (curl, wget, OpenSSL):\n"
	       "  sudo cp \"%s\" /usr/local/share/ca-certificates/%s.crt && sudo "
	       "update-ca-certificates\n",
	       p, ca->slug);
	printf("macOS (Safari, Chrome):\n  sudo security add-trusted-cert -d -r trustRoot "
	       "-k "
	       "/Library/Keychains/System.keychain \"%s\"\n",
	       p);
	printf("Windows (Edge, Chrome), as administrator:\n  certutil -addstore -f Root "
	       "\"%s\"\n"
	       "  or certmgr.msc > Trusted Root Certification Authorities > Certificates > "
	       "All Tasks > Import\n",
	       p);
}

static void
trust_print_remove(const struct pki_trust_ca *ca)
{
	const char *p = ca->path, *n = ca->nick;

	printf("Chrome / Chromium (Linux): chrome://certificate-manager > Custom > "
	       "Installed "
	       "by you > Trusted certificates > delete it; or\n"
	       "  certutil -d sql:$HOME/.pki/nssdb -D -n \"%s\"\n",
	       n);
	printf("Firefox: Settings > Privacy & Security > Certificates > View Certificates "
	       "> "
	       "Authorities, select \"%s\" > Delete or Distrust; or\n"
	       "  certutil -d sql:PROFILE_DIR -D -n \"%s\"\n",
	       ca->cn, n);
	printf("Debian/Ubuntu system store:\n  sudo rm "
	       "/usr/local/share/ca-certificates/%s.crt "
	       "&& sudo update-ca-certificates --fresh\n",
	       ca->slug);
	printf("macOS:\n  sudo security remove-trusted-cert -d \"%s\"\n  sudo security "
	       "delete-certificate -c \"%s\" /Library/Keychains/System.keychain\n",
	       p, ca->cn);
	printf("Windows, as administrator:\n  certutil -delstore Root \"%s\"\n"
	       "  or certmgr.msc > Trusted Root Certification Authorities > Certificates, "
	       "select it > Delete\n",
	       ca->cn);
}

static void
trust_print_steps(const struct pki_trust_ca *ca, int removing)
{
	printf("Root: %s\nFile: %s\nSHA-256: %s\n\n", ca->cn, ca->path, ca->fpr);
	if (!removing)
		trust_print_add(ca);
	else
		trust_print_remove(ca);
	printf("\nCheck the fingerprint above against the one the browser shows before you "
	       "trust it.\n");
}

/* ---- the subcommands ---- */

static struct trust_cfg {
	const char *file; /* CA_FILE, or NULL for the default */
	const char *nssdb;
	const char *name;
	int system;
	int print;
	int removing; /* untrust */
} trust_cfg;

static void
trust_usage(FILE *f, const char *cmd, const struct opt *table)
{
	int rm = strcmp(cmd, "untrust") == 0;

	fprintf(f,
	        "usage: https_pki %s [CA_FILE] [--nssdb DIR] [--name NICK] [--system] [--print]\n",
	        cmd);
	fprintf(f, "\n%s\n",
	        rm ? "Removes the root that `https_pki trust` added, and nothing else."
	           : "Makes browsers trust a root CA (default: " DEMO_DEFAULT_CA_FILE ").");
	fprintf(f,
	        "By default: Chromium/Chrome's $HOME/.pki/nssdb%s and every Firefox profile\n"
	        "with a cert9.db, through certutil (libnss3-tools). The store is read back to\n"
	        "confirm the SSL trust bit (\"Trusted CA\", flag C). Running it twice is fine.\n\n",
	        rm ? "" : " (created if missing)");
	opts_usage(f, table);
	fprintf(f,
	        "\nExit (the codes of https_pki --help): %d done (or nothing to do), %d a store\n"
	        "could not be changed or read back, %d usage, %d CA_FILE missing or not a root\n"
	        "CA certificate.\n",
	        DEMO_EXIT_OK, DEMO_EXIT_INTERNAL, DEMO_EXIT_USAGE, DEMO_EXIT_FILE);
}

/* Takes CA_FILE and rejects options that do not go together. Returns 0, or -1 with e set. */
static int
trust_check(void *opts, int argc, char **argv, struct err *e)
{
	struct trust_cfg *cfg = opts;
	const char *cmd = cfg->removing ? "untrust" : "trust";

	if (argc > 1)
		return err_set(e, "%s takes one CA_FILE, not %d", cmd, argc);
	if (cfg->print && (cfg->system || cfg->nssdb != NULL))
		return err_set(e,
		               "--print changes nothing; it does not go with --system or --nssdb");
	if (cfg->system && cfg->nssdb != NULL)
		return err_set(e, "--system and --nssdb name different stores; pick one");
	cfg->file = argc > 0 ? argv[0] : NULL;
	return 0;
}

/* untrust: the same options, removing (check runs before run on every path to it). */
static int
untrust_check(void *opts, int argc, char **argv, struct err *e)
{
	((struct trust_cfg *)opts)->removing = 1;
	return trust_check(opts, argc, argv, e);
}

/*
 * Shows the manual steps, or changes the stores cfg names. Returns 0, -1
 * with e set, or the exit code of a store that failed (already printed).
 */
static int
trust_act(const struct trust_cfg *cfg, const struct pki_trust_ca *ca, struct err *e)
{
	if (cfg->print) {
		trust_print_steps(ca, cfg->removing);
		return DEMO_EXIT_OK;
	}
	pki_trust_ca_describe(ca);
	if (!cfg->system)
		return pki_trust_nss_all(cfg->nssdb, ca, cfg->removing);
	return (cfg->removing ? pki_trust_system_remove : pki_trust_system_add)(ca, e);
}

static int
trust_run(void *opts, int argc, char **argv, struct err *e)
{
	struct trust_cfg *cfg = opts;
	const char *cmd = cfg->removing ? "untrust" : "trust";
	struct pki_trust_ca ca = {0};
	char def[PATH_MAX];
	int rc;

	(void)argc;
	(void)argv;
	if (!cfg->print && pki_trust_tools_ready(cmd, cfg->system, e) == -1)
		return -1;
	if (cfg->file == NULL)
		cfg->file = file_default_path(DEMO_DEFAULT_CA_FILE, def, sizeof(def));
	rc = pki_trust_ca_load(cfg->file, cfg->name, !cfg->removing && !cfg->print, &ca, e) == -1
	             ? -1
	             : trust_act(cfg, &ca, e);
	pki_trust_ca_free(&ca);
	return rc;
}

static const struct opt trust_options[] = {
        {.name = "nssdb",
         .arg = "DIR",
         .kind = OPT_STRING,
         .target = &trust_cfg.nssdb,
         .help = "only this NSS database (sql: format)"},
        {.name = "name",
         .arg = "NICK",
         .kind = OPT_STRING,
         .target = &trust_cfg.name,
         .help = "nickname (default: the CN and 8 hex digits of the SHA-256)"},
        {.name = "system",
         .kind = OPT_FLAG,
         .target = &trust_cfg.system,
         .help = "the system store instead (" PKI_TRUST_SYSTEM_DIR "); root only"},
        {.name = "print",
         .kind = OPT_FLAG,
         .target = &trust_cfg.print,
         .help = "print the manual steps for Chrome, Firefox, macOS, Windows"},
        PKI_OPT_END,
};

const struct pki_cmd pki_trust_cmd = {
        .name = "trust",
        .summary = "add the demo root to a browser's trust store",
        .options = trust_options,
        .opts = &trust_cfg,
        .max_operands = -1,
        .run = trust_run,
        .usage = trust_usage,
        .check = trust_check,
};

const struct pki_cmd pki_untrust_cmd = {
        .name = "untrust",
        .summary = "remove the demo root from a browser's trust store",
        .options = trust_options,
        .opts = &trust_cfg,
        .max_operands = -1,
        .run = trust_run,
        .usage = trust_usage,
        .check = untrust_check,
};
