#include "chunk.h"

#include <string.h>

/* tchar (RFC 9110 section 5.6.2) */
static int
chunk_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
chunk_hex(unsigned char c)
{
	return (c >= '0' && c <= '9')   ? c - '0'
	       : (c >= 'a' && c <= 'f') ? c - 'a' + 10
	       : (c >= 'A' && c <= 'F') ? c - 'A' + 10
	                                : -1;
}

/* Skips BWS (spaces and tabs) from i. */
static size_t
chunk_bws(const char *line, size_t len, size_t i)
{
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i;
}

/* One "= value" of an extension at i (after the name): returns the index past it, or 0. */
static size_t
chunk_ext_value(const char *line, size_t len, size_t i)
{
	size_t s;

	i = chunk_bws(line, len, i + 1);
	if (i < len && line[i] == '"') {
		for (i++; i < len && line[i] != '"'; i++)
			if (line[i] == '\\')
				i++;
		return i < len ? i + 1 : 0;
	}
	for (s = i; i < len && chunk_tchar((unsigned char)line[i]); i++)
		;
	return i == s ? 0 : i;
}

long long
chunk_size_parse(const char *line, size_t len, size_t *digits)
{
	unsigned long long n = 0;
	size_t i = 0, sig = 0;
	int d;

	for (; i < len && (d = chunk_hex((unsigned char)line[i])) >= 0; i++) {
		if (n > 0 || d > 0)
			sig++;
		if (sig > 15)
			return CHUNK_SIZE_TOO_BIG;
		n = n * 16 + (unsigned)d;
	}
	if (i == 0)
		return CHUNK_SIZE_BAD;
	*digits = i;
	while (i < len) {
		i = chunk_bws(line, len, i);
		if (i >= len || line[i++] != ';')
			return CHUNK_SIZE_BAD;
		i = chunk_bws(line, len, i);
		if (i >= len || !chunk_tchar((unsigned char)line[i]))
			return CHUNK_SIZE_BAD;
		while (i < len && chunk_tchar((unsigned char)line[i]))
			i++;
		i = chunk_bws(line, len, i);
		if (i < len && line[i] == '=' && (i = chunk_ext_value(line, len, i)) == 0)
			return CHUNK_SIZE_BAD;
	}
	return (long long)n;
}
