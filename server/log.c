/* Access log in Combined Log Format. */
#include "log.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <civetweb.h>

#include "exits.h"
#include "server.h"

#define LOG_LINE_MAX 4096

struct server_log {
	int fd;
	int owned;
};

static _Thread_local int log_status;
static _Thread_local long long log_bytes;

int
server_log_open(struct server_log **out, const char *spec, struct err *e)
{
	struct server_log *l;

	*out = NULL;
	if (strcmp(spec, "off") == 0)
		return 0;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return err_set(e, "out of memory");
	if (strcmp(spec, "-") == 0) {
		l->fd = STDOUT_FILENO;
	} else {
		l->fd = open(spec, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (l->fd == -1) {
			free(l);
			err_set_errno(e, "access log %s", spec);
			err_fix(e, "give --access-log a writable file, - (stdout) or off");
			return err_code(e, DEMO_EXIT_FILE);
		}
		l->owned = 1;
	}
	*out = l;
	return 0;
}

void
server_log_close(struct server_log *l)
{
	if (l == NULL)
		return;
	if (l->owned)
		close(l->fd);
	free(l);
}

void
server_log_note(int status, long long bytes)
{
	log_status = status;
	log_bytes = bytes;
}

/* Appends s, escaped, to buf at *o. */
static void
log_escaped(char *buf, size_t size, size_t *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (s == NULL || *s == '\0')
		s = "-";
	for (; *s != '\0' && *o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			buf[(*o)++] = '\\';
			buf[(*o)++] = 'x';
			buf[(*o)++] = hex[c >> 4];
			buf[(*o)++] = hex[c & 15];
		} else {
			buf[(*o)++] = (char)c;
		}
	}
	buf[*o] = '\0';
}

static void
log_raw(char *buf, size_t size, size_t *o, const char *s)
{
	int n = snprintf(buf + *o, size - *o, "%s", s);

	if (n > 0)
		*o += (size_t)n < size - *o ? (size_t)n : size - *o - 1;
}

size_t
server_log_format(char *buf, size_t size, const char *addr, long long when, const char *method,
                  const char *uri, const char *query, const char *version, int status,
                  long long bytes, const char *referer, const char *agent)
{
	char date[64], tail[64];
	time_t t = (time_t)when;
	struct tm tm;
	size_t o = 0;

	buf[0] = '\0';
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%d/%b/%Y:%H:%M:%S %z", &tm) == 0)
		snprintf(date, sizeof(date), "01/Jan/1970:00:00:00 +0000");
	log_escaped(buf, size, &o, addr);
	log_raw(buf, size, &o, " - - [");
	log_raw(buf, size, &o, date);
	log_raw(buf, size, &o, "] \"");
	log_escaped(buf, size, &o, method);
	log_raw(buf, size, &o, " ");
	log_escaped(buf, size, &o, uri);
	if (query != NULL) {
		log_raw(buf, size, &o, "?");
		log_escaped(buf, size, &o, query);
	}
	log_raw(buf, size, &o, " HTTP/");
	log_escaped(buf, size, &o, version);
	if (bytes < 0) /* not sent: Combined Log Format's "-" */
		snprintf(tail, sizeof(tail), "\" %d - \"", status);
	else
		snprintf(tail, sizeof(tail), "\" %d %lld \"", status, bytes);
	log_raw(buf, size, &o, tail);
	log_escaped(buf, size, &o, referer);
	log_raw(buf, size, &o, "\" \"");
	log_escaped(buf, size, &o, agent);
	log_raw(buf, size, &o, "\"");
	return o;
}

void
server_log_access(struct server_log *l, const struct mg_connection *conn, int civet_status)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char line[LOG_LINE_MAX];
	int status = log_status;
	long long bytes = log_bytes;
	size_t n;

	log_status = 0;
	log_bytes = 0;
	if (l == NULL || ri == NULL)
		return;
	if (status == 0)
		status = civet_status;
	n = server_log_format(line, sizeof(line) - 1, ri->remote_addr, (long long)time(NULL),
	                      ri->request_method, ri->request_uri, ri->query_string,
	                      ri->http_version, status, bytes, mg_get_header(conn, "Referer"),
	                      mg_get_header(conn, "User-Agent"));
	line[n++] = '\n';
	/* One write per line; a short write to a log is not worth failing a request over. */
	if (write(l->fd, line, n) < 0)
		return;
}

void
server_log_raw(struct server_log *l, const char *addr, const char *method, const char *target,
               const char *version, int status, long long bytes)
{
	char line[LOG_LINE_MAX];
	size_t n;

	if (l == NULL)
		return;
	n = server_log_format(line, sizeof(line) - 1, addr, (long long)time(NULL), method, target,
	                      NULL, version, status, bytes, NULL, NULL);
	line[n++] = '\n';
	if (write(l->fd, line, n) < 0)
		return;
}

void
server_log_peer(int fd, char *addr, size_t size)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	snprintf(addr, size, "-");
	if (getpeername(fd, (struct sockaddr *)&sa, &len) == 0 && sa.sin_family == AF_INET)
		inet_ntop(AF_INET, &sa.sin_addr, addr, (socklen_t)size);
}

int
server_log_rate_ok(void)
{
	static atomic_long second, count;
	long now = (long)time(NULL);

	if (atomic_exchange(&second, now) != now)
		atomic_store(&count, 0);
	return atomic_fetch_add(&count, 1) < SERVER_LOG_MESSAGES_PER_S;
}
