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

size_t
opts_distance(const char *a, size_t la, const char *b)
{
	size_t row[64], i, j, lb = strlen(b), prev, cur;

	la = la > 63 ? 63 : la;
	lb = lb > 63 ? 63 : lb;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev : 1 + prev;
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > cur + 1)
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

const char *
opts_suggest(const struct opt *table, const char *name, size_t len)
{
	const struct opt *o, *best = NULL;
	size_t d, best_d = (size_t)-1, limit = len < 6 ? 2 : 3;

	for (o = table; o->name != NULL; o++) {
		d = opts_distance(name, len, o->name);
		/* A prefix ("--insec") counts as close too. */
		if (len >= 3 && strncmp(o->name, name, len) == 0)
			d = 1;
		if (d < best_d)
			best = o, best_d = d;
	}
	return best != NULL && best_d <= limit ? best->name : NULL;
}

static int
unknown_long(const struct opt *table, const char *name, size_t len, struct err *e)
{
	const char *near = opts_suggest(table, name, len);

	err_set(e, "unknown option '--%.*s'", (int)len, name);
	if (near != NULL)
		return err_fix(e, "did you mean --%s? (try --help)", near);
	return err_fix(e, "try --help");
}

static int
needs_arg(const struct opt *o, int argc, char **argv, int *i, const char **arg, struct err *e)
{
	if (*i + 1 >= argc) {
		err_set(e, "--%s needs an argument (%s)", o->name, o->arg);
		return err_fix(e, "try --help");
	}
	*arg = argv[++*i];
	return 0;
}

/* "--name", "--name=VALUE" or "--name VALUE". */
static int
parse_long(const struct opt *table, int argc, char **argv, int *i, struct err *e)
{
	const char *s = argv[*i] + 2, *arg = NULL, *eq = strchr(s, '=');
	size_t len = eq ? (size_t)(eq - s) : strlen(s);
	const struct opt *o = find_long(table, s, len);

	if (o == NULL)
		return unknown_long(table, s, len, e);
	if (eq != NULL && o->arg == NULL)
		return err_set(e, "--%s takes no argument", o->name);
	if (eq != NULL)
		arg = eq + 1;
	else if (o->arg != NULL && needs_arg(o, argc, argv, i, &arg, e) == -1)
		return -1;
	return apply(o, arg, e);
}

/*
 * A cluster of short options, as getopt and curl read it: "-sS" is "-s -S";
 * the first option that takes an argument takes the rest ("-o-", "-sSofile")
 * or, when nothing is left, the next word ("-so FILE").
 */
static int
parse_short(const struct opt *table, int argc, char **argv, int *i, struct err *e)
{
	const char *s = argv[*i] + 1, *arg;
	const struct opt *o;

	for (; *s != '\0'; s++) {
		o = find_short(table, *s);
		if (o == NULL) {
			err_set(e, "unknown option '-%c'%s%s", *s, s == argv[*i] + 1 ? "" : " in ",
			        s == argv[*i] + 1 ? "" : argv[*i]);
			return err_fix(e, "try --help");
		}
		if (o->arg == NULL) {
			if (apply(o, NULL, e) == -1)
				return -1;
			continue;
		}
		arg = s + 1;
		if (*arg == '\0' && needs_arg(o, argc, argv, i, &arg, e) == -1)
			return -1;
		return apply(o, arg, e);
	}
	return 0;
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
		if ((argv[i][1] == '-' ? parse_long(table, argc, argv, &i, e)
		                       : parse_short(table, argc, argv, &i, e)) == -1) {
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
		/* Two spaces at least between the columns: tools read them apart. */
		fprintf(f, "  %-30s  %s\n", left, o->help);
	}
}
