#include "net.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

int
client_net_resolve_override(const struct client_config *cfg, const char *host, unsigned port,
                            char *addr, size_t size, struct err *e)
{
	const char *s, *c1, *c2;
	size_t hlen, alen;
	int i;

	for (i = 0; i < cfg->nresolve; i++) {
		s = cfg->resolve[i];
		c1 = strchr(s, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c1 == NULL || c2 == NULL || c1 == s || c2[1] == '\0') {
			err_set(e, "--resolve '%s': want HOST:PORT:ADDR", s);
			return err_code(e, DEMO_EXIT_USAGE);
		}
		hlen = (size_t)(c1 - s);
		if (hlen != strlen(host) || strncasecmp(s, host, hlen) != 0 ||
		    strtoul(c1 + 1, NULL, 10) != port)
			continue;
		s = c2 + 1;
		alen = strlen(s);
		if (s[0] == '[' && alen > 2 && s[alen - 1] == ']') {
			s++;
			alen -= 2;
		}
		if (alen >= size) {
			err_set(e, "--resolve '%s': address too long", cfg->resolve[i]);
			return err_code(e, DEMO_EXIT_USAGE);
		}
		memcpy(addr, s, alen);
		addr[alen] = '\0';
		return 1;
	}
	return 0;
}

static int
net_resolve(const struct client_url *u, const struct client_config *cfg, struct addrinfo **res,
            struct err *e)
{
	struct addrinfo hints;
	char addr[64], port[8];
	const char *name = u->host;
	int rc, over;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	over = client_net_resolve_override(cfg, u->host, u->port, addr, sizeof(addr), e);
	if (over == -1)
		return -1;
	if (over == 1 || u->ip) {
		name = over == 1 ? addr : u->host;
		hints.ai_flags = AI_NUMERICHOST;
	} else if (strcmp(u->host, "localhost") == 0 ||
	           (strlen(u->host) > 10 &&
	            strcmp(u->host + strlen(u->host) - 10, ".localhost") == 0)) {
		/* RFC 6761 section 6.3: localhost is loopback, without asking DNS (as curl). */
		name = "127.0.0.1";
		hints.ai_flags = AI_NUMERICHOST;
	}
	snprintf(port, sizeof(port), "%u", u->port);
	rc = getaddrinfo(name, port, &hints, res);
	if (rc == 0)
		return 0;
	err_set(e, "name resolution failed: cannot resolve '%s': %s", name,
	        rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	err_fix(e, over == 1 ? "give --resolve a numeric address"
	                     : "check the host name, or map it: --resolve HOST:PORT:ADDR");
	return err_code(e, over == 1 ? DEMO_EXIT_USAGE : DEMO_EXIT_RESOLVE);
}

int
client_net_wait(struct client_conn *c, short events)
{
	struct pollfd p = {.fd = c->fd, .events = events};
	int ms, rc;

	for (;;) {
		ms = -1;
		if (c->deadline > 0) {
			double left = c->deadline - client_now();
			if (left <= 0) {
				c->timed_out = 1;
				return -1;
			}
			ms = (int)(left * 1000) + 1;
		}
		rc = poll(&p, 1, ms);
		if (rc > 0)
			return 0;
		if (rc == 0)
			continue; /* the loop re-checks the deadline */
		if (errno != EINTR)
			return -1;
	}
}

/* Connects one address within the connect deadline. Returns the socket or -1 (errno set). */
static int
net_connect_one(struct client_conn *c, const struct addrinfo *ai, double deadline)
{
	int fd, soerr = 0, one = 1;
	socklen_t len = sizeof(soerr);
	double saved = c->deadline;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto err;
	c->fd = fd;
	c->deadline = deadline;
	if (client_net_wait(c, POLLOUT) == -1) {
		c->deadline = saved;
		c->fd = -1;
		errno = ETIMEDOUT;
		goto err;
	}
	c->deadline = saved;
	c->fd = -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		goto err;
	if (soerr == 0)
		return fd;
	errno = soerr;
err:
	soerr = errno;
	close(fd);
	errno = soerr;
	return -1;
}

static int
net_connect_error(struct client_conn *c, const char *host, unsigned port, int saved, struct err *e)
{
	if (c->timed_out || saved == ETIMEDOUT) {
		err_set(e, "connect to %s port %u timed out", host, port);
		err_fix(e, "check that the server runs and answers; raise --connect-timeout");
		return err_code(e, DEMO_EXIT_TIMEOUT);
	}
	errno = saved;
	err_set_errno(e, "cannot connect to %s port %u", host, port);
	if (saved == ECONNREFUSED)
		err_fix(e, "nothing listens there: start the server (./start_https_server.sh) "
		           "or check the port");
	else
		err_fix(e, "check the address and that the server is reachable");
	return err_code(e, DEMO_EXIT_CONNECT);
}

int
client_net_connect(struct client_conn *c, const struct client_url *u,
                   const struct client_config *cfg, struct client_report *rep, struct err *e)
{
	struct addrinfo *res = NULL, *ai;
	double deadline;
	int saved = 0;

	c->fd = -1;
	c->timed_out = 0;
	if (net_resolve(u, cfg, &res, e) == -1)
		return -1;
	rep->t_lookup = client_now() - rep->start;
	deadline = client_now() + (double)cfg->connect_timeout_ms / 1000.0;
	if (c->deadline > 0 && c->deadline < deadline)
		deadline = c->deadline;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		getnameinfo(ai->ai_addr, ai->ai_addrlen, rep->address, sizeof(rep->address), NULL,
		            0, NI_NUMERICHOST);
		client_report_step(rep, '*', "connecting to %s (%s) port %u", u->host, rep->address,
		                   u->port);
		c->fd = net_connect_one(c, ai, deadline);
		if (c->fd != -1)
			break;
		saved = errno;
		client_report_step(rep, '*', "  failed: %s", strerror(saved));
		if (saved == ETIMEDOUT)
			c->timed_out = 1;
	}
	freeaddrinfo(res);
	rep->port = u->port;
	if (c->fd == -1)
		return net_connect_error(c, u->host, u->port, saved, e);
	rep->t_connect = client_now() - rep->start;
	client_report_step(rep, '*', "connected to %s port %u in %.1f ms", rep->address, u->port,
	                   (rep->t_connect - rep->t_lookup) * 1000);
	return 0;
}

void
client_net_close(struct client_conn *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
}
