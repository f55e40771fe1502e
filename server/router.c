/*
 * The one civetweb request handler: checks the request, cleans the path, and
 * hands it to the page table, /whoami, /echo or /chain.html.
 */
#include "router.h"

#include <string.h>

#include <civetweb.h>

#include "chain_page.h"
#include "conn.h"
#include "handlers.h"
#include "http.h"
#include "pages.h"
#include "tls.h"

static int
router_page(struct mg_connection *conn, const struct server_http *h, const char *method,
            const char *path)
{
	const struct server_page *pg;
	int head = strcmp(method, "HEAD") == 0;

	if (!head && strcmp(method, "GET") != 0)
		return server_http_send_error(conn, 405, "only GET and HEAD here",
		                              "Allow: GET, HEAD\r\n");
	if ((pg = server_pages_find(h->pages, path)) == NULL)
		return server_http_send_error(conn, 404, "no such page", NULL);
	return server_http_send(conn, 200, pg->type, "Cache-Control: no-cache\r\n", pg->body,
	                        pg->len, head);
}

int
server_router_handle(struct mg_connection *conn, void *cbdata)
{
	const struct server_http *h = cbdata;
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char path[2048];

	if (ri == NULL || ri->request_method == NULL)
		return server_http_send_error(conn, 400, "malformed request", NULL);
	if (server_http_draining())
		return server_http_send_error(conn, 503, "the server is stopping", NULL);
	/* This connection holds the last free worker: turn it away fast, keep one spare. */
	if (server_conn_overloaded())
		return server_http_send_error(conn, 503, "all workers are busy; try again",
		                              "Retry-After: 1\r\n");
	if (server_path_clean(ri->request_uri, path, sizeof(path)) == -1)
		return server_http_send_error(conn, 400, "bad path", NULL);
	if (strcmp(path, "/whoami") == 0)
		return server_whoami(conn, h);
	if (strcmp(path, "/echo") == 0)
		return server_echo(conn, h);
	if (strcmp(path, "/chain.html") == 0 && h->chain != NULL)
		return server_chain_page_send(conn, h->chain);
	return router_page(conn, h, ri->request_method, path);
}
