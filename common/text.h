/*
 * Text helpers every program shares, written once: JSON string literals and
 * hexadecimal (plain, or as a colon-separated fingerprint).
 */
#ifndef DEMO_TEXT_H
#define DEMO_TEXT_H

#include <stddef.h>

/*
 * Returns s (NULL reads as "") as a JSON string literal, quotes included, in a
 * new buffer the caller frees; NULL if out of memory. One rule everywhere
 * (RFC 8259 section 7): well-formed UTF-8 passes through as it is; '"' and
 * '\' get a backslash; control characters (U+0000-U+001F, U+007F and the C1
 * range U+0080-U+009F) become \u00XX; every byte that is not part of
 * well-formed UTF-8 (a stray continuation byte, a truncated or overlong
 * sequence, a surrogate, past U+10FFFF) becomes \ufffd, the replacement
 * character. The result is therefore always valid UTF-8 and valid JSON.
 */
char *text_json_string(const char *s);

/* Size of the buffer text_fingerprint needs for n bytes ("AB:CD", NUL included). */
#define TEXT_FPR_SIZE(n) (3 * (n) + 1)

/*
 * Writes the n bytes at p as upper-case hex pairs joined by ':' ("AB:CD:EF"),
 * the way certificate fingerprints are shown. Writes as many whole pairs as
 * fit in size (always NUL-terminated when size > 0). Returns out.
 */
char *text_fingerprint(const unsigned char *p, size_t n, char *out, size_t size);

/* As text_fingerprint, but lower-case and without separators ("abcdef"). */
char *text_hex(const unsigned char *p, size_t n, char *out, size_t size);

#endif
