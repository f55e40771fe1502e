/*
 * The one JSON writer every program uses (https_client's --report and
 * -w '%{json}', https_server's /whoami, https_pki inspect --json): it places
 * the commas, colons and brackets, and writes every string through
 * text_json_string (common/text.c), so what it writes is valid JSON whatever
 * the bytes of a certificate's name or a request header.
 *
 * Each object or array is written in one of four layouts, chosen when it is
 * opened, so each program keeps the look its docs show:
 *   JSON_COMPACT  {"a":1,"b":[2,3]}
 *   JSON_LINE     {"a": 1, "b": [2, 3]}
 *   JSON_BLOCK    each member on its own line, indented two spaces a level,
 *                 and the closing bracket on its own line ("[]" when empty)
 *   JSON_HANG     {"a": 1,
 *                  "b": 2}   (a member a line, under the first; one space a level)
 *
 * key is the member name inside an object, NULL inside an array or at the top.
 * A misuse (no key in an object, a second value at the top, more than
 * JSON_DEPTH_MAX levels, a close with nothing open) writes nothing wrong: the
 * value is left out (a missing key becomes "") and json_writer_finish says -1.
 */
#ifndef DEMO_JSON_H
#define DEMO_JSON_H

#include <stdio.h>

#define JSON_DEPTH_MAX 16

enum json_layout { JSON_COMPACT, JSON_LINE, JSON_BLOCK, JSON_HANG };

struct json_level {
	enum json_layout layout;
	int array;  /* 1 in an array, 0 in an object */
	unsigned n; /* members written so far */
};

struct json_writer {
	FILE *f;
	int depth;    /* open containers */
	int skip;     /* containers opened by a misuse, left out with all they hold */
	int bad;      /* a misuse happened */
	unsigned top; /* values written at the top (one is right) */
	struct json_level lv[JSON_DEPTH_MAX];
};

/* Starts a document written to f. */
void json_writer_init(struct json_writer *j, FILE *f);

/* Opens an object or an array (member key of the enclosing object, or NULL). */
void json_object_open(struct json_writer *j, const char *key, enum json_layout layout);
void json_array_open(struct json_writer *j, const char *key, enum json_layout layout);

/* Closes the innermost open object or array. */
void json_close(struct json_writer *j);

/* One value each: a string (NULL reads as ""), integers, a number with six
 * decimals ("%.6f"; null when not finite), true/false, null. */
void json_string_put(struct json_writer *j, const char *key, const char *v);
void json_int_put(struct json_writer *j, const char *key, long long v);
void json_uint_put(struct json_writer *j, const char *key, unsigned long long v);
void json_real_put(struct json_writer *j, const char *key, double v);
void json_bool_put(struct json_writer *j, const char *key, int v);
void json_null_put(struct json_writer *j, const char *key);

/*
 * Closes whatever is still open (the document stays valid). Returns 0 when the
 * document was one whole value without misuse and f has no error, else -1.
 */
int json_writer_finish(struct json_writer *j);

#endif
