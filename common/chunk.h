/*
 * The one parser of an HTTP/1.1 chunk-size line (RFC 9112 section 7.1), for
 * https_client reading a chunked response and https_server's strict front
 * reading a chunked request body.
 */
#ifndef DEMO_CHUNK_H
#define DEMO_CHUNK_H

#include <stddef.h>

#define CHUNK_SIZE_BAD     (-1) /* not chunk-size [ chunk-ext ] */
#define CHUNK_SIZE_TOO_BIG (-2) /* more than 15 significant hex digits */

/*
 * Parses the len bytes of line (without its CRLF): chunk-size, then any
 * chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ).
 * Leading zeros are allowed; more than 15 significant digits (far beyond any
 * body either program takes) is too big. Returns the size and sets *digits to
 * the number of hex digits, or returns CHUNK_SIZE_BAD or CHUNK_SIZE_TOO_BIG.
 */
long long chunk_size_parse(const char *line, size_t len, size_t *digits);

#endif
