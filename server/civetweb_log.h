/*
 * civetweb's own log lines ("sslize error: error:0A000086:SSL routines::...")
 * carry OpenSSL's raw text. server_civetweb_log() says first, in a sentence,
 * what happened and what fits as a fix; the raw text follows in parentheses.
 */
#ifndef SERVER_CIVETWEB_LOG_H
#define SERVER_CIVETWEB_LOG_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes into buf (size bytes) the line to log for civetweb's message:
 * "what happened; fix: ... (civetweb: message)". Returns buf.
 */
const char *server_civetweb_explain(const char *message, char *buf, size_t size);

/* Prints "https_server: <explained line>" on f. */
void server_civetweb_log(FILE *f, const char *message);

#endif
