#include "nc.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A DER value: tag, contents. */
struct der {
	const unsigned char *p;
	size_t len;
};

/* Reads one TLV from in into tag and val, advancing in. Returns 0 or -1. */
static int
der_next(struct der *in, int *tag, struct der *val)
{
	size_t len, n, i;

	if (in->len < 2)
		return -1;
	*tag = in->p[0];
	len = in->p[1];
	n = 2;
	if (len & 0x80) {
		size_t k = len & 0x7f;
		if (k == 0 || k > 4 || in->len < 2 + k)
			return -1;
		for (len = 0, i = 0; i < k; i++)
			len = (len << 8) | in->p[2 + i];
		n += k;
	}
	if (len > in->len - n)
		return -1;
	val->p = in->p + n;
	val->len = len;
	in->p += n + len;
	in->len -= n + len;
	return 0;
}

/* Finds the extension with the 3-byte id-ce OID 55 1D <last>; its OCTET STRING contents. */
static int
der_find_ext(const unsigned char *der, size_t len, int last, struct der *out)
{
	static const unsigned char prefix[] = {0x55, 0x1d};
	struct der in = {der, len}, cert, tbs, exts, ext, oid, v;
	int tag;

	if (der_next(&in, &tag, &cert) == -1 || tag != 0x30 || der_next(&cert, &tag, &tbs) == -1 ||
	    tag != 0x30)
		return -1;
	for (;;) {
		if (tbs.len == 0)
			return 0;
		if (der_next(&tbs, &tag, &exts) == -1)
			return -1;
		if (tag == 0xa3)
			break;
	}
	if (der_next(&exts, &tag, &in) == -1 || tag != 0x30)
		return -1;
	while (in.len > 0) {
		if (der_next(&in, &tag, &ext) == -1 || tag != 0x30 ||
		    der_next(&ext, &tag, &oid) == -1 || tag != 0x06)
			return -1;
		if (oid.len != 3 || memcmp(oid.p, prefix, 2) != 0 || oid.p[2] != last)
			continue;
		if (der_next(&ext, &tag, &v) == -1)
			return -1;
		if (tag == 0x01 && der_next(&ext, &tag, &v) == -1) /* critical flag */
			return -1;
		if (tag != 0x04)
			return -1;
		*out = v;
		return 1;
	}
	return 0;
}

/* The extensions wolfSSL or this client checks on a CA: 2.5.29.<n>. */
static int
nc_ext_known(const struct der *oid)
{
	static const unsigned char known[] = {14, 15, 17, 19, 30, 32, 35, 37};

	return oid->len == 3 && oid->p[0] == 0x55 && oid->p[1] == 0x1d &&
	       memchr(known, oid->p[2], sizeof(known)) != NULL;
}

int
client_nc_unknown_critical(const unsigned char *der, size_t len)
{
	struct der in = {der, len}, cert, tbs, exts, ext, oid, v;
	int tag;

	if (der_next(&in, &tag, &cert) == -1 || tag != 0x30 || der_next(&cert, &tag, &tbs) == -1 ||
	    tag != 0x30)
		return -1;
	do {
		if (tbs.len == 0)
			return 0;
		if (der_next(&tbs, &tag, &exts) == -1)
			return -1;
	} while (tag != 0xa3);
	if (der_next(&exts, &tag, &in) == -1 || tag != 0x30)
		return -1;
	while (in.len > 0) {
		if (der_next(&in, &tag, &ext) == -1 || tag != 0x30 ||
		    der_next(&ext, &tag, &oid) == -1 || tag != 0x06 ||
		    der_next(&ext, &tag, &v) == -1)
			return -1;
		if (tag == 0x01 && v.len == 1 && v.p[0] != 0 && !nc_ext_known(&oid))
			return 1;
	}
	return 0;
}

/* GeneralSubtrees: SEQUENCE OF SEQUENCE { base GeneralName, ... }. */
static int
nc_parse_subtrees(struct der in, struct client_nc_name *names, int *n, int *unsupported)
{
	struct der sub, base;
	int tag;

	while (in.len > 0) {
		if (der_next(&in, &tag, &sub) == -1 || tag != 0x30 ||
		    der_next(&sub, &tag, &base) == -1)
			return -1;
		if (*n >= CLIENT_NC_MAX) {
			*unsupported = 1;
			continue;
		}
		if (tag == 0x82 && base.len < sizeof(names[*n].dns)) {
			names[*n].ip = 0;
			memcpy(names[*n].dns, base.p, base.len);
			names[*n].dns[base.len] = '\0';
			(*n)++;
		} else if (tag == 0x87 && (base.len == 8 || base.len == 32)) {
			names[*n].ip = (int)base.len / 2;
			memcpy(names[*n].addr, base.p, base.len / 2);
			memcpy(names[*n].mask, base.p + base.len / 2, base.len / 2);
			(*n)++;
		} else {
			*unsupported = 1;
		}
	}
	return 0;
}

int
client_nc_parse(const unsigned char *der, size_t len, struct client_nc *nc)
{
	struct der ext, seq, part;
	int rc, tag;

	memset(nc, 0, sizeof(*nc));
	rc = der_find_ext(der, len, 0x1e, &ext);
	if (rc != 1)
		return rc;
	if (der_next(&ext, &tag, &seq) == -1 || tag != 0x30)
		return -1;
	while (seq.len > 0) {
		if (der_next(&seq, &tag, &part) == -1)
			return -1;
		if (tag == 0xa0)
			rc = nc_parse_subtrees(part, nc->permitted, &nc->npermitted,
			                       &nc->unsupported);
		else if (tag == 0xa1)
			rc = nc_parse_subtrees(part, nc->excluded, &nc->nexcluded,
			                       &nc->unsupported);
		else
			return -1;
		if (rc == -1)
			return -1;
	}
	return 1;
}

/* RFC 5280: "example.com" covers itself and its subdomains; ".example.com" only subdomains. */
static int
nc_dns_match(const char *name, const char *c)
{
	size_t nl = strlen(name), cl = strlen(c);

	if (cl == 0)
		return 1;
	if (c[0] == '.')
		return nl > cl && strcasecmp(name + nl - cl, c) == 0;
	if (nl == cl)
		return strcasecmp(name, c) == 0;
	return nl > cl && name[nl - cl - 1] == '.' && strcasecmp(name + nl - cl, c) == 0;
}

static int
nc_match(const struct client_nc_name *c, int ip, const char *dns, const unsigned char *addr)
{
	int i;

	if (c->ip != ip)
		return 0;
	if (!ip)
		return nc_dns_match(dns, c->dns);
	for (i = 0; i < ip; i++)
		if ((addr[i] & c->mask[i]) != (c->addr[i] & c->mask[i]))
			return 0;
	return 1;
}

/* Checks one name: 0 allowed, -1 not. */
static int
nc_allowed(const struct client_nc *nc, int ip, const char *dns, const unsigned char *addr)
{
	int i, typed = 0;

	for (i = 0; i < nc->nexcluded; i++)
		if (nc_match(&nc->excluded[i], ip, dns, addr))
			return -1;
	for (i = 0; i < nc->npermitted; i++) {
		if (nc->permitted[i].ip != ip)
			continue;
		typed = 1;
		if (nc_match(&nc->permitted[i], ip, dns, addr))
			return 0;
	}
	/* A name of a type with no permitted subtree is not constrained. */
	return typed ? -1 : 0;
}

int
client_nc_check(const struct client_nc *nc, const unsigned char *leaf, size_t len, char *why,
                size_t size)
{
	struct der ext = {0}, seq = {0}, name = {0};
	char dns[256], text[64];
	int tag, rc;

	if (nc->unsupported) {
		snprintf(why, size,
		         "the CA has name constraints of a kind this client cannot check");
		return -1;
	}
	rc = der_find_ext(leaf, len, 0x11, &ext);
	if (rc == -1 || (rc == 1 && (der_next(&ext, &tag, &seq) == -1 || tag != 0x30))) {
		snprintf(why, size, "the leaf's subjectAltName is malformed");
		return -1;
	}
	if (rc == 0)
		return 0;
	while (seq.len > 0) {
		if (der_next(&seq, &tag, &name) == -1) {
			snprintf(why, size, "the leaf's subjectAltName is malformed");
			return -1;
		}
		if (tag == 0x82 && name.len < sizeof(dns)) {
			memcpy(dns, name.p, name.len);
			dns[name.len] = '\0';
			if (nc_allowed(nc, 0, dns, NULL) == -1) {
				snprintf(why, size, "DNS:%s", dns);
				return -1;
			}
		} else if (tag == 0x87 && (name.len == 4 || name.len == 16)) {
			if (nc_allowed(nc, (int)name.len, NULL, name.p) == -1) {
				inet_ntop(name.len == 4 ? AF_INET : AF_INET6, name.p, text,
				          sizeof(text));
				snprintf(why, size, "IP:%s", text);
				return -1;
			}
		}
	}
	return 0;
}

static int
nc_prefix_len(const unsigned char *mask, int n)
{
	int i, bits = 0;

	for (i = 0; i < n; i++)
		bits += __builtin_popcount(mask[i]);
	return bits;
}

void
client_nc_describe(const struct client_nc *nc, char *buf, size_t size)
{
	char text[64];
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < nc->npermitted && len < size; i++) {
		const struct client_nc_name *c = &nc->permitted[i];
		if (c->ip)
			inet_ntop(c->ip == 4 ? AF_INET : AF_INET6, c->addr, text, sizeof(text));
		len += (size_t)snprintf(
		        buf + len, size - len, c->ip ? "%sIP:%s/%d" : "%sDNS:%s%.0d", i ? ", " : "",
		        c->ip ? text : c->dns, c->ip ? nc_prefix_len(c->mask, c->ip) : 0);
	}
}
