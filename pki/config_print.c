/*
 * init --config FILE --print-config: the configuration as init will use it,
 * in YAML without anchors, aliases or merges, every default written out. The
 * output is itself a valid --config file.
 */
#include "config_print.h"

#include <string.h>

#include "config.h"
#include "keyfile.h"
#include "names.h"
#include "profile.h"

/* A YAML double-quoted scalar (YAML 1.2 section 7.3.1). */
static void
print_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static const char *
print_key_name(const struct pki_key_spec *k)
{
	switch (k->type) {
	case PKI_KEY_EC_P384:
		return "p384";
	case PKI_KEY_RSA:
		return k->bits == 4096 ? "rsa4096" : k->bits == 3072 ? "rsa3072" : "rsa2048";
	case PKI_KEY_ED25519:
		return "ed25519";
	default:
		return "p256";
	}
}

static void
print_list(FILE *f, const char *indent, const char *key, const struct pki_sans *l)
{
	int i;

	if (l->n == 0)
		return;
	fprintf(f, "%s%s: [", indent, key);
	for (i = 0; i < l->n; i++) {
		fputs(i ? ", " : "", f);
		print_str(f, l->v[i]);
	}
	fputs("]\n", f);
}

static void
print_cert(FILE *f, const char *indent, const struct pki_config_cert *c)
{
	int leaf = c->profile == PKI_PROFILE_SERVER || c->profile == PKI_PROFILE_CLIENT;

	if (leaf)
		fprintf(f, "%sprofile: %s\n", indent,
		        c->profile == PKI_PROFILE_SERVER ? "server" : "client");
	fprintf(f, "%ssubject: ", indent);
	print_str(f, c->subject);
	fprintf(f, "\n%skey: %s\n%sdays: %ld\n", indent, print_key_name(&c->key), indent, c->days);
	if (c->profile == PKI_PROFILE_INTERMEDIATE)
		fprintf(f, "%spathlen: %d\n", indent, c->pathlen);
	print_list(f, indent, "name_constraints", &c->permitted);
	print_list(f, indent, "sans", &c->sans);
	if (c->cert_path[0] != '\0') {
		fprintf(f, "%scert_file: ", indent);
		print_str(f, c->cert_path);
		fputc('\n', f);
	}
	if (c->key_path[0] != '\0') {
		fprintf(f, "%skey_file: ", indent);
		print_str(f, c->key_path);
		fputc('\n', f);
	}
	/* A source (env:VAR, file:PATH, ...), never a passphrase: safe to show. */
	if (c->pass_source[0] != '\0') {
		fprintf(f, "%spassphrase: ", indent);
		print_str(f, c->pass_source);
		fputc('\n', f);
	}
}

void
pki_config_print(FILE *f, const struct pki_config *cfg)
{
	int i;

	fputs("# resolved by https_pki init --print-config: no anchors, aliases or merges\n"
	      "root:\n",
	      f);
	print_cert(f, "  ", &cfg->root);
	fputs("intermediate:\n", f);
	print_cert(f, "  ", &cfg->intermediate);
	fputs("leaves:\n", f);
	for (i = 0; i < cfg->nleaf; i++) {
		fprintf(f, "  %s:\n", cfg->leaf[i].name);
		print_cert(f, "    ", &cfg->leaf[i]);
	}
}
