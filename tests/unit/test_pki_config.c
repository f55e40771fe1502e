/*
 * Unit tests for pki/config.c: the YAML hierarchy of `init --config`,
 * anchors, aliases and merge keys, and file:line errors for bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_print.h"
#include "err.h"
#include "keyfile.h"
#include "pki.h"
#include "profile.h"
#include "unit.h"

#define BASE                                                       \
	"root:\n  subject: CN=R\nintermediate:\n  subject: CN=I\n" \
	"leaves:\n  site:\n    sans: [localhost]\n"

static void
test_good(void)
{
	static const char doc[] = "defaults:\n"
	                          "  org: &org { O: Lab, OU: Unit }\n"
	                          "  srv: &srv\n"
	                          "    profile: server\n"
	                          "    days: 90\n"
	                          "    key: p384\n"
	                          "root:\n"
	                          "  subject: { <<: *org, CN: R }\n"
	                          "  days: 1000\n"
	                          "  name_constraints: [DNS:localhost, IP:127.0.0.1/32]\n"
	                          "intermediate:\n"
	                          "  subject: { <<: *org, CN: I }\n"
	                          "  pathlen: 1\n"
	                          "leaves:\n"
	                          "  site:\n"
	                          "    <<: *srv\n"
	                          "    days: 30\n"
	                          "    sans: [DNS:localhost, IP:127.0.0.1]\n"
	                          "    cert_file: out/site.pem\n"
	                          "  bob:\n"
	                          "    profile: client\n"
	                          "    subject: CN=Bob\n";
	struct pki_config cfg;
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(doc, sizeof(doc) - 1, "t.yaml", &cfg, &e), 0);
	if (e.msg[0])
		fprintf(stderr, "%s\n", e.msg);
	UNIT_CHECK_STR(cfg.root.subject, "/O=Lab/OU=Unit/CN=R");
	UNIT_CHECK_INT(cfg.root.days, 1000);
	UNIT_CHECK_INT(cfg.root.permitted.n, 2);
	UNIT_CHECK_INT(cfg.intermediate.pathlen, 1);
	UNIT_CHECK_INT(cfg.intermediate.days, 3650);
	UNIT_CHECK_INT(cfg.nleaf, 2);
	UNIT_CHECK_STR(cfg.leaf[0].name, "site");
	UNIT_CHECK_INT(cfg.leaf[0].days, 30); /* the section's own key beats the merged one */
	UNIT_CHECK_INT(cfg.leaf[0].key.type, PKI_KEY_EC_P384);
	UNIT_CHECK_INT(cfg.leaf[0].sans.n, 2);
	UNIT_CHECK_STR(cfg.leaf[0].cert_path, "out/site.pem");
	UNIT_CHECK_STR(cfg.leaf[1].subject, "CN=Bob");
	UNIT_CHECK_INT(cfg.leaf[1].profile, PKI_PROFILE_CLIENT);
	UNIT_CHECK_INT(cfg.leaf[1].days, 825);
	pki_config_free(&cfg);
}

static void
test_bad(void)
{
	static const struct {
		const char *doc;
		const char *want; /* substring of the message, with the line */
	} cases[] = {
	        {BASE "  extra:\n    colour: red\n", "t.yaml:9: unknown key 'colour' in extra"},
	        {"root:\n  subject: CN=R\n  days: ten\n", "t.yaml:3: 'days' must be a number"},
	        {"root:\n  subject: CN=R\n  days: 0\n", "t.yaml:3: 'days' must be a number from 1"},
	        {"root: [unclosed\n", "t.yaml:2:"},
	        {"", "t.yaml:1: the file must be a mapping"},
	        {"- a\n- b\n", "t.yaml:1: the file must be a mapping"},
	        {"root:\n  subject: CN=R\n", "needs root, intermediate and leaves"},
	        {BASE "colour: red\n", "t.yaml:8: unknown or repeated top-level key 'colour'"},
	        {BASE "root:\n  subject: CN=X\n", "unknown or repeated top-level key 'root'"},
	        {"root:\n  subject: { CN: R, XX: y }\n", "t.yaml:2: unknown subject field 'XX'"},
	        {"root:\n  subject: [a]\n", "'subject' must be a string or a mapping"},
	        {"root:\n  key: dsa\n", "t.yaml:2: 'key' must be one of"},
	        {"root:\n  name_constraints: [IP:1.2.3.4]\n", "t.yaml:2: name_constraints:"},
	        {"root:\n  sans: [localhost]\n", "unknown key 'sans' in root"},
	        {"intermediate:\n  pathlen: 9\n", "'pathlen' must be a number from 0 to 8"},
	        {"leaves:\n  Site:\n    sans: [a]\n", "t.yaml:2: a leaf's name must be"},
	        {"leaves:\n  s:\n    days: 826\n",
	         "t.yaml:3: 'days' must be a number from 1 to 825"},
	        {"leaves:\n  s:\n    sans: [\"bad name\"]\n", "t.yaml:3: sans:"},
	        {"leaves:\n  s:\n    profile: root\n", "'profile' must be server or client"},
	        {"leaves:\n  s:\n    cert_file: /etc/passwd\n", "must be a relative path"},
	        {"leaves:\n  s:\n    key_file: ../x\n", "must be a relative path"},
	        {"leaves:\n  s: {}\n", "server leaf 's' needs 'sans'"},
	        {"leaves:\n  s:\n    <<: 3\n", "'<<' must merge a mapping"},
	        {"a: &a { <<: *a }\n", "t.yaml:1:"}, /* an alias to itself is no YAML */
	        {"root: !!binary abc\n",
	         "t.yaml:1:7: YAML tags are not part of the format (this one is "
	         "'tag:yaml.org,2002:binary')"},
	        {"root:\n  passphrase: hunter2\n",
	         "t.yaml:2: 'passphrase' in root must say where the passphrase comes from"},
	        {"root:\n  passphrase: [env:X]\n", "t.yaml:2: 'passphrase' must be a string"},
	        {"leaves:\n  s:\n    passphrase: pass:x\n", "'passphrase' in s must say where"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pki_config cfg;
		struct err e;

		err_clear(&e);
		UNIT_CHECK_INT(
		        pki_config_parse(cases[i].doc, strlen(cases[i].doc), "t.yaml", &cfg, &e),
		        -1);
		UNIT_CHECK_INT(e.code, DEMO_EXIT_CONFIG);
		if (strstr(e.msg, cases[i].want) == NULL)
			fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, e.msg, cases[i].want);
		UNIT_CHECK(strstr(e.msg, cases[i].want) != NULL);
	}
}

/* Aliases fan out; the work bound keeps a "billion laughs" file cheap. */
static void
test_fanout(void)
{
	char doc[4096];
	size_t n = 0;
	int i;
	struct pki_config cfg;
	struct err e;

	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "x-a: &a [DNS:localhost");
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, ", DNS:localhost");
	n += (size_t)snprintf(doc + n, sizeof(doc) - n,
	                      "]\nroot:\n  subject: CN=R\n"
	                      "intermediate:\n  subject: CN=I\nleaves:\n");
	for (i = 0; i < 8; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "  l%d:\n    sans: *a\n", i);
	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(doc, n, "t.yaml", &cfg, &e), 0);
	UNIT_CHECK_INT(cfg.nleaf, 8);
	UNIT_CHECK_INT(cfg.leaf[7].sans.n, 1); /* duplicates fold */
	pki_config_free(&cfg);
}

/* A passphrase source per level, through an alias; --print-config reads back the same. */
static void
test_passphrase_and_print(void)
{
	static const char doc[] = "defaults:\n"
	                          "  p: &p env:SROS_PASSPHRASE\n"
	                          "  leaf: &leaf { profile: server, passphrase: *p }\n"
	                          "root:\n"
	                          "  subject: { O: \"A \\\"q\\\"\", CN: R }\n"
	                          "  passphrase: env:SROS_ROOT_PASSPHRASE\n"
	                          "intermediate:\n"
	                          "  subject: CN=I\n"
	                          "  passphrase: *p\n"
	                          "leaves:\n"
	                          "  site:\n"
	                          "    <<: *leaf\n"
	                          "    sans: [DNS:localhost]\n"
	                          "  bob: { profile: client, key: rsa3072 }\n";
	struct pki_config cfg, again;
	char *out = NULL, *out2 = NULL;
	size_t len = 0, len2 = 0;
	struct err e;
	FILE *f;

	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(doc, sizeof(doc) - 1, "t.yaml", &cfg, &e), 0);
	if (e.msg[0])
		fprintf(stderr, "%s\n", e.msg);
	UNIT_CHECK_STR(cfg.root.pass_source, "env:SROS_ROOT_PASSPHRASE");
	UNIT_CHECK_STR(cfg.intermediate.pass_source, "env:SROS_PASSPHRASE");
	UNIT_CHECK_STR(cfg.leaf[0].pass_source, "env:SROS_PASSPHRASE");
	UNIT_CHECK_STR(cfg.leaf[1].pass_source, "");
	f = open_memstream(&out, &len);
	pki_config_print(f, &cfg);
	fclose(f);
	UNIT_CHECK(strstr(out, "&") == NULL && strstr(out, "*") == NULL &&
	           strstr(out, "<<") == NULL);
	UNIT_CHECK(strstr(out, "  passphrase: \"env:SROS_ROOT_PASSPHRASE\"") != NULL);
	UNIT_CHECK(strstr(out, "    key: rsa3072") != NULL);
	err_clear(&e);
	UNIT_CHECK_INT(pki_config_parse(out, len, "printed", &again, &e), 0);
	if (e.msg[0])
		fprintf(stderr, "%s\n%s\n", e.msg, out);
	f = open_memstream(&out2, &len2);
	pki_config_print(f, &again);
	fclose(f);
	UNIT_CHECK_STR(out2, out); /* printing is a fixed point */
	UNIT_CHECK_STR(again.root.subject, cfg.root.subject);
	free(out);
	free(out2);
	pki_config_free(&cfg);
	pki_config_free(&again);
}

int
main(void)
{
	test_good();
	test_passphrase_and_print();
	test_bad();
	test_fanout();
	return unit_done();
}
