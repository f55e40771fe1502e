/* Building the HTTP/1.1 request (RFC 9112 section 3). */
#ifndef CLIENT_HTTP_REQUEST_H
#define CLIENT_HTTP_REQUEST_H

#include <stddef.h>

#include "err.h"

/*
 * Formats the request into buf: method, path, Host, User-Agent, Accept,
 * Connection: close, the extra header lines (each "Name: value", checked for
 * CR/LF and a colon) and Content-Length when body_len >= 0. Returns the
 * length, or -1 with e set.
 */
int client_http_format_request(char *buf, size_t size, const char *method, const char *path,
                               const char *host_header, const char *const *extra, int nextra,
                               long long body_len, struct err *e);

#endif
