#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct opt *
find_long(const struct opt *t, const char *name, size_t len)
{
	for (; t->name != NULL; t++)
		if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
			return t;
	return NULL;
}

static const struct opt *
find_short(const struct opt *t, char c)
{
	for (; t->name != NULL; t++)
		if (t->short_name != 0 && t->short_name == c)
			return t;
	return NULL;
}

static int
apply(const struct opt *o, const char *arg, struct err *e)
{
	char *end;
	long v;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->target = 1;
		return 0;
	case OPT_COUNT:
		(*(int *)o->target)++;
		return 0;
	case OPT_STRING:
		*(const char **)o->target = arg;
		return 0;
	case OPT_INT:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || v < o->min || v > o->max)
			return err_set(e, "--%s: '%s' is not a number from %ld to %ld", o->name,
			               arg, o->min, o->max);
		*(long *)o->target = v;
		return 0;
	case OPT_FUNC:
		if (o->fn(arg, o->target, e) == -1) {
			err_prefix(e, "--%s", o->name);
			return -1;
		}
		return 0;
	}
	return err_set(e, "--%s: bad option table", o->name);
}

/* Handles argv[*i]; advances *i past a separate argument when one is used. */
static int
parse_one(const struct opt *table, int argc, char **argv, int *i, struct err *e)
{
	const char *s = argv[*i], *arg = NULL, *eq;
	const struct opt *o;

	if (s[1] == '-') {
		eq = strchr(s + 2, '=');
		o = find_long(table, s + 2, eq ? (size_t)(eq - s - 2) : strlen(s + 2));
		if (o == NULL)
			return err_set(e, "unknown option '%.*s'",
			               eq ? (int)(eq - s) : (int)strlen(s), s);
		if (eq != NULL && o->arg == NULL)
			return err_set(e, "--%s takes no argument", o->name);
		if (eq != NULL)
			arg = eq + 1;
	} else {
		o = find_short(table, s[1]);
		if (o == NULL)
			return err_set(e, "unknown option '-%c'", s[1]);
		if (s[2] != '\0' && o->arg == NULL)
			return err_set(e, "-%c takes no argument (write options separately)", s[1]);
		if (s[2] != '\0')
			arg = s + 2;
	}
	if (o->arg != NULL && arg == NULL) {
		if (*i + 1 >= argc)
			return err_set(e, "--%s needs an argument (%s)", o->name, o->arg);
		arg = argv[++*i];
	}
	return apply(o, arg, e);
}

int
opts_parse(const struct opt *table, int argc, char **argv, struct err *e)
{
	char **operands;
	int i, n = 0, first;

	operands = calloc((size_t)argc + 1, sizeof(*operands));
	if (operands == NULL)
		return err_set(e, "out of memory");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				operands[n++] = argv[i];
			break;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			operands[n++] = argv[i];
			continue;
		}
		if (parse_one(table, argc, argv, &i, e) == -1) {
			free(operands);
			return -1;
		}
	}
	first = argc - n;
	memcpy(argv + first, operands, (size_t)n * sizeof(*operands));
	free(operands);
	return first;
}

void
opts_usage(FILE *f, const struct opt *table)
{
	const struct opt *o;
	char left[64];

	for (o = table; o->name != NULL; o++) {
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
}
