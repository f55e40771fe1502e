/*
 * Name constraints (RFC 5280 section 4.2.1.10 and 6.1.3 (b)): the
 * constraints of every CA on the path apply to every certificate below it,
 * to its subject and to each subjectAltName. A wildcard DNS name stands for
 * the set of names it covers. Constraints that are malformed fail closed;
 * a constraint type we cannot evaluate fails only when a name of that type
 * is on the path.
 */
#include "nc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "findings.h"
#include "name_text.h"
#include "policy_names.h"

static const char FIX_NC[] = "a CA may vouch only for the names it is constrained to: issue the "
                             "certificate for a permitted name, or use a CA without those "
                             "constraints";

static int
nc_ends_with(const char *s, size_t len, const char *tail, size_t tlen)
{
	return tlen <= len && strncasecmp(s + len - tlen, tail, tlen) == 0;
}

/*
 * Whether DNS name n is base or below it (base "" covers every name). A base
 * with a leading period (".example.com", malformed: a warning) covers the
 * names strictly below it, as Chromium reads it.
 */
static int
nc_dns_within(const char *n, size_t len, const char *base, size_t blen)
{
	if (blen == 0)
		return 1;
	if (base[0] == '.')
		return len > blen && nc_ends_with(n, len, base, blen);
	if (len == blen)
		return strncasecmp(n, base, len) == 0;
	return len > blen && n[len - blen - 1] == '.' && nc_ends_with(n, len, base, blen);
}

/*
 * A DNS name against one DNS subtree. For excluded subtrees a wildcard
 * "*.B" is outside when any name it covers is inside: B inside, or the
 * subtree is exactly one label under B. For permitted subtrees it is inside
 * only when every name it covers is: B inside.
 */
static int
nc_dns_match(const char *n, size_t len, const char *base, size_t blen, int excluded)
{
	const char *dot;

	if (len < 2 || n[0] != '*' || n[1] != '.')
		return nc_dns_within(n, len, base, blen);
	if (nc_dns_within(n + 2, len - 2, base, blen))
		return 1;
	/* "*.B" under ".B": every name it covers is strictly below B. */
	if (blen > 0 && base[0] == '.' && len - 1 == blen && strncasecmp(n + 1, base, blen) == 0)
		return 1;
	if (!excluded)
		return 0;
	dot = memchr(base, '.', blen);
	return dot != NULL && dot != base && (size_t)(base + blen - dot) == len - 1 &&
	       strncasecmp(dot, n + 1, len - 1) == 0;
}

static int
nc_ip_match(const ASN1_OCTET_STRING *ip, const ASN1_OCTET_STRING *c)
{
	const unsigned char *a = ASN1_STRING_get0_data(ip), *b = ASN1_STRING_get0_data(c);
	int len = ASN1_STRING_length(ip), i;

	if (ASN1_STRING_length(c) != 2 * len)
		return 0; /* another address family: this subtree does not speak of it */
	for (i = 0; i < len; i++)
		if ((a[i] & b[len + i]) != (b[i] & b[len + i]))
			return 0;
	return 1;
}

/* Host part of a mailbox or URI against a "host" or ".domain" constraint. */
static int
nc_host_match(const char *host, size_t hlen, const char *c, size_t clen)
{
	if (clen > 0 && c[0] == '.')
		return hlen > clen && nc_ends_with(host, hlen, c, clen);
	return hlen == clen && strncasecmp(host, c, clen) == 0;
}

static int
nc_email_match(const ASN1_IA5STRING *name, const ASN1_IA5STRING *c)
{
	const char *n = (const char *)ASN1_STRING_get0_data(name),
	           *s = (const char *)ASN1_STRING_get0_data(c), *at;
	size_t len = (size_t)ASN1_STRING_length(name), clen = (size_t)ASN1_STRING_length(c);

	if (memchr(s, '@', clen) != NULL)
		return len == clen && strncasecmp(n, s, len) == 0;
	at = memchr(n, '@', len);
	if (at == NULL)
		return 0;
	return nc_host_match(at + 1, len - (size_t)(at + 1 - n), s, clen);
}

static int
nc_uri_match(const ASN1_IA5STRING *name, const ASN1_IA5STRING *c)
{
	const char *n = (const char *)ASN1_STRING_get0_data(name), *h, *end, *at;
	size_t len = (size_t)ASN1_STRING_length(name);

	h = len > 3 ? strstr(n, "://") : NULL;
	if (h == NULL || (size_t)(h - n) >= len)
		return 0; /* no host: cannot be inside */
	h += 3;
	end = h + strcspn(h, "/?#");
	if (end > n + len)
		end = n + len;
	at = memchr(h, '@', (size_t)(end - h));
	if (at != NULL)
		h = at + 1;
	if (h < end && *h == '[')
		return 0; /* an address literal is not a host name */
	if (memchr(h, ':', (size_t)(end - h)) != NULL)
		end = memchr(h, ':', (size_t)(end - h));
	return nc_host_match(h, (size_t)(end - h), (const char *)ASN1_STRING_get0_data(c),
	                     (size_t)ASN1_STRING_length(c));
}

/* Whether the RDNs of c are the first RDNs of n. */
static int
nc_dn_match(const X509_NAME *n, const X509_NAME *c)
{
	int i, count = X509_NAME_entry_count(c);

	if (count > X509_NAME_entry_count(n))
		return 0;
	for (i = 0; i < count; i++) {
		const X509_NAME_ENTRY *a = X509_NAME_get_entry(n, i),
		                      *b = X509_NAME_get_entry(c, i);
		if (X509_NAME_ENTRY_set(a) != X509_NAME_ENTRY_set(b) ||
		    OBJ_cmp(X509_NAME_ENTRY_get_object(a), X509_NAME_ENTRY_get_object(b)) != 0 ||
		    ASN1_STRING_cmp(X509_NAME_ENTRY_get_data(a), X509_NAME_ENTRY_get_data(b)) != 0)
			return 0;
	}
	/* The prefix must end at an RDN boundary. */
	return count == 0 || count == X509_NAME_entry_count(n) ||
	       X509_NAME_ENTRY_set(X509_NAME_get_entry(n, count)) !=
	               X509_NAME_ENTRY_set(X509_NAME_get_entry(n, count - 1));
}

/* Name g against one subtree base c of the same type: 1 inside, 0 not, -1 cannot tell. */
static int
nc_match(const GENERAL_NAME *g, const GENERAL_NAME *c, int excluded)
{
	switch (g->type) {
	case GEN_DNS:
		return nc_dns_match((const char *)ASN1_STRING_get0_data(g->d.dNSName),
		                    (size_t)ASN1_STRING_length(g->d.dNSName),
		                    (const char *)ASN1_STRING_get0_data(c->d.dNSName),
		                    (size_t)ASN1_STRING_length(c->d.dNSName), excluded);
	case GEN_IPADD:
		return nc_ip_match(g->d.iPAddress, c->d.iPAddress);
	case GEN_EMAIL:
		return nc_email_match(g->d.rfc822Name, c->d.rfc822Name);
	case GEN_URI:
		return nc_uri_match(g->d.uniformResourceIdentifier, c->d.uniformResourceIdentifier);
	case GEN_DIRNAME:
		return nc_dn_match(g->d.directoryName, c->d.directoryName);
	default:
		return -1;
	}
}

/* Whether an excluded subtree speaks of g at all (an IPv6 one never excludes IPv4). */
static int
nc_same_kind(const GENERAL_NAME *g, const GENERAL_NAME *c)
{
	if (g->type != c->type)
		return 0;
	if (g->type == GEN_IPADD)
		return ASN1_STRING_length(c->d.iPAddress) == 2 * ASN1_STRING_length(g->d.iPAddress);
	return 1;
}

int
policy_nc_check_name(const GENERAL_NAME *name, const NAME_CONSTRAINTS *nc, char *why, size_t size)
{
	char a[200];
	int i, m, permitted = 0;

	for (i = 0; i < sk_GENERAL_SUBTREE_num(nc->excludedSubtrees); i++) {
		const GENERAL_NAME *c = sk_GENERAL_SUBTREE_value(nc->excludedSubtrees, i)->base;
		if (!nc_same_kind(name, c))
			continue;
		m = nc_match(name, c, 1);
		if (m != 0) {
			snprintf(why, size, m < 0 ? "cannot check %s" : "excluded: %s",
			         policy_name_text(c, a, sizeof(a)));
			return m < 0 ? 1 : -1;
		}
	}
	/* Permitted subtrees limit their whole name type: IPv4 ones leave no room for IPv6. */
	for (i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees); i++) {
		const GENERAL_NAME *c = sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base;
		if (c->type != name->type)
			continue;
		permitted++;
		m = nc_match(name, c, 0);
		if (m < 0) {
			snprintf(why, size, "cannot check %s", policy_name_text(c, a, sizeof(a)));
			return 1;
		}
		if (m == 1)
			return 0;
	}
	if (permitted == 0)
		return 0;
	snprintf(why, size, "not within any permitted subtree of its type");
	return -1;
}

/* Why subtree t is malformed, or NULL; a leading period counts only when !period_ok. */
static const char *
nc_base_malformed(const GENERAL_SUBTREE *t, int period_ok, char *buf, size_t size)
{
	const GENERAL_NAME *c = t->base;
	const char *s, *why;
	char a[200];
	int len;

	if (t->minimum != NULL && ASN1_INTEGER_get(t->minimum) != 0)
		return "sets a minimum other than 0";
	if (t->maximum != NULL)
		return "sets a maximum";
	if (c->type == GEN_DNS) {
		s = (const char *)ASN1_STRING_get0_data(c->d.dNSName);
		len = ASN1_STRING_length(c->d.dNSName);
		if (len == 0)
			return NULL; /* covers every name */
		if (s[0] == '.' && period_ok && len > 1)
			s++, len--;
		why = s[0] == '.' ? "starts with a dot" : policy_dns_syntax(s, (size_t)len);
		if (why == NULL)
			return NULL;
		snprintf(buf, size, "has the DNS constraint '%s', which %s",
		         policy_name_text(c, a, sizeof(a)), why);
		return buf;
	}
	if (c->type == GEN_IPADD) {
		len = ASN1_STRING_length(c->d.iPAddress);
		if ((len == 8 || len == 32) &&
		    policy_ip_mask_prefix(ASN1_STRING_get0_data(c->d.iPAddress) + len / 2,
		                          len / 2) >= 0)
			return NULL;
		snprintf(buf, size,
		         "has an IP constraint that is not an address and prefix mask (%s)",
		         policy_name_text(c, a, sizeof(a)));
		return buf;
	}
	if ((c->type == GEN_EMAIL || c->type == GEN_URI) &&
	    memchr(ASN1_STRING_get0_data(c->d.ia5), '\0', (size_t)ASN1_STRING_length(c->d.ia5)))
		return "has a constraint with a NUL byte";
	return NULL;
}

static const char *
nc_malformed(const NAME_CONSTRAINTS *nc, int period_ok, char *buf, size_t size)
{
	const STACK_OF(GENERAL_SUBTREE) * lists[2] = {nc->permittedSubtrees, nc->excludedSubtrees};
	const char *why;
	int l, i;

	if (lists[0] == NULL && lists[1] == NULL)
		return "has neither permitted nor excluded subtrees";
	for (l = 0; l < 2; l++) {
		if (lists[l] != NULL && sk_GENERAL_SUBTREE_num(lists[l]) == 0)
			return "has an empty list of subtrees";
		for (i = 0; i < sk_GENERAL_SUBTREE_num(lists[l]); i++) {
			why = nc_base_malformed(sk_GENERAL_SUBTREE_value(lists[l], i), period_ok,
			                        buf, size);
			if (why != NULL)
				return why;
		}
	}
	return NULL;
}

const char *
policy_nc_malformed(const NAME_CONSTRAINTS *nc, char *buf, size_t size)
{
	return nc_malformed(nc, 0, buf, size);
}

/* Checks one name of cert x (depth d) against the constraints of CA ca (depth k). */
static void
nc_apply(const GENERAL_NAME *g, const char *as, X509 *x, int d, const NAME_CONSTRAINTS *nc,
         X509 *ca, int k, struct policy_result *r)
{
	char why[300], name[200], who[POLICY_SUBJECT_MAX];
	int rc;

	/* A leaf's malformed address is the name rule's (policy_names.c), so that rule is the reason. */
	if (d == 0 && g->type == GEN_IPADD && ASN1_STRING_length(g->d.iPAddress) != 4 &&
	    ASN1_STRING_length(g->d.iPAddress) != 16)
		return;
	rc = policy_nc_check_name(g, nc, why, sizeof(why));
	if (rc == 0)
		return;
	policy_subject(ca, who, sizeof(who));
	policy_add(r, POLICY_UNTRUSTED, rc < 0 ? "nc.violation" : "nc.unsupported", d, x, FIX_NC,
	           "%s%s is outside the name constraints of the CA '%s' at depth %d (%s)", as,
	           policy_name_text(g, name, sizeof(name)), who, k, why);
}

/* The subject (as a directory name, and its email attributes) and every SAN of x. */
static void
nc_apply_cert(X509 *x, int d, const NAME_CONSTRAINTS *nc, X509 *ca, int k, struct policy_result *r)
{
	X509_NAME *subject = X509_get_subject_name(x);
	GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	GENERAL_NAME g;
	int i = -1;

	if (X509_NAME_entry_count(subject) > 0) {
		g.type = GEN_DIRNAME;
		g.d.directoryName = subject;
		nc_apply(&g, "", x, d, nc, ca, k, r);
	}
	while ((i = X509_NAME_get_index_by_NID(subject, NID_pkcs9_emailAddress, i)) >= 0) {
		g.type = GEN_EMAIL;
		g.d.rfc822Name = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
		nc_apply(&g, "", x, d, nc, ca, k, r);
	}
	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++)
		nc_apply(sk_GENERAL_NAME_value(sans, i), "", x, d, nc, ca, k, r);
	/*
	 * A leaf without subjectAltName: OpenSSL (the server, for client
	 * certificates) checks a CN that reads as a host name (two labels or
	 * more) against the DNS constraints. Such a server leaf fails the
	 * name rules anyway (name.san-required), as in Chromium.
	 */
	i = -1;
	while (d == 0 && sans == NULL &&
	       (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0) {
		ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
		const char *t = (const char *)ASN1_STRING_get0_data(cn);
		size_t len = (size_t)ASN1_STRING_length(cn);

		if (policy_dns_syntax_underscore_ok(t, len) != NULL || memchr(t, '.', len) == NULL)
			continue;
		g.type = GEN_DNS;
		g.d.dNSName = cn;
		nc_apply(&g, "the subject CN (no subjectAltName) as ", x, d, nc, ca, k, r);
	}
	GENERAL_NAMES_free(sans);
}

void
policy_check_constraints(STACK_OF(X509) * path, struct policy_result *r)
{
	NAME_CONSTRAINTS *nc;
	char buf[300];
	const char *why;
	int k, d, crit;

	for (k = 0; k < sk_X509_num(path); k++) {
		X509 *ca = sk_X509_value(path, k);
		nc = X509_get_ext_d2i(ca, NID_name_constraints, &crit, NULL);
		if (crit == -1)
			continue;
		if (k == 0 || !(X509_get_extension_flags(ca) & EXFLAG_CA)) {
			/* Chromium does not enforce this profile rule: a warning. */
			policy_warn(r, POLICY_FORMAT, "nc.on-leaf", k, ca,
			            "put name constraints only on CA certificates",
			            "the certificate carries name constraints but is not a CA");
		} else if (nc == NULL || (why = nc_malformed(nc, 1, buf, sizeof(buf))) != NULL) {
			policy_add(r, POLICY_UNTRUSTED, "nc.malformed", k, ca,
			           "reissue the CA with well-formed name constraints (e.g. "
			           "permitted DNS:example.com, no leading dot)",
			           "the CA's name constraints are malformed: %s",
			           nc == NULL ? (crit == -2 ? "the extension appears twice"
			                                    : "the extension cannot be decoded")
			                      : why);
		} else {
			/* A leading period: Chromium reads it as "names below", and so do we. */
			if ((why = policy_nc_malformed(nc, buf, sizeof(buf))) != NULL)
				policy_warn(
				        r, POLICY_UNTRUSTED, "nc.malformed", k, ca,
				        "reissue the CA with well-formed name constraints (e.g. "
				        "permitted DNS:example.com, no leading dot)",
				        "the CA's name constraints are malformed: %s (read as "
				        "the names below it)",
				        why);
			for (d = 0; d < k; d++) {
				X509 *x = sk_X509_value(path, d);
				/* RFC 5280 6.1.3 (b): self-issued CAs below are exempt. */
				if (d > 0 && X509_check_issued(x, x) == X509_V_OK)
					continue;
				nc_apply_cert(x, d, nc, ca, k, r);
			}
		}
		NAME_CONSTRAINTS_free(nc);
	}
}
