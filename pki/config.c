/*
 * The YAML hierarchy of `https_pki init --config FILE` (libyaml). Anchors and
 * aliases reuse values; "<<" merge keys reuse whole mappings. Every error
 * names the file and line. See example-config.yaml for the format.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "passphrase.h"
#include "pki.h"
#include "profile.h"
#include "secret.h"

/*
 * Bounds that keep a hostile file cheap (docs/pki-config.md, "Limits"):
 * alias fan-out and deep merges while reading the document, and, checked on
 * the parser's events before the document is built, nesting (libyaml's
 * scanner is quadratic in it), anchors and aliases (its anchor lookup is
 * quadratic in them).
 */
#define CONFIG_MERGE_DEPTH 4
#define CONFIG_WORK_MAX    100000
#define CONFIG_DEPTH_MAX   16 /* nested mappings and lists; the format needs 4 */
#define CONFIG_ANCHORS_MAX 64
#define CONFIG_ALIASES_MAX 256

struct config_ctx {
	yaml_document_t *doc;
	const char *name;
	struct err *e;
	long work;
};

static int
config_error(struct config_ctx *c, const yaml_node_t *n, const char *fmt, const char *a,
             const char *b)
{
	char msg[300];

	snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
	err_code(c->e, DEMO_EXIT_CONFIG);
	err_set(c->e, "%s:%lu: %s", c->name, n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
	return err_fix(c->e, PKI_CONFIG_FIX);
}

static const char *
scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
config_string(struct config_ctx *c, const yaml_node_t *n, const char *key, char *out, size_t size)
{
	const char *v = scalar(n);

	if (v == NULL)
		return config_error(c, n, "'%s' must be a string%s", key, NULL);
	if (strlen(v) >= size)
		return config_error(c, n, "'%s' is too long%s", key, NULL);
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static int
config_long(struct config_ctx *c, const yaml_node_t *n, const char *key, long min, long max,
            long *out)
{
	const char *v = scalar(n);
	char *end;
	long x;

	if (v == NULL)
		return config_error(c, n, "'%s' must be a number%s", key, NULL);
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || x < min || x > max) {
		char range[64];

		snprintf(range, sizeof(range), " from %ld to %ld", min, max);
		return config_error(c, n, "'%s' must be a number%s", key, range);
	}
	*out = x;
	return 0;
}

/* A list of names (scalars), each checked by add. */
static int
config_names(struct config_ctx *c, const yaml_node_t *n, const char *key, struct pki_sans *out,
             int (*add)(struct pki_sans *, const char *, struct err *))
{
	yaml_node_item_t *it;
	yaml_node_t *item;

	if (n->type != YAML_SEQUENCE_NODE)
		return config_error(c, n, "'%s' must be a list%s", key, NULL);
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		item = yaml_document_get_node(c->doc, *it);
		if (++c->work > CONFIG_WORK_MAX)
			return config_error(c, item, "too much to read%s%s", NULL, NULL);
		if (scalar(item) == NULL)
			return config_error(c, item, "each item of '%s' must be a string%s", key,
			                    NULL);
		if (add(out, scalar(item), c->e) == -1)
			return config_error(c, item, "%s: %s", key, c->e->msg);
	}
	return 0;
}

static int
constraint_add(struct pki_sans *s, const char *v, struct err *e)
{
	unsigned char b[32];

	if (strncmp(v, "IP:", 3) == 0) {
		if (pki_cidr_parse(v + 3, b, e) == -1)
			return -1;
		if (s->n >= PKI_SAN_MAX)
			return err_set(e, "too many names");
		if ((s->v[s->n] = strdup(v)) == NULL)
			return err_set(e, "out of memory");
		s->n++;
		return 0;
	}
	if (strncmp(v, "DNS:", 4) != 0 && strncmp(v, "email:", 6) != 0)
		return err_set(e, "'%s' is not DNS:name, email:domain or IP:addr/prefix", v);
	return pki_sans_add(s, v, e);
}

static const char *const subject_fields[] = {"C", "ST", "L", "O", "OU", "CN"};
#define SUBJECT_NFIELDS (sizeof(subject_fields) / sizeof(subject_fields[0]))

/* Collects subject fields of map into vals; "<<" merges first, own keys override. */
static int
subject_collect(struct config_ctx *c, const yaml_node_t *map, const char **vals, int depth)
{
	yaml_node_pair_t *p;
	yaml_node_t *kn, *vn;
	const char *k, *v;
	size_t i;
	int pass;

	if (map->type != YAML_MAPPING_NODE)
		return config_error(c, map,
		                    "'subject' must be a string or a mapping of C ST L O OU "
		                    "CN%s%s",
		                    NULL, NULL);
	if (depth > CONFIG_MERGE_DEPTH)
		return config_error(c, map, "merges nested too deep%s%s", NULL, NULL);
	for (pass = 0; pass < 2; pass++) {
		for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
			kn = yaml_document_get_node(c->doc, p->key);
			vn = yaml_document_get_node(c->doc, p->value);
			k = scalar(kn);
			if (++c->work > CONFIG_WORK_MAX)
				return config_error(c, kn, "too much to read%s%s", NULL, NULL);
			if (k == NULL || vn == NULL)
				return config_error(c, kn, "keys must be strings%s%s", NULL, NULL);
			if ((strcmp(k, "<<") == 0) != (pass == 0))
				continue;
			if (pass == 0) {
				if (subject_collect(c, vn, vals, depth + 1) == -1)
					return -1;
				continue;
			}
			for (i = 0; i < SUBJECT_NFIELDS && strcmp(k, subject_fields[i]) != 0; i++)
				;
			if (i == SUBJECT_NFIELDS)
				return config_error(c, kn,
				                    "unknown subject field '%s' (C ST L O OU CN)%s",
				                    k, NULL);
			if ((v = scalar(vn)) == NULL || strchr(v, '/') != NULL || v[0] == '\0')
				return config_error(
				        c, vn, "subject field %s must be a string without '/'%s", k,
				        NULL);
			vals[i] = v;
		}
	}
	return 0;
}

/* subject: "CN=..,O=.." or a mapping of fields; written as "/F=v/F=v". */
static int
config_subject(struct config_ctx *c, const yaml_node_t *n, char *out, size_t size)
{
	const char *vals[SUBJECT_NFIELDS] = {NULL};
	size_t used = 0, i;

	if (scalar(n) != NULL)
		return config_string(c, n, "subject", out, size);
	if (subject_collect(c, n, vals, 0) == -1)
		return -1;
	out[0] = '\0';
	for (i = 0; i < SUBJECT_NFIELDS; i++) {
		if (vals[i] == NULL)
			continue;
		used += (size_t)snprintf(out + used, size - used, "/%s=%s", subject_fields[i],
		                         vals[i]);
		if (used >= size)
			return config_error(c, n, "'subject' is too long%s%s", NULL, NULL);
	}
	if (out[0] == '\0')
		return config_error(c, n, "'subject' is empty%s%s", NULL, NULL);
	return 0;
}

/* A path under --dir: relative, without "..", so a config cannot write elsewhere. */
static int
config_path(struct config_ctx *c, const yaml_node_t *n, const char *key, char *out, size_t size)
{
	if (config_string(c, n, key, out, size) == -1)
		return -1;
	if (out[0] == '/' || out[0] == '\0' || strstr(out, "..") != NULL)
		return config_error(c, n, "'%s' must be a relative path without '..'%s", key, NULL);
	return 0;
}

static int config_cert_pairs(struct config_ctx *c, const yaml_node_t *map,
                             struct pki_config_cert *cert, int depth);

/* "<<: *anchor" or "<<: [*a, *b]": the merged mappings' keys, as if written here. */
static int
config_cert_merge(struct config_ctx *c, yaml_node_t *v, struct pki_config_cert *cert, int depth)
{
	yaml_node_item_t *it;

	if (depth >= CONFIG_MERGE_DEPTH)
		return config_error(c, v, "merges nested too deep%s%s", NULL, NULL);
	if (v->type == YAML_MAPPING_NODE)
		return config_cert_pairs(c, v, cert, depth + 1);
	if (v->type != YAML_SEQUENCE_NODE)
		return config_error(c, v, "'<<' must merge a mapping or a list of them%s", NULL,
		                    NULL);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *m = yaml_document_get_node(c->doc, *it);

		if (m == NULL || m->type != YAML_MAPPING_NODE)
			return config_error(c, v, "'<<' must merge mappings%s%s", NULL, NULL);
		if (config_cert_pairs(c, m, cert, depth + 1) == -1)
			return -1;
	}
	return 0;
}

/* One "key: value" of a certificate section. */
static int
config_cert_field(struct config_ctx *c, const char *k, yaml_node_t *v, struct pki_config_cert *cert,
                  int depth)
{
	int leaf = cert->profile == PKI_PROFILE_SERVER || cert->profile == PKI_PROFILE_CLIENT;
	long x;

	if (strcmp(k, "<<") == 0)
		return config_cert_merge(c, v, cert, depth);
	if (strcmp(k, "subject") == 0)
		return config_subject(c, v, cert->subject, sizeof(cert->subject));
	if (strcmp(k, "key") == 0) {
		if (scalar(v) == NULL || pki_key_spec_parse(scalar(v), &cert->key, c->e) == -1)
			return config_error(c, v,
			                    "'key' must be one of p256 p384 rsa2048 rsa3072 "
			                    "rsa4096 ed25519%s%s",
			                    NULL, NULL);
		return 0;
	}
	if (strcmp(k, "days") == 0) {
		if (config_long(c, v, k, 1, leaf ? 825 : 36500, &x) == -1)
			return -1;
		cert->days = x;
		return 0;
	}
	if (strcmp(k, "pathlen") == 0 && cert->profile == PKI_PROFILE_INTERMEDIATE) {
		if (config_long(c, v, k, 0, 8, &x) == -1)
			return -1;
		cert->pathlen = (int)x;
		return 0;
	}
	if (strcmp(k, "name_constraints") == 0 && cert->profile == PKI_PROFILE_ROOT)
		return config_names(c, v, k, &cert->permitted, constraint_add);
	if (strcmp(k, "sans") == 0 && leaf)
		return config_names(c, v, k, &cert->sans, pki_sans_add);
	if (strcmp(k, "profile") == 0 && leaf) {
		if (scalar(v) == NULL ||
		    (strcmp(scalar(v), "server") != 0 && strcmp(scalar(v), "client") != 0))
			return config_error(c, v, "'profile' must be server or client%s%s", NULL,
			                    NULL);
		cert->profile =
		        strcmp(scalar(v), "server") == 0 ? PKI_PROFILE_SERVER : PKI_PROFILE_CLIENT;
		return 0;
	}
	if (strcmp(k, "passphrase") == 0) {
		if (config_string(c, v, k, cert->pass_source, sizeof(cert->pass_source)) == -1)
			return -1;
		/* The value is echoed in no message: it may be a passphrase by mistake. */
		if (!passphrase_source_valid(cert->pass_source)) {
			secret_wipe(cert->pass_source, sizeof(cert->pass_source));
			config_error(c, v,
			             "'passphrase' in %s must say where the passphrase comes "
			             "from (env:VAR, file:PATH, fd:N or prompt), never the "
			             "passphrase itself%s",
			             cert->name, NULL);
			return err_fix(c->e, "put the passphrase in a file and write passphrase: "
			                     "file:PATH (or env:VAR)");
		}
		return 0;
	}
	if (strcmp(k, "cert_file") == 0 && leaf)
		return config_path(c, v, k, cert->cert_path, sizeof(cert->cert_path));
	if (strcmp(k, "key_file") == 0 && leaf)
		return config_path(c, v, k, cert->key_path, sizeof(cert->key_path));
	return config_error(c, v, "unknown key '%s' in %s", k, cert->name);
}

static int
config_cert_pairs(struct config_ctx *c, const yaml_node_t *map, struct pki_config_cert *cert,
                  int depth)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	if (map->type != YAML_MAPPING_NODE)
		return config_error(c, map, "'%s' must be a mapping%s", cert->name, NULL);
	/* Merged values come first so the section's own keys override them. */
	for (int pass = 0; pass < 2; pass++) {
		for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
			k = yaml_document_get_node(c->doc, p->key);
			v = yaml_document_get_node(c->doc, p->value);
			if (++c->work > CONFIG_WORK_MAX)
				return config_error(c, k, "too much to read%s%s", NULL, NULL);
			if (scalar(k) == NULL || v == NULL)
				return config_error(c, k, "keys must be strings%s%s", NULL, NULL);
			if ((strcmp(scalar(k), "<<") == 0) != (pass == 0))
				continue;
			if (config_cert_field(c, scalar(k), v, cert, depth) == -1)
				return -1;
		}
	}
	return 0;
}

static void
config_cert_init(struct pki_config_cert *cert, const char *name, enum pki_profile p)
{
	memset(cert, 0, sizeof(*cert));
	snprintf(cert->name, sizeof(cert->name), "%s", name);
	cert->profile = p;
	cert->key.type = PKI_KEY_EC_P256;
	cert->days = p == PKI_PROFILE_SERVER || p == PKI_PROFILE_CLIENT ? 825 : 3650;
	cert->pathlen = 0;
}

static int
config_leaf_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= 64)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' &&
		    *s != '-')
			return 0;
	return 1;
}

static int
config_leaves(struct config_ctx *c, const yaml_node_t *n, struct pki_config *cfg)
{
	yaml_node_pair_t *p;
	struct pki_config_cert *leaf;
	const char *name;
	int i;

	if (n->type != YAML_MAPPING_NODE)
		return config_error(c, n, "'leaves' must be a mapping of name: settings%s%s", NULL,
		                    NULL);
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		name = scalar(yaml_document_get_node(c->doc, p->key));
		if (name == NULL || !config_leaf_name_valid(name))
			return config_error(
			        c, yaml_document_get_node(c->doc, p->key),
			        "a leaf's name must be lower-case letters, digits, '-' or '_'%s%s",
			        NULL, NULL);
		for (i = 0; i < cfg->nleaf; i++)
			if (strcmp(cfg->leaf[i].name, name) == 0)
				return config_error(c, yaml_document_get_node(c->doc, p->key),
				                    "leaf '%s' is defined twice%s", name, NULL);
		if (cfg->nleaf >= PKI_CONFIG_LEVELS)
			return config_error(c, yaml_document_get_node(c->doc, p->key),
			                    "too many leaves (at most 8)%s%s", NULL, NULL);
		leaf = &cfg->leaf[cfg->nleaf++];
		config_cert_init(leaf, name, PKI_PROFILE_SERVER);
		if (config_cert_pairs(c, yaml_document_get_node(c->doc, p->value), leaf, 0) == -1)
			return -1;
		if (leaf->subject[0] == '\0')
			snprintf(leaf->subject, sizeof(leaf->subject), "/CN=%s", name);
		if (leaf->profile == PKI_PROFILE_SERVER && leaf->sans.n == 0)
			return config_error(c, yaml_document_get_node(c->doc, p->value),
			                    "server leaf '%s' needs 'sans'%s", name, NULL);
	}
	return 0;
}

static int
config_top(struct config_ctx *c, yaml_node_t *root, struct pki_config *cfg)
{
	int have_root = 0, have_inter = 0;
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	const char *key;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		return config_error(c, root,
		                    "the file must be a mapping with root, intermediate and "
		                    "leaves%s%s",
		                    NULL, NULL);
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(c->doc, p->key);
		v = yaml_document_get_node(c->doc, p->value);
		if ((key = scalar(k)) == NULL || v == NULL)
			return config_error(c, k, "keys must be strings%s%s", NULL, NULL);
		if (strncmp(key, "x-", 2) == 0 || strcmp(key, "defaults") == 0)
			continue; /* a place for anchors */
		if (strcmp(key, "root") == 0 && !have_root++) {
			if (config_cert_pairs(c, v, &cfg->root, 0) == -1)
				return -1;
		} else if (strcmp(key, "intermediate") == 0 && !have_inter++) {
			if (config_cert_pairs(c, v, &cfg->intermediate, 0) == -1)
				return -1;
		} else if (strcmp(key, "leaves") == 0 && cfg->nleaf == 0) {
			if (config_leaves(c, v, cfg) == -1)
				return -1;
		} else {
			return config_error(c, k,
			                    "unknown or repeated top-level key '%s' (root, "
			                    "intermediate, leaves, defaults, x-...)%s",
			                    key, NULL);
		}
	}
	if (!have_root || !have_inter || cfg->nleaf == 0)
		return config_error(c, root, "the file needs root, intermediate and leaves%s%s",
		                    NULL, NULL);
	if (cfg->root.subject[0] == '\0' || cfg->intermediate.subject[0] == '\0')
		return config_error(c, root, "root and intermediate each need a 'subject'%s%s",
		                    NULL, NULL);
	return 0;
}

/* libyaml's own complaint (a syntax error), with its line. */
static int
config_syntax_error(const yaml_parser_t *parser, const char *name, struct err *e)
{
	if (parser->error == YAML_MEMORY_ERROR)
		return err_set(e, "out of memory");
	err_code(e, DEMO_EXIT_CONFIG);
	err_set(e, "%s:%lu: %s%s%s", name, (unsigned long)parser->problem_mark.line + 1,
	        parser->problem ? parser->problem : "not YAML", parser->context ? " " : "",
	        parser->context ? parser->context : "");
	return err_fix(e, PKI_CONFIG_FIX);
}

/* What the event pass has seen so far. */
struct config_bounds {
	const char *name;
	struct err *e;
	int depth, docs, anchors, aliases;
	int ended; /* the document ended with "..." */
};

static int
config_bounds_error(struct config_bounds *b, const yaml_mark_t *m, const char *fix, const char *fmt,
                    const char *a)
{
	char msg[200];

	snprintf(msg, sizeof(msg), fmt, a ? a : "");
	err_code(b->e, DEMO_EXIT_CONFIG);
	err_set(b->e, "%s:%lu:%lu: %s", b->name, (unsigned long)m->line + 1,
	        (unsigned long)m->column + 1, msg);
	return err_fix(b->e, "%s", fix);
}

/* One event against the bounds: one document, no tags, shallow, few anchors and aliases. */
static int
config_bounds_event(struct config_bounds *b, const yaml_event_t *ev)
{
	const yaml_char_t *tag = NULL, *anchor = NULL;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return config_bounds_error(
			        b, &ev->start_mark,
			        "keep one document: remove this '---' and what follows it",
			        "a second YAML document; a config is one document%s", NULL);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		b->ended = !ev->data.document_end.implicit;
		return 0;
	case YAML_ALIAS_EVENT:
		if (++b->aliases > CONFIG_ALIASES_MAX)
			return config_bounds_error(b, &ev->start_mark,
			                           "write some values out instead of aliasing them",
			                           "more than 256 aliases (*name)%s", NULL);
		return 0;
	case YAML_SCALAR_EVENT:
		tag = ev->data.scalar.tag;
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	default:
		return 0;
	}
	if (tag != NULL)
		return config_bounds_error(b, &ev->start_mark,
		                           "remove the tag: values are plain strings, lists and "
		                           "mappings",
		                           "YAML tags are not part of the format (this one is "
		                           "'%.60s')",
		                           (const char *)tag);
	if (anchor != NULL && ++b->anchors > CONFIG_ANCHORS_MAX)
		return config_bounds_error(b, &ev->start_mark,
		                           "write some values out instead of anchoring them",
		                           "more than 64 anchors (&name)%s", NULL);
	if (ev->type != YAML_SCALAR_EVENT && ++b->depth > CONFIG_DEPTH_MAX)
		return config_bounds_error(b, &ev->start_mark, PKI_CONFIG_FIX,
		                           "mappings and lists nested more than 16 deep (the "
		                           "format needs 4)%s",
		                           NULL);
	return 0;
}

/*
 * A first pass over the parser's events, before anything is built. It stops
 * at the first event past a bound, so libyaml never scans far into a deeply
 * nested file, and never composes a second document or one heavy with anchors.
 */
static int
config_bounds_check(const char *buf, size_t len, const char *name, struct err *e)
{
	struct config_bounds b = {name, e, 0, 0, 0, 0, 0};
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0, end = 0;

	if (!yaml_parser_initialize(&parser))
		return err_set(e, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (rc == 0 && !end) {
		if (!yaml_parser_parse(&parser, &ev)) {
			/* libyaml wants "---" after "...": say it is a second document. */
			if (b.ended && parser.error == YAML_PARSER_ERROR)
				rc = config_bounds_error(
				        &b, &parser.problem_mark,
				        "keep one document: remove the '...' and what follows",
				        "content after '...', the end of the document; a "
				        "config is one document%s",
				        NULL);
			else
				rc = config_syntax_error(&parser, name, e);
			break;
		}
		end = ev.type == YAML_STREAM_END_EVENT;
		rc = config_bounds_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int
pki_config_parse(const char *buf, size_t len, const char *name, struct pki_config *cfg,
                 struct err *e)
{
	struct config_ctx c = {NULL, name, e, 0};
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	config_cert_init(&cfg->root, "root", PKI_PROFILE_ROOT);
	config_cert_init(&cfg->intermediate, "intermediate", PKI_PROFILE_INTERMEDIATE);
	if (config_bounds_check(buf, len, name, e) == -1)
		return -1;
	if (!yaml_parser_initialize(&parser))
		return err_set(e, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		config_syntax_error(&parser, name, e);
		yaml_parser_delete(&parser);
		pki_config_free(cfg);
		return -1;
	}
	c.doc = &doc;
	rc = config_top(&c, yaml_document_get_root_node(&doc), cfg);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc == -1)
		pki_config_free(cfg);
	return rc;
}

void
pki_config_free(struct pki_config *cfg)
{
	int i;

	pki_sans_free(&cfg->root.sans);
	pki_sans_free(&cfg->root.permitted);
	pki_sans_free(&cfg->intermediate.sans);
	pki_sans_free(&cfg->intermediate.permitted);
	for (i = 0; i < PKI_CONFIG_LEVELS; i++) {
		pki_sans_free(&cfg->leaf[i].sans);
		pki_sans_free(&cfg->leaf[i].permitted);
	}
}
