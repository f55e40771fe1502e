/* The text form of names; see name_text.h. */
#include "name_text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int
policy_ip_mask_prefix(const unsigned char *mask, int n)
{
	int i, bit, bits = 0, zero = 0;

	for (i = 0; i < n; i++)
		for (bit = 7; bit >= 0; bit--) {
			int one = (mask[i] >> bit) & 1;
			if (one && zero)
				return -1;
			zero |= !one;
			bits += one;
		}
	return bits;
}

static void
name_text_ip(const ASN1_OCTET_STRING *ip, char *buf, size_t size)
{
	const unsigned char *d = ASN1_STRING_get0_data(ip);
	int len = ASN1_STRING_length(ip), af = len == 4 || len == 8 ? AF_INET : AF_INET6, bits;
	char a[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN];

	if ((len == 4 || len == 16) && inet_ntop(af, d, a, sizeof(a)) != NULL) {
		snprintf(buf, size, "IP:%s", a);
	} else if ((len == 8 || len == 32) && inet_ntop(af, d, a, sizeof(a)) != NULL) {
		bits = policy_ip_mask_prefix(d + len / 2, len / 2);
		if (bits >= 0)
			snprintf(buf, size, "IP:%s/%d", a, bits);
		else if (inet_ntop(af, d + len / 2, m, sizeof(m)) != NULL)
			snprintf(buf, size, "IP:%s/%s", a, m);
	} else {
		snprintf(buf, size, "IP:(%d bytes)", len);
	}
}

const char *
policy_name_text(const GENERAL_NAME *g, char *buf, size_t size)
{
	char dn[256];

	if (size == 0)
		return buf;
	buf[0] = '\0';
	switch (g->type) {
	case GEN_DNS:
	case GEN_EMAIL:
	case GEN_URI:
		snprintf(buf, size, "%s:%.*s",
		         g->type == GEN_DNS     ? "DNS"
		         : g->type == GEN_EMAIL ? "email"
		                                : "URI",
		         ASN1_STRING_length(g->d.ia5),
		         (const char *)ASN1_STRING_get0_data(g->d.ia5));
		break;
	case GEN_IPADD:
		name_text_ip(g->d.iPAddress, buf, size);
		break;
	case GEN_DIRNAME:
		X509_NAME_oneline(g->d.directoryName, dn, sizeof(dn));
		snprintf(buf, size, "DirName:%s", dn);
		break;
	case GEN_OTHERNAME:
		snprintf(buf, size, "othername");
		break;
	default:
		snprintf(buf, size, "(name type %d)", g->type);
		break;
	}
	return buf;
}

const char *
policy_names_text(const GENERAL_NAMES *gns, int host_only, char *buf, size_t size)
{
	char one[300];
	size_t used = 0;
	int i, n;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < sk_GENERAL_NAME_num(gns) && used + 1 < size; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gns, i);
		if (host_only && g->type != GEN_DNS && g->type != GEN_IPADD)
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
		             policy_name_text(g, one, sizeof(one)));
		if (n > 0)
			used += (size_t)n < size - used ? (size_t)n : size - used - 1;
	}
	return buf;
}
