/* The generated pages: /whoami (who you are, as the server's TLS sees it) and /echo. */
#ifndef SERVER_HANDLERS_H
#define SERVER_HANDLERS_H

struct mg_connection;
struct server_http;

/* /whoami: the TLS session and client certificate, as HTML or JSON. Returns the status sent. */
int server_whoami(struct mg_connection *conn, const struct server_http *h);

/* /echo: POST only; sends back the body (at most SERVER_ECHO_MAX_BODY). Returns the status sent. */
int server_echo(struct mg_connection *conn, const struct server_http *h);

#endif
