/*
 * Names: the host must be among the leaf's subjectAltNames (RFC 6125
 * section 6.4; CA/B Forum BR 7.1.2.7.12), never the subject CN; wildcards
 * as Chromium accepts them; IP addresses compared as addresses.
 */
#include "policy_names.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>

#include <openssl/x509v3.h>

#include "findings.h"
#include "name_text.h"

static const char FIX_SAN[] = "reissue the certificate with every host name in subjectAltName "
                              "(https_pki issue --san DNS:NAME)";

static const char *
names_dns_syntax(const char *name, size_t len, int underscore_ok)
{
	size_t i, label = 0;

	if (len == 0)
		return "is empty";
	if (len > 253)
		return "is longer than 253 characters";
	if (name[0] == '.')
		return "starts with a dot";
	if (name[len - 1] == '.')
		return "ends with a dot";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '.') {
			if (label == 0)
				return "has an empty label";
			if (name[i - 1] == '-')
				return "has a label that ends with a hyphen";
			label = 0;
			continue;
		}
		if (c == '_' && !underscore_ok)
			return "contains an underscore";
		if (!isalnum(c) && c != '-' && c != '_')
			return "contains a character other than letters, digits, hyphens and dots";
		if (c == '-' && label == 0)
			return "has a label that starts with a hyphen";
		if (++label > 63)
			return "has a label longer than 63 characters";
	}
	if (name[len - 1] == '-')
		return "has a label that ends with a hyphen";
	return NULL;
}

const char *
policy_dns_syntax(const char *name, size_t len)
{
	return names_dns_syntax(name, len, 0);
}

const char *
policy_dns_syntax_underscore_ok(const char *name, size_t len)
{
	return names_dns_syntax(name, len, 1);
}

int
policy_public_suffix(const char *name)
{
	static const psl_ctx_t *psl;

	if (psl == NULL)
		psl = psl_latest(NULL);
	if (psl == NULL)
		psl = psl_builtin();
	/* Without a list, every name counts as a suffix: wildcards then fail closed. */
	return psl == NULL || psl_is_public_suffix2(psl, name, PSL_TYPE_ICANN) != 0;
}

const char *
policy_wildcard_syntax(const char *name, size_t len)
{
	char base[256];
	const char *why;
	size_t i, dots = 0;

	if (len < 2 || name[0] != '*' || name[1] != '.')
		return "has a wildcard that is not the whole leftmost label";
	if (memchr(name + 1, '*', len - 1) != NULL)
		return "has more than one wildcard";
	why = policy_dns_syntax(name + 2, len - 2);
	if (why != NULL)
		return why;
	for (i = 2; i < len; i++)
		dots += name[i] == '.';
	if (dots < 1)
		return "has a wildcard with fewer than two labels after it";
	for (i = 2; i < len; i++)
		base[i - 2] = (char)tolower((unsigned char)name[i]);
	base[len - 2] = '\0';
	if (policy_public_suffix(base))
		return "has a wildcard over a public suffix";
	return NULL;
}

int
policy_ip_parse(const char *text, unsigned char out[16])
{
	if (inet_pton(AF_INET, text, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, out) == 1)
		return 16;
	return 0;
}

int
policy_dns_match(const char *pattern, size_t len, const char *host)
{
	unsigned char ip[16];
	size_t hlen = strlen(host);
	const char *dot;

	if (hlen > 0 && host[hlen - 1] == '.')
		hlen--; /* an absolute host name is the same name */
	if (hlen == 0 || memchr(pattern, '\0', len) != NULL)
		return 0;
	if (memchr(pattern, '*', len) == NULL)
		return len == hlen && strncasecmp(pattern, host, hlen) == 0;
	if (policy_wildcard_syntax(pattern, len) != NULL || policy_ip_parse(host, ip) != 0)
		return 0;
	/* "*.example.com" covers one whole, non-empty label before ".example.com". */
	dot = memchr(host, '.', hlen);
	if (dot == NULL || dot == host)
		return 0;
	return (size_t)(host + hlen - dot) == len - 1 &&
	       strncasecmp(dot, pattern + 1, len - 1) == 0;
}

/* Whether CN text equals one of the SANs (a DNS name, or an IP address as text). */
static int
names_cn_in_sans(const ASN1_STRING *cn, const GENERAL_NAMES *sans)
{
	const unsigned char *d = ASN1_STRING_get0_data(cn);
	int len = ASN1_STRING_length(cn), i;
	unsigned char ip[16];
	char text[256];
	int iplen;

	if (len <= 0 || len >= (int)sizeof(text) || memchr(d, '\0', (size_t)len) != NULL)
		return 0;
	memcpy(text, d, (size_t)len);
	text[len] = '\0';
	iplen = policy_ip_parse(text, ip);
	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_DNS && ASN1_STRING_length(g->d.dNSName) == len &&
		    strncasecmp((const char *)ASN1_STRING_get0_data(g->d.dNSName), text,
		                (size_t)len) == 0)
			return 1;
		if (g->type == GEN_IPADD && iplen != 0 &&
		    ASN1_STRING_length(g->d.iPAddress) == iplen &&
		    memcmp(ASN1_STRING_get0_data(g->d.iPAddress), ip, (size_t)iplen) == 0)
			return 1;
	}
	return 0;
}

/* CA/B Forum BR 7.1.4.3: a subject CN, where present, repeats one of the SANs. */
static void
names_check_cn(X509 *leaf, const GENERAL_NAMES *sans, struct policy_result *r)
{
	X509_NAME *subject = X509_get_subject_name(leaf);
	int i = -1;

	while ((i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0) {
		const ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
		if (!names_cn_in_sans(cn, sans))
			/* Browsers never read the CN (Chromium since Chrome 58): a warning. */
			policy_warn(
			        r, POLICY_FORMAT, "name.cn-in-san", 0, leaf,
			        "make the common name one of the subjectAltNames, or leave it "
			        "out",
			        "the subject common name '%.*s' is not one of the certificate's "
			        "subjectAltNames",
			        ASN1_STRING_length(cn) > 200 ? 200 : ASN1_STRING_length(cn),
			        (const char *)ASN1_STRING_get0_data(cn));
	}
}

/* The syntax of each DNS and IP SAN. */
static void
names_check_syntax(X509 *leaf, const GENERAL_NAMES *sans, struct policy_result *r)
{
	int i;

	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		const char *name, *why;
		int len;

		if (g->type == GEN_IPADD) {
			len = ASN1_STRING_length(g->d.iPAddress);
			if (len != 4 && len != 16)
				policy_add(r, POLICY_NAME, "name.ip-syntax", 0, leaf, FIX_SAN,
				           "an IP address SAN is %d bytes long, not 4 or 16", len);
			continue;
		}
		if (g->type != GEN_DNS)
			continue;
		name = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
		len = ASN1_STRING_length(g->d.dNSName);
		if (memchr(name, '*', (size_t)len) != NULL) {
			why = policy_wildcard_syntax(name, (size_t)len);
			if (why != NULL)
				policy_add(r, POLICY_NAME, "name.wildcard", 0, leaf,
				           "use a wildcard only as '*.' before at least two labels "
				           "that are not a public suffix, or list each name",
				           "the DNS name '%.*s' %s", len > 200 ? 200 : len, name,
				           why);
		} else {
			why = policy_dns_syntax(name, (size_t)len);
			/* Chromium matches such names as they are: the match decides, so a warning. */
			if (why != NULL)
				policy_warn(r, POLICY_NAME, "name.dns-syntax", 0, leaf, FIX_SAN,
				            "the DNS name '%.*s' %s", len > 200 ? 200 : len,
				            memchr(name, '\0', (size_t)len) ? "(with a NUL byte)"
				                                            : name,
				            why);
		}
	}
}

/* Which SAN covers host: writes it to r->matched and returns 1, or returns 0. */
static int
names_match_host(const GENERAL_NAMES *sans, const char *host, struct policy_result *r)
{
	unsigned char ip[16];
	int iplen = policy_ip_parse(host, ip), i;

	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		if (iplen != 0 && g->type == GEN_IPADD &&
		    ASN1_STRING_length(g->d.iPAddress) == iplen &&
		    memcmp(ASN1_STRING_get0_data(g->d.iPAddress), ip, (size_t)iplen) == 0) {
			snprintf(r->matched, sizeof(r->matched), "IP:%s matches '%s'", host, host);
			return 1;
		}
		if (iplen == 0 && g->type == GEN_DNS &&
		    policy_dns_match((const char *)ASN1_STRING_get0_data(g->d.dNSName),
		                     (size_t)ASN1_STRING_length(g->d.dNSName), host)) {
			snprintf(r->matched, sizeof(r->matched), "DNS:%.*s matches '%s'",
			         ASN1_STRING_length(g->d.dNSName) > 200
			                 ? 200
			                 : ASN1_STRING_length(g->d.dNSName),
			         (const char *)ASN1_STRING_get0_data(g->d.dNSName), host);
			return 1;
		}
	}
	return 0;
}

void
policy_check_names(X509 *leaf, const char *host, enum policy_purpose purpose,
                   struct policy_result *r)
{
	GENERAL_NAMES *sans = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	char list[300];

	if (sans != NULL)
		names_check_syntax(leaf, sans, r);
	/* The BR's rule on the common name is for server certificates. */
	if (purpose == POLICY_PURPOSE_SERVER)
		names_check_cn(leaf, sans, r);
	if (sans == NULL && (purpose == POLICY_PURPOSE_SERVER || host != NULL)) {
		policy_add(r, POLICY_NAME, "name.san-required", 0, leaf, FIX_SAN,
		           "the certificate has no subjectAltName: browsers ignore the subject "
		           "common name");
		goto done;
	}
	if (host == NULL || host[0] == '\0')
		goto done;
	if (!names_match_host(sans, host, r)) {
		unsigned char ip[16];
		policy_names_text(sans, 1, list, sizeof(list));
		policy_add(r, POLICY_NAME, "name.mismatch", 0, leaf,
		           policy_ip_parse(host, ip)
		                   ? "connect with a name the certificate covers, "
		                     "or reissue it with https_pki issue --san IP:ADDRESS"
		                   : "connect with a name the certificate covers, "
		                     "or reissue it with https_pki issue --san DNS:NAME",
		           "the certificate covers %s, not '%s'%s",
		           list[0] ? list : "no host names", host,
		           policy_ip_parse(host, ip) ? " (an address matches only an IP SAN)" : "");
	}
done:
	GENERAL_NAMES_free(sans);
}
