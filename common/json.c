#include "json.h"

#include <math.h>
#include <stdlib.h>

#include "text.h"

void
json_writer_init(struct json_writer *j, FILE *f)
{
	j->f = f;
	j->depth = j->skip = j->bad = 0;
	j->top = 0;
}

static void
json_indent(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

/* Writes s as a JSON string literal; null if out of memory. */
static void
json_quote(struct json_writer *j, const char *s)
{
	char *q = text_json_string(s);

	if (q == NULL)
		j->bad = 1;
	fputs(q ? q : "null", j->f);
	free(q);
}

/*
 * Writes what comes before a value: the comma, the line break of the layout,
 * the key. Returns 0 when the value is to be written, -1 when it is left out.
 */
static int
json_member(struct json_writer *j, const char *key)
{
	struct json_level *l;

	if (j->skip > 0)
		return -1;
	if (j->depth == 0) {
		if (key != NULL || j->top > 0)
			j->bad = 1;
		return j->top++ > 0 ? -1 : 0;
	}
	l = &j->lv[j->depth - 1];
	if (l->n > 0)
		fputc(',', j->f);
	if (l->layout == JSON_BLOCK) {
		fputc('\n', j->f);
		json_indent(j->f, 2 * j->depth);
	} else if (l->n > 0 && l->layout == JSON_HANG) {
		fputc('\n', j->f);
		json_indent(j->f, j->depth);
	} else if (l->n > 0 && l->layout == JSON_LINE) {
		fputc(' ', j->f);
	}
	l->n++;
	if (l->array) {
		if (key != NULL)
			j->bad = 1;
		return 0;
	}
	if (key == NULL) {
		j->bad = 1;
		key = "";
	}
	json_quote(j, key);
	fputs(l->layout == JSON_COMPACT ? ":" : ": ", j->f);
	return 0;
}

static void
json_open(struct json_writer *j, const char *key, enum json_layout layout, int array)
{
	struct json_level *l;

	if (j->skip > 0) {
		j->skip++;
		return;
	}
	if (json_member(j, key) == -1) {
		j->skip++;
		return;
	}
	if (j->depth == JSON_DEPTH_MAX) {
		/* Too deep: null in its place, and what it would hold left out. */
		j->bad = 1;
		fputs("null", j->f);
		j->skip++;
		return;
	}
	fputc(array ? '[' : '{', j->f);
	l = &j->lv[j->depth++];
	l->layout = layout;
	l->array = array;
	l->n = 0;
}

void
json_object_open(struct json_writer *j, const char *key, enum json_layout layout)
{
	json_open(j, key, layout, 0);
}

void
json_array_open(struct json_writer *j, const char *key, enum json_layout layout)
{
	json_open(j, key, layout, 1);
}

void
json_close(struct json_writer *j)
{
	const struct json_level *l;

	if (j->skip > 0) {
		j->skip--;
		return;
	}
	if (j->depth == 0) {
		j->bad = 1;
		return;
	}
	l = &j->lv[--j->depth];
	if (l->layout == JSON_BLOCK && l->n > 0) {
		fputc('\n', j->f);
		json_indent(j->f, 2 * j->depth);
	}
	fputc(l->array ? ']' : '}', j->f);
}

void
json_string_put(struct json_writer *j, const char *key, const char *v)
{
	if (json_member(j, key) == 0)
		json_quote(j, v);
}

void
json_int_put(struct json_writer *j, const char *key, long long v)
{
	if (json_member(j, key) == 0)
		fprintf(j->f, "%lld", v);
}

void
json_uint_put(struct json_writer *j, const char *key, unsigned long long v)
{
	if (json_member(j, key) == 0)
		fprintf(j->f, "%llu", v);
}

void
json_real_put(struct json_writer *j, const char *key, double v)
{
	if (json_member(j, key) != 0)
		return;
	if (isfinite(v))
		fprintf(j->f, "%.6f", v);
	else
		fputs("null", j->f);
}

void
json_bool_put(struct json_writer *j, const char *key, int v)
{
	if (json_member(j, key) == 0)
		fputs(v ? "true" : "false", j->f);
}

void
json_null_put(struct json_writer *j, const char *key)
{
	if (json_member(j, key) == 0)
		fputs("null", j->f);
}

int
json_writer_finish(struct json_writer *j)
{
	if (j->depth > 0 || j->skip > 0)
		j->bad = 1;
	while (j->depth > 0 || j->skip > 0)
		json_close(j);
	if (j->top == 0) {
		j->bad = 1;
		fputs("null", j->f);
		j->top = 1;
	}
	return j->bad || ferror(j->f) ? -1 : 0;
}
