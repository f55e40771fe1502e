/*
 * https_pki trust / untrust, the pure parts: nicknames and file names
 * derived from a certificate, and reading what certutil prints. No I/O, so
 * the unit tests (tests/unit/test_pki_trust.c) drive all of it.
 */
#include "trust_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

static int
trust_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
pki_trust_nickname(const char *cn, const unsigned char *sha256, size_t sha256_len, char *out,
                   size_t size)
{
	char name[49], hex[2 * PKI_TRUST_FPR_BYTES + 1];
	size_t n = 0;
	int gap = 0, bad, r;

	if (sha256 == NULL || sha256_len < PKI_TRUST_FPR_BYTES)
		return -1;
	for (; cn != NULL && *cn != '\0'; cn++) {
		unsigned char c = (unsigned char)*cn;

		if (trust_is_blank(c)) {
			gap = n > 0;
			continue;
		}
		bad = c < 0x21 || c > 0x7e || c == ':' || c == '"' || c == '\\' ||
		      (n == 0 && c == '-');
		if (bad && !gap && n > 0 && name[n - 1] == '_')
			continue; /* one '_' per run of odd bytes (UTF-8, controls) */
		if (n + (gap ? 2 : 1) > sizeof(name) - 1)
			break;
		if (gap)
			name[n++] = ' ';
		name[n++] = bad ? '_' : (char)c;
		gap = 0;
	}
	name[n] = '\0';
	text_hex(sha256, PKI_TRUST_FPR_BYTES, hex, sizeof(hex));
	r = snprintf(out, size, "%s %s", n > 0 ? name : "https-demo CA", hex);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

int
pki_trust_name_valid(const char *name)
{
	size_t n, i;

	if (name == NULL)
		return 0;
	n = strlen(name);
	if (n == 0 || n >= PKI_TRUST_NICK_MAX || name[0] == '-' || name[0] == ' ' ||
	    name[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c > 0x7e || c == ':' || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

int
pki_trust_slug(const char *nick, char *out, size_t size)
{
	size_t n = 0;
	int dash = 0;

	for (; *nick != '\0'; nick++) {
		unsigned char c = (unsigned char)*nick;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			dash = n > 0;
			continue;
		}
		if (n + (dash ? 2 : 1) >= size)
			return -1;
		if (dash)
			out[n++] = '-';
		out[n++] = (char)tolower(c);
		dash = 0;
	}
	if (n == 0 || size == 0)
		return -1;
	out[n] = '\0';
	return 0;
}

static const char *
trust_next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl != NULL ? nl + 1 : p + strlen(p);
}

static size_t
trust_indent(const char *p)
{
	size_t n = 0;

	while (p[n] == ' ' || p[n] == '\t')
		n++;
	return n;
}

/* Length of the text of the line at p without indentation or trailing blanks. */
static size_t
trust_line_text(const char *p, const char **text)
{
	size_t len;

	*text = p + trust_indent(p);
	len = strcspn(*text, "\n");
	while (len > 0 && trust_is_blank((unsigned char)(*text)[len - 1]))
		len--;
	return len;
}

static int
trust_line_is(const char *p, const char *want)
{
	const char *t;
	size_t len = trust_line_text(p, &t);

	return len == strlen(want) && memcmp(t, want, len) == 0;
}

static const struct {
	const char *text;
	int bit;
} trust_ssl_names[] = {
        {"Valid CA", PKI_TRUST_SSL_VALID_CA},
        {"Trusted CA", PKI_TRUST_SSL_TRUSTED_CA},
        {"Trusted Client CA", PKI_TRUST_SSL_CLIENT_CA},
        {"Valid Peer", PKI_TRUST_SSL_PEER},
        {"Trusted", PKI_TRUST_SSL_PEER},
};

static int
trust_ssl_bit(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(trust_ssl_names) / sizeof(trust_ssl_names[0]); i++)
		if (trust_line_is(p, trust_ssl_names[i].text))
			return trust_ssl_names[i].bit;
	return PKI_TRUST_SSL_OTHER;
}

int
pki_trust_parse_ssl_flags(const char *text)
{
	const char *sec, *start, *p;
	size_t sec_indent, ssl_indent;
	int mask = 0;

	sec = strstr(text, "Certificate Trust Flags:");
	if (sec == NULL)
		return -1;
	for (start = sec; start > text && start[-1] != '\n'; start--)
		;
	sec_indent = (size_t)(sec - start);
	for (p = trust_next_line(sec); *p != '\0'; p = trust_next_line(p)) {
		if (trust_indent(p) <= sec_indent)
			return -1; /* left the section without an SSL line */
		if (trust_line_is(p, "SSL Flags:"))
			break;
	}
	if (*p == '\0')
		return -1;
	ssl_indent = trust_indent(p);
	for (p = trust_next_line(p); *p != '\0'; p = trust_next_line(p)) {
		const char *t;

		if (trust_line_text(p, &t) == 0 || trust_indent(p) <= ssl_indent)
			break;
		mask |= trust_ssl_bit(p);
	}
	return mask;
}

const char *
pki_trust_ssl_flags_str(int mask, char *buf, size_t size)
{
	static const char *const names[] = {"Valid CA", "Trusted CA", "Trusted Client CA", "peer",
	                                    "other"};
	size_t i, n = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && n < size; i++)
		if (mask & (1 << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "",
			                      names[i]);
	if (mask <= 0)
		snprintf(buf, size, "none");
	return buf;
}

int
pki_trust_attrs_ssl_trusted(const char *attrs)
{
	const char *p;
	int commas = 0, trusted = 0;

	for (p = attrs; *p != '\0'; p++) {
		if (*p == ',')
			commas++;
		else if (strchr("pPcCTuwg", *p) == NULL)
			return -1;
		else if (*p == 'C' && commas == 0)
			trusted = 1;
	}
	return commas == 2 ? trusted : -1;
}

int
pki_trust_list_next(const char **cursor, char *nick, size_t nick_size, char *attrs,
                    size_t attrs_size)
{
	const char *p = *cursor;

	while (*p != '\0') {
		const char *line, *end, *tok;
		size_t len = trust_line_text(p, &line);

		p = trust_next_line(p);
		end = line + len;
		for (tok = end; tok > line && !trust_is_blank((unsigned char)tok[-1]); tok--)
			;
		if (tok == line || (size_t)(end - tok) >= attrs_size)
			continue; /* one word (a header) or no room */
		memcpy(attrs, tok, (size_t)(end - tok));
		attrs[end - tok] = '\0';
		if (pki_trust_attrs_ssl_trusted(attrs) == -1)
			continue;
		while (tok > line && trust_is_blank((unsigned char)tok[-1]))
			tok--;
		if ((size_t)(tok - line) >= nick_size)
			continue;
		memcpy(nick, line, (size_t)(tok - line));
		nick[tok - line] = '\0';
		*cursor = p;
		return 1;
	}
	*cursor = p;
	return 0;
}

size_t
pki_trust_first_line(const char *text, const char **line)
{
	const char *p;
	size_t len = 0;

	*line = "";
	for (p = text != NULL ? text : ""; *p != '\0'; p = trust_next_line(p)) {
		len = trust_line_text(p, line);
		if (len > 0)
			break;
	}
	return len;
}
