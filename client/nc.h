/*
 * X.509 name constraints (RFC 5280 section 4.2.1.10), checked by the client
 * itself. Debian's wolfSSL 5.5.4 checks a CA's constraints only against the
 * certificate directly below it, and treats a CA's subject CN as a DNS name:
 * our demo root (permitted: DNS:localhost, IP:127.0.0.1, IP:::1) then fails
 * its own intermediate ("HTTPS Demo Intermediate CA" is not localhost),
 * while the leaf is never checked against the root at all. So the client
 * replaces that check: every constraint of the trusted root and of every CA
 * the server sent is applied to the leaf's DNS and IP SANs. Only dNSName and
 * iPAddress constraints are understood; a critical constraint of another
 * kind makes the check fail closed.
 */
#ifndef CLIENT_NC_H
#define CLIENT_NC_H

#include <stddef.h>

#define CLIENT_NC_MAX 16

struct client_nc_name {
	int ip; /* 0: DNS name, 4 or 16: address length */
	char dns[256];
	unsigned char addr[16], mask[16];
};

struct client_nc {
	struct client_nc_name permitted[CLIENT_NC_MAX], excluded[CLIENT_NC_MAX];
	int npermitted, nexcluded;
	int unsupported; /* a constraint of a kind we do not check */
};

/*
 * Reads the nameConstraints extension of the DER certificate into nc.
 * Returns 1 when the certificate has one, 0 when not, -1 when the
 * certificate or the extension is malformed.
 */
int client_nc_parse(const unsigned char *der, size_t len, struct client_nc *nc);

/*
 * Checks the DNS and IP SANs of the DER leaf against nc. Returns 0 when all
 * are allowed, -1 otherwise with the offending name in why.
 */
int client_nc_check(const struct client_nc *nc, const unsigned char *leaf, size_t len, char *why,
                    size_t size);

/*
 * Whether the DER certificate has a critical extension that neither wolfSSL
 * nor this client checks (wolfSSL's name-constraint error hides that one):
 * 1 yes, 0 no, -1 malformed.
 */
int client_nc_unknown_critical(const unsigned char *der, size_t len);

/* Writes nc's permitted names as "DNS:localhost, IP:127.0.0.1/32" into buf. */
void client_nc_describe(const struct client_nc *nc, char *buf, size_t size);

#endif
