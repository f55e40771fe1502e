/*
 * Which answer a request gets: the one civetweb request handler. It takes
 * every URI, so civetweb never serves a file itself (docs/architecture.md
 * fact 3); the answers are written by http.c (pages), handlers.c (/whoami,
 * /echo) and chain_page.c (/chain.html).
 */
#ifndef SERVER_ROUTER_H
#define SERVER_ROUTER_H

struct mg_connection;

/*
 * civetweb request handler for "/" (cbdata: struct server_http). Refuses a
 * malformed request (400), a stopping or overloaded server (503) and a path
 * outside the pages (400, via server_path_clean); answers GET and HEAD from
 * the page table. Returns the status sent.
 */
int server_router_handle(struct mg_connection *conn, void *cbdata);

#endif
