/* Internal to http.c and http_request.c: the character classes of RFC 9110. */
#ifndef CLIENT_HTTP_INT_H
#define CLIENT_HTTP_INT_H

#include <ctype.h>
#include <string.h>

/* RFC 9110 section 5.6.2 tchar. */
static inline int
http_tchar(int c)
{
	return isalnum(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 9110 section 5.5 field-value characters: HTAB, SP, VCHAR, obs-text. */
static inline int
http_vchar(int c)
{
	return c == '\t' || c == ' ' || (c >= 0x21 && c != 0x7f);
}

#endif
