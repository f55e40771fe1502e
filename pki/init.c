/*
 * https_pki init: the whole demo chain in one command. Root CA (name-
 * constrained to localhost, 127.0.0.1 and ::1) -> intermediate (pathlen 0) ->
 * server and client leaves, written in the layout of docs/architecture.md.
 * With --config, the hierarchy comes from a YAML file instead (config.c).
 */
#include "init.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ca.h"
#include "certfile.h"
#include "cli.h"
#include "config.h"
#include "config_print.h"
#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "keyfile.h"
#include "names.h"
#include "opts.h"
#include "output.h"
#include "pki.h"
#include "profile.h"
#include "revoke.h"
#include "secret.h"

struct init_opts {
	const char *dir, *pass, *ca_pass, *config, *crl_base;
	struct pki_sans sans;
	long days;
	int force, print_config, no_crl_url;
};

/* A passphrase read from a config's per-level source, read once per source. */
struct init_pass {
	const char *source;
	char buf[DEMO_PASSPHRASE_MAX + 1];
};

/* One certificate made: its key and certificate. */
struct init_made {
	EVP_PKEY *key;
	X509 *cert;
};

struct init_run {
	struct init_opts o;
	struct pki_config cfg;
	char pass[DEMO_PASSPHRASE_MAX + 1];
	char ca_pass[DEMO_PASSPHRASE_MAX + 1];
	struct init_pass level[PKI_CONFIG_LEVELS + 2];
	int nlevel;
	int generated, pass_used, stale_reminder;
	char tag[9];
	time_t now;
	struct init_made root, inter, leaf[PKI_CONFIG_LEVELS];
	struct pki_outset out;
};

static const char init_synopsis[] =
        "[--dir DIR] [--pass SOURCE] [--ca-pass SOURCE] [--san NAME]... [--days N] [--force] "
        "[--config FILE [--print-config]]";
static const char init_about[] =
        "Makes a root CA, an intermediate CA, a server leaf (localhost, 127.0.0.1) and a client\n"
        "leaf under DIR. Without --pass a random passphrase is made and written to\n"
        "DIR/secret/reminder.txt (mode 0600); with --pass nothing is written there.\n"
        "CA keys go to DIR/private_ca/ (never commit it).\n"
        "With --config, a level may name its own passphrase source (passphrase: env:VAR);\n"
        "--pass and --ca-pass serve the others.";

static void
fill_default_leaf(struct pki_config_cert *c, const char *name, enum pki_profile p,
                  const char *subject, long days)
{
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->profile = p;
	snprintf(c->subject, sizeof(c->subject), "%s", subject);
	c->key.type = PKI_KEY_EC_P256;
	c->days = days;
	c->pathlen = -1;
}

/* The built-in hierarchy; tag tells chains made on different runs apart. */
static int
init_default_config(struct init_run *r, struct err *e)
{
	struct pki_config *c = &r->cfg;
	char subject[200];
	int i;

	snprintf(subject, sizeof(subject), "O=HTTPS Demo,OU=demo chain %s,CN=HTTPS Demo Root CA",
	         r->tag);
	fill_default_leaf(&c->root, "root", PKI_PROFILE_ROOT, subject, DEMO_CA_DAYS_DEFAULT);
	snprintf(subject, sizeof(subject),
	         "O=HTTPS Demo,OU=demo chain %s,CN=HTTPS Demo Intermediate CA", r->tag);
	fill_default_leaf(&c->intermediate, "intermediate", PKI_PROFILE_INTERMEDIATE, subject,
	                  DEMO_CA_DAYS_DEFAULT);
	c->intermediate.pathlen = 0;
	fill_default_leaf(&c->leaf[0], "site", PKI_PROFILE_SERVER, "O=HTTPS Demo,CN=localhost",
	                  r->o.days);
	fill_default_leaf(&c->leaf[1], "client", PKI_PROFILE_CLIENT,
	                  "O=HTTPS Demo,CN=HTTPS Demo Client", r->o.days);
	c->nleaf = 2;
	if (pki_sans_add(&c->leaf[0].sans, "DNS:localhost", e) == -1 ||
	    pki_sans_add(&c->leaf[0].sans, "IP:127.0.0.1", e) == -1)
		return -1;
	for (i = 0; i < r->o.sans.n; i++)
		if (pki_sans_add(&c->leaf[0].sans, r->o.sans.v[i], e) == -1)
			return -1;
	return 0;
}

static int
init_load_config(struct init_run *r, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (file_read_all(r->o.config, PKI_INPUT_MAX, &buf, &len, e) == -1)
		return -1; /* a file error (24), as file_read_all says */
	rc = pki_config_parse(buf, len, r->o.config, &r->cfg, e);
	free(buf);
	if (rc == 0 && (r->o.sans.n > 0 || r->o.days != DEMO_LEAF_DAYS_DEFAULT)) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(
		        e, "--san and --days do not combine with --config (set them in the file)");
	}
	return rc;
}

/* A random passphrase: 18 bytes of entropy as 24 URL-safe base64 characters. */
static int
init_random_pass(char *buf, size_t size, struct err *e)
{
	unsigned char raw[18];
	char *p;

	if (size < 25 || RAND_bytes(raw, sizeof(raw)) != 1)
		return err_set(e, "cannot make a random passphrase");
	EVP_EncodeBlock((unsigned char *)buf, raw, sizeof(raw));
	secret_wipe(raw, sizeof(raw));
	for (p = buf; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	return 0;
}

/*
 * The passphrase for a key of c: its own source from the config (each source
 * read once: env: unsets the variable), else the CA or leaf default.
 */
static int
init_pass_for(struct init_run *r, const struct pki_config_cert *c, const char **out, struct err *e)
{
	int ca = c->profile == PKI_PROFILE_ROOT || c->profile == PKI_PROFILE_INTERMEDIATE;
	char what[100];
	int i;

	if (c->pass_source[0] == '\0') {
		*out = ca ? r->ca_pass : r->pass;
		return 0;
	}
	for (i = 0; i < r->nlevel; i++)
		if (strcmp(r->level[i].source, c->pass_source) == 0) {
			*out = r->level[i].buf;
			return 0;
		}
	if (r->nlevel >= (int)(sizeof(r->level) / sizeof(r->level[0])))
		return err_set(e, "too many passphrase sources");
	snprintf(what, sizeof(what), "the %s key", c->name);
	if (pki_pass_new(c->pass_source, what, r->level[r->nlevel].buf,
	                 sizeof(r->level[r->nlevel].buf), e) == -1) {
		err_prefix(e, "%s: passphrase of %s", r->o.config, c->name);
		return -1;
	}
	r->level[r->nlevel].source = c->pass_source;
	*out = r->level[r->nlevel++].buf;
	return 0;
}

/* Which keys fall back to --pass and --ca-pass (those without their own source). */
static void
init_defaults_needed(const struct init_run *r, int *leaves, int *cas)
{
	int i;

	*cas = r->cfg.root.pass_source[0] == '\0' || r->cfg.intermediate.pass_source[0] == '\0';
	*leaves = 0;
	for (i = 0; i < r->cfg.nleaf; i++)
		if (r->cfg.leaf[i].pass_source[0] == '\0')
			*leaves = 1;
}

static int
init_passphrases(struct init_run *r, struct err *e)
{
	int leaves, cas;

	init_defaults_needed(r, &leaves, &cas);
	if (!leaves && r->o.pass != NULL)
		fprintf(stderr,
		        "https_pki: note: --pass is not used: every leaf in %s names its "
		        "own passphrase source\n",
		        r->o.config);
	if (!cas && r->o.ca_pass != NULL)
		fprintf(stderr,
		        "https_pki: note: --ca-pass is not used: both CAs in %s name their "
		        "own passphrase source\n",
		        r->o.config);
	r->pass_used = leaves || (cas && r->o.ca_pass == NULL);
	if (r->pass_used && r->o.pass != NULL) {
		if (pki_pass_new(r->o.pass, "the demo keys", r->pass, sizeof(r->pass), e) == -1)
			return -1;
	} else if (r->pass_used) {
		if (init_random_pass(r->pass, sizeof(r->pass), e) == -1)
			return -1;
		r->generated = 1;
	}
	if (!cas)
		return 0;
	if (r->o.ca_pass == NULL) {
		memcpy(r->ca_pass, r->pass, sizeof(r->pass));
		return 0;
	}
	return pki_pass_new(r->o.ca_pass, "the CA keys", r->ca_pass, sizeof(r->ca_pass), e);
}

static int
init_make(struct init_run *r, const struct pki_config_cert *c, struct init_made *issuer,
          struct init_made *out, struct err *e)
{
	struct pki_cert_spec spec;
	X509_NAME *name = NULL;
	char url[600];

	memset(&spec, 0, sizeof(spec));
	/* Each certificate names where its issuer publishes the CRL that would list it. */
	const char *base = r->o.crl_base ? r->o.crl_base : DEMO_CRL_URL_BASE;
	snprintf(url, sizeof(url), "%s%s%s", base,
	         base[0] != '\0' && base[strlen(base) - 1] == '/' ? "" : "/",
	         c->profile == PKI_PROFILE_INTERMEDIATE ? "root.crl" : "intermediate.crl");
	spec.crl_url = r->o.no_crl_url ? NULL : url;
	if ((out->key = pki_key_generate(&c->key, 0, e)) == NULL ||
	    (name = pki_name_parse(c->subject, e)) == NULL)
		goto err;
	spec.profile = c->profile;
	spec.subject = name;
	spec.key = out->key;
	spec.issuer = issuer ? issuer->cert : NULL;
	spec.issuer_key = issuer ? issuer->key : NULL;
	spec.sans = &c->sans;
	spec.not_before = r->now - PKI_BACKDATE_SECONDS;
	spec.not_after = spec.not_before + (time_t)c->days * 86400;
	spec.pathlen = c->pathlen;
	spec.name_constraints = c->profile == PKI_PROFILE_ROOT;
	spec.permitted = c->permitted.n > 0 ? &c->permitted : NULL;
	if ((out->cert = pki_cert_make(&spec, e)) == NULL)
		goto err;
	X509_NAME_free(name);
	return 0;
err:
	err_prefix(e, "%s", c->name);
	X509_NAME_free(name);
	return -1;
}

static int
init_check_leaf(struct init_run *r, const struct pki_config_cert *c, X509 *leaf, struct err *e)
{
	STACK_OF(X509) *cas = sk_X509_new_null();
	int rc = -1;

	if (cas != NULL && sk_X509_push(cas, r->inter.cert) && sk_X509_push(cas, r->root.cert))
		rc = pki_names_check_constraints(leaf, cas, e);
	sk_X509_free(cas);
	if (rc == -1)
		err_prefix(e, "%s", c->name);
	return rc;
}

static int
init_path(struct init_run *r, char *buf, size_t size, const char *rel, struct err *e)
{
	if (snprintf(buf, size, "%s/%s", r->o.dir, rel) >= (int)size)
		return err_set(e, "path too long under %s", r->o.dir);
	return 0;
}

/* Queues a PEM file: certs (each appended) or, when key is set, the encrypted key. */
static int
init_queue(struct init_run *r, const char *rel, X509 *c1, X509 *c2, EVP_PKEY *key, const char *pass,
           struct err *e)
{
	char path[PATH_MAX], *pem = NULL;
	size_t len = 0;
	int rc = -1;

	if (init_path(r, path, sizeof(path), rel, e) == -1)
		return -1;
	if (key != NULL && pki_key_encode(key, pass, &pem, &len, e) == -1)
		return -1;
	if (key == NULL && (pki_cert_append_pem(c1, &pem, &len, e) == -1 ||
	                    (c2 != NULL && pki_cert_append_pem(c2, &pem, &len, e) == -1)))
		goto done;
	rc = pki_out_add(&r->out, path, pem, len, key ? 0600 : 0644, e);
done:
	secret_free(pem, len);
	return rc;
}

static void
leaf_paths(const struct pki_config_cert *c, char *cert, char *key, size_t size)
{
	if (c->cert_path[0])
		snprintf(cert, size, "%s", c->cert_path);
	else
		snprintf(cert, size, "certificates/%s_public_key.pem", c->name);
	if (c->key_path[0])
		snprintf(key, size, "%s", c->key_path);
	else
		snprintf(key, size, "certificates/%s_private_key.pem", c->name);
}

/*
 * Only a passphrase init made up is written down: one the user chose (--pass)
 * is theirs to keep, and must not land on disk in clear text.
 */
static int
init_queue_reminder(struct init_run *r, struct err *e)
{
	char path[PATH_MAX], line[DEMO_PASSPHRASE_MAX + 2];
	int rc;

	if (!r->generated)
		return 0;
	if (init_path(r, path, sizeof(path), DEMO_DEFAULT_REMINDER, e) == -1)
		return -1;
	snprintf(line, sizeof(line), "%s\n", r->pass);
	rc = pki_out_add(&r->out, path, line, strlen(line), 0600, e);
	secret_wipe(line, sizeof(line));
	return rc;
}

/* With --pass, an old reminder that names another passphrase is worth a note. */
static void
init_check_old_reminder(struct init_run *r)
{
	char path[PATH_MAX], *old = NULL;
	size_t oldlen = 0, n;
	struct err e;

	err_clear(&e);
	if (r->generated || !r->pass_used ||
	    init_path(r, path, sizeof(path), DEMO_DEFAULT_REMINDER, &e) == -1 ||
	    !file_exists(path) ||
	    file_read_all(path, DEMO_PASSPHRASE_MAX + 2, &old, &oldlen, &e) == -1)
		return;
	n = strlen(r->pass);
	r->stale_reminder = !(oldlen >= n && memcmp(old, r->pass, n) == 0 &&
	                      (oldlen == n || (oldlen == n + 1 && old[n] == '\n')));
	secret_free(old, oldlen);
}

/* Every file init would write, checked before any key is made. */
static int
init_precheck(struct init_run *r, struct err *e)
{
	static const char *const fixed[] = {DEMO_DEFAULT_CA_FILE, PKI_ROOT_CERT, PKI_ROOT_KEY,
	                                    PKI_INTER_CERT, PKI_INTER_KEY};
	char rel[2][300], path[PATH_MAX];
	size_t i;
	int j, k;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (init_path(r, path, sizeof(path), fixed[i], e) == -1 ||
		    pki_out_precheck(path, r->o.force, e) == -1)
			return -1;
	for (j = 0; j < r->cfg.nleaf; j++) {
		leaf_paths(&r->cfg.leaf[j], rel[0], rel[1], sizeof(rel[0]));
		for (k = 0; k < 2; k++)
			if (init_path(r, path, sizeof(path), rel[k], e) == -1 ||
			    pki_out_precheck(path, r->o.force, e) == -1)
				return -1;
	}
	return 0;
}

/*
 * The new CA's lists (revoke.h): what it issued (for revoke --serial), and
 * an empty revocation list, which replaces an old CA's on --force.
 */
static int
init_queue_lists(struct init_run *r, struct err *e)
{
	const char *h = pki_revoke_header(0);
	char path[PATH_MAX], *buf = strdup(h);
	size_t len = strlen(h);
	int i, rc = -1;

	if (buf == NULL)
		return err_set(e, "out of memory");
	if (pki_issued_line(r->inter.cert, &buf, &len, e) == -1)
		goto done;
	for (i = 0; i < r->cfg.nleaf; i++)
		if (pki_issued_line(r->leaf[i].cert, &buf, &len, e) == -1)
			goto done;
	if (init_path(r, path, sizeof(path), "private_ca/" PKI_CA_DIR_ISSUED, e) == -1 ||
	    pki_out_add(&r->out, path, buf, len, 0644, e) == -1 ||
	    init_path(r, path, sizeof(path), "private_ca/" PKI_CA_DIR_REVOKED, e) == -1 ||
	    pki_out_add(&r->out, path, pki_revoke_header(1), strlen(pki_revoke_header(1)), 0644,
	                e) == -1)
		goto done;
	rc = 0;
done:
	free(buf);
	return rc;
}

static int
init_build(struct init_run *r, struct err *e)
{
	char cert[300], key[300];
	const char *root_pass, *inter_pass, *leaf_pass;
	int i;

	if (init_pass_for(r, &r->cfg.root, &root_pass, e) == -1 ||
	    init_pass_for(r, &r->cfg.intermediate, &inter_pass, e) == -1)
		return -1;
	if (init_make(r, &r->cfg.root, NULL, &r->root, e) == -1 ||
	    init_make(r, &r->cfg.intermediate, &r->root, &r->inter, e) == -1)
		return -1;
	for (i = 0; i < r->cfg.nleaf; i++) {
		if (init_make(r, &r->cfg.leaf[i], &r->inter, &r->leaf[i], e) == -1 ||
		    init_check_leaf(r, &r->cfg.leaf[i], r->leaf[i].cert, e) == -1)
			return -1;
	}
	if (init_queue(r, DEMO_DEFAULT_CA_FILE, r->root.cert, NULL, NULL, NULL, e) == -1 ||
	    init_queue(r, PKI_ROOT_CERT, r->root.cert, NULL, NULL, NULL, e) == -1 ||
	    init_queue(r, PKI_ROOT_KEY, NULL, NULL, r->root.key, root_pass, e) == -1 ||
	    init_queue(r, PKI_INTER_CERT, r->inter.cert, NULL, NULL, NULL, e) == -1 ||
	    init_queue(r, PKI_INTER_KEY, NULL, NULL, r->inter.key, inter_pass, e) == -1)
		return -1;
	for (i = 0; i < r->cfg.nleaf; i++) {
		leaf_paths(&r->cfg.leaf[i], cert, key, sizeof(cert));
		if (init_pass_for(r, &r->cfg.leaf[i], &leaf_pass, e) == -1 ||
		    init_queue(r, cert, r->leaf[i].cert, r->inter.cert, NULL, NULL, e) == -1 ||
		    init_queue(r, key, NULL, NULL, r->leaf[i].key, leaf_pass, e) == -1)
			return -1;
	}
	if (init_queue_lists(r, e) == -1)
		return -1;
	init_check_old_reminder(r);
	/* Only a passphrase made at random, and used by a key, goes to the reminder. */
	return r->pass_used ? init_queue_reminder(r, e) : 0;
}

static void
init_report(const struct init_run *r)
{
	int i;

	printf("https_pki: made a demo chain under %s:\n", r->o.dir);
	for (i = 0; i < r->out.n; i++)
		printf("  %s\n", r->out.f[i].path);
	if (r->generated)
		printf("The passphrase of the keys was made at random; it is in %s/%s (mode "
		       "0600).\n",
		       r->o.dir, DEMO_DEFAULT_REMINDER);
	printf("Import %s/%s into a browser or pass it to https_client --cacert.\n"
	       "Keep %s/private_ca/ private: never commit it.\n",
	       r->o.dir, DEMO_DEFAULT_CA_FILE, r->o.dir);
}

static void
init_free(void *opts)
{
	struct init_run *r = opts;
	int i;

	EVP_PKEY_free(r->root.key);
	X509_free(r->root.cert);
	EVP_PKEY_free(r->inter.key);
	X509_free(r->inter.cert);
	for (i = 0; i < PKI_CONFIG_LEVELS; i++) {
		EVP_PKEY_free(r->leaf[i].key);
		X509_free(r->leaf[i].cert);
	}
	pki_out_free(&r->out);
	pki_config_free(&r->cfg);
	pki_sans_free(&r->o.sans);
	secret_wipe(r->pass, sizeof(r->pass));
	secret_wipe(r->ca_pass, sizeof(r->ca_pass));
	secret_wipe(r->level, sizeof(r->level));
}

static int
init_main(void *opts, int argc, char **argv, struct err *e)
{
	struct init_run *r = opts;

	(void)argc, (void)argv;
	r->now = time(NULL);
	r->out.force = r->o.force;
	if (pki_random_hex(r->tag, sizeof(r->tag), 4, e) == -1)
		return -1;
	if (r->o.print_config && r->o.config == NULL) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(e, "--print-config prints a --config FILE");
	}
	if ((r->o.config ? init_load_config(r, e) : init_default_config(r, e)) == -1)
		return -1;
	if (r->o.print_config) {
		pki_config_print(stdout, &r->cfg);
		return 0;
	}
	if (init_precheck(r, e) == -1 || init_passphrases(r, e) == -1 || init_build(r, e) == -1)
		return -1;
	/* Every key is encrypted and the reminder queued: the passphrases are no longer needed. */
	secret_wipe(r->pass, sizeof(r->pass));
	secret_wipe(r->ca_pass, sizeof(r->ca_pass));
	secret_wipe(r->level, sizeof(r->level));
	if (pki_out_commit(&r->out, e) == -1)
		return -1;
	init_report(r);
	if (r->stale_reminder)
		fprintf(stderr,
		        "https_pki: note: %s/%s holds another passphrase; the new keys open with "
		        "the one from --pass\n",
		        r->o.dir, DEMO_DEFAULT_REMINDER);
	return 0;
}

/* Large (every key and certificate of the set): static, like every command's options. */
static struct init_run init_state = {.o = {.dir = ".", .days = DEMO_LEAF_DAYS_DEFAULT}};

static const struct opt init_options[] = {
        {"dir", 'd', "DIR", "where to write the set (default .)", OPT_STRING, &init_state.o.dir, 0,
         0, NULL},
        PKI_OPT_PASS(&init_state.o.pass, "passphrase of the leaf keys (default: made at random)"),
        {"ca-pass", 0, "SOURCE", "passphrase of the CA keys (default: the same)", OPT_STRING,
         &init_state.o.ca_pass, 0, 0, NULL},
        PKI_OPT_SAN(&init_state.o.sans, "NAME",
                    "another name for the server leaf (DNS:x, IP:x; repeatable)"),
        {"days", 0, "N", "leaf validity in days (default and at most 825)", OPT_INT,
         &init_state.o.days, 1, DEMO_LEAF_DAYS_MAX, NULL},
        {"config", 'c', "FILE", "the hierarchy from a YAML file (see pki/example-config.yaml)",
         OPT_STRING, &init_state.o.config, 0, 0, NULL},
        {"print-config", 0, NULL,
         "with --config: print it with anchors, aliases and merges resolved; write nothing",
         OPT_FLAG, &init_state.o.print_config, 0, 0, NULL},
        {"crl-base", 0, "URL",
         "where the CRLs will be published (default " DEMO_CRL_URL_BASE "): leaves name "
         "URL/intermediate.crl, the intermediate URL/root.crl",
         OPT_STRING, &init_state.o.crl_base, 0, 0, NULL},
        {"no-crl-url", 0, NULL, "no CRL distribution points in the certificates", OPT_FLAG,
         &init_state.o.no_crl_url, 0, 0, NULL},
        PKI_OPT_FORCE(&init_state.o.force, "replace existing files"),
        PKI_OPT_END,
};

const struct pki_cmd pki_init_cmd = {
        .name = "init",
        .summary = "make the demo chain: root, intermediate, server and client leaves",
        .synopsis = init_synopsis,
        .about = init_about,
        .options = init_options,
        .opts = &init_state,
        .run = init_main,
        .cleanup = init_free,
};
