/* The plain-HTTP listener: ACME HTTP-01 challenge files, and redirects to https. */
#include "acme_http.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <civetweb.h>

#include "exits.h"
#include "http.h"
#include "log.h"

#define ACME_HOST_MAX 253
#define ACME_BODY_405 "405 Method Not Allowed: only GET and HEAD here\n"
#define ACME_BODY_301 "301 Moved Permanently: this site is served over https\n"

int
server_acme_http_check(const char *webroot, struct err *e)
{
	struct stat st;

	if (webroot == NULL)
		return 0;
	if (stat(webroot, &st) == -1) {
		err_set_errno(e, "--acme-webroot %s", webroot);
		err_fix(e,
		        "create the folder the ACME client writes challenges into (mkdir -p DIR)");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (!S_ISDIR(st.st_mode)) {
		err_set(e, "--acme-webroot %s is not a folder", webroot);
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

int
server_acme_token_valid(const char *token)
{
	size_t n = strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                         "0123456789-_");

	return n > 0 && n <= SERVER_ACME_TOKEN_MAX && token[n] == '\0';
}

int
server_acme_host_valid(const char *host)
{
	size_t n = strspn(host, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                        "0123456789.-");
	size_t digits;

	if (n == 0 || n > ACME_HOST_MAX || host[0] == '.' || host[0] == '-')
		return 0;
	if (host[n] == '\0')
		return 1;
	if (host[n] != ':')
		return 0;
	digits = strspn(host + n + 1, "0123456789");
	return digits > 0 && digits <= 5 && host[n + 1 + digits] == '\0';
}

/* Sends a complete plain-HTTP response that closes the connection. Returns status. */
static int
acme_send_typed(struct mg_connection *conn, int status, const char *reason, const char *ctype,
                const char *extra, const char *body, size_t len, int head_only)
{
	char head[512 + SERVER_ACME_TARGET_MAX + ACME_HOST_MAX];
	int n = snprintf(head, sizeof(head),
	                 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	                 "Cache-Control: no-store\r\n%sConnection: close\r\n\r\n",
	                 status, reason, ctype, len, extra ? extra : "");
	int rc;

	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	mg_disable_connection_keep_alive(conn);
	rc = server_http_write(conn, head, (size_t)n);
	if (rc == 0 && !head_only)
		rc = server_http_write(conn, body, len);
	server_http_sent(conn, status, head_only ? 0 : (long long)len, rc);
	return status;
}

static int
acme_send(struct mg_connection *conn, int status, const char *reason, const char *extra,
          const char *body, size_t len, int head_only)
{
	return acme_send_typed(conn, status, reason, "text/plain", extra, body, len, head_only);
}

static int
acme_text(struct mg_connection *conn, int status, const char *reason, const char *msg)
{
	char body[160];
	int n = snprintf(body, sizeof(body), "%d %s: %s\n", status, reason, msg);

	return acme_send(conn, status, reason, NULL, body, n > 0 ? (size_t)n : 0, 0);
}

/* Reads path (a regular file, no link, smaller than size) into buf. */
static int
acme_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size < size) {
		n = read(fd, buf, size);
		if (n >= 0 && (size_t)n < size) {
			*len = (size_t)n;
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

/* Reads webroot/.well-known/acme-challenge/token (a regular file, no link). */
static int
acme_read_token(const char *webroot, const char *token, char *buf, size_t size, size_t *len)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s%s%s", webroot, SERVER_ACME_PREFIX, token) >=
	    (int)sizeof(path))
		return -1;
	return acme_read_file(path, buf, size, len);
}

int
server_crl_name_valid(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

	return n > 0 && n <= 64 &&
	       (strcmp(name + n, ".crl") == 0 || strcmp(name + n, ".crl.pem") == 0);
}

int
server_crl_dir_check(const char *crl_dir, struct err *e)
{
	struct stat st;

	if (crl_dir == NULL)
		return 0;
	if (stat(crl_dir, &st) == -1) {
		err_set_errno(e, "--crl-dir %s", crl_dir);
		err_code(e, DEMO_EXIT_FILE);
		return err_fix(e,
		               "make the CRLs first: https_pki crl --ca-dir DIR/private_ca "
		               "--out-dir %s",
		               crl_dir);
	}
	if (!S_ISDIR(st.st_mode)) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "--crl-dir %s is not a folder", crl_dir);
		return err_fix(e, "give the folder https_pki crl --out-dir wrote");
	}
	return 0;
}

/* GET or HEAD /crl/NAME: the CRL file, DER (application/pkix-crl, RFC 2585) or PEM. */
static int
acme_crl(struct mg_connection *conn, const struct server_acme_http *a, const char *method,
         const char *name)
{
	char path[4096], *body;
	size_t len = 0;
	int head = strcmp(method, "HEAD") == 0, pem, status;

	if (!head && strcmp(method, "GET") != 0)
		return acme_send(conn, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n",
		                 ACME_BODY_405, sizeof(ACME_BODY_405) - 1, 0);
	/* The name's charset has no '/' or '%', and only the suffix has dots: it stays in the folder. */
	if (a->crl_dir == NULL || !server_crl_name_valid(name))
		return acme_text(conn, 404, "Not Found", "no such CRL");
	if (snprintf(path, sizeof(path), "%s/%s", a->crl_dir, name) >= (int)sizeof(path) ||
	    (body = malloc(SERVER_CRL_FILE_MAX)) == NULL)
		return acme_text(conn, 404, "Not Found", "no such CRL");
	if (acme_read_file(path, body, SERVER_CRL_FILE_MAX, &len) == -1) {
		free(body);
		return acme_text(conn, 404, "Not Found", "no such CRL");
	}
	pem = strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".pem") == 0;
	status = acme_send_typed(conn, 200, "OK",
	                         pem ? "application/x-pem-file" : "application/pkix-crl", NULL,
	                         body, len, head);
	free(body);
	return status;
}

static int
acme_challenge(struct mg_connection *conn, const struct server_acme_http *a, const char *method,
               const char *token)
{
	char body[SERVER_ACME_FILE_MAX];
	size_t len = 0;
	int head = strcmp(method, "HEAD") == 0;

	if (!head && strcmp(method, "GET") != 0)
		return acme_send(conn, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n",
		                 ACME_BODY_405, sizeof(ACME_BODY_405) - 1, 0);
	/* The token charset has no '/', '.' or '%': no path can leave the folder. */
	if (!server_acme_token_valid(token))
		return acme_text(conn, 404, "Not Found", "not an ACME challenge token");
	if (a->webroot == NULL ||
	    acme_read_token(a->webroot, token, body, sizeof(body), &len) == -1)
		return acme_text(conn, 404, "Not Found", "no such challenge");
	return acme_send(conn, 200, "OK", NULL, body, len, head);
}

/* 1 if every byte of s is printable ASCII other than space (nothing to split a header). */
static int
acme_target_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int
acme_redirect(struct mg_connection *conn, const struct mg_request_info *ri,
              const struct server_acme_http *a)
{
	const char *host = mg_get_header(conn, "Host"), *q = ri->query_string;
	char loc[64 + SERVER_ACME_TARGET_MAX + ACME_HOST_MAX];
	size_t hlen;
	int n;

	if (host == NULL || !server_acme_host_valid(host))
		return acme_text(conn, 400, "Bad Request",
		                 "a Host header with a host name is needed");
	if (strlen(ri->local_uri) + (q ? strlen(q) : 0) > SERVER_ACME_TARGET_MAX ||
	    !acme_target_safe(ri->local_uri) || (q != NULL && !acme_target_safe(q)))
		return acme_text(conn, 400, "Bad Request", "bad request target");
	hlen = strcspn(host, ":");
	n = snprintf(loc, sizeof(loc), "Location: https://%.*s:%ld%s%s%s\r\n", (int)hlen, host,
	             a->https_port, ri->local_uri, q ? "?" : "", q ? q : "");
	if (n < 0 || (size_t)n >= sizeof(loc))
		return acme_text(conn, 400, "Bad Request", "bad request target");
	return acme_send(conn, 301, "Moved Permanently", loc, ACME_BODY_301,
	                 sizeof(ACME_BODY_301) - 1, strcmp(ri->request_method, "HEAD") == 0);
}

int
server_acme_http_handle(struct mg_connection *conn, const struct server_acme_http *a)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	size_t plen = strlen(SERVER_ACME_PREFIX);

	if (ri == NULL || ri->request_method == NULL || ri->local_uri == NULL)
		return acme_text(conn, 400, "Bad Request", "malformed request");
	if (strncmp(ri->local_uri, SERVER_ACME_PREFIX, plen) == 0)
		return acme_challenge(conn, a, ri->request_method, ri->local_uri + plen);
	if (strncmp(ri->local_uri, SERVER_CRL_PREFIX, strlen(SERVER_CRL_PREFIX)) == 0)
		return acme_crl(conn, a, ri->request_method,
		                ri->local_uri + strlen(SERVER_CRL_PREFIX));
	return acme_redirect(conn, ri, a);
}
