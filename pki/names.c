/* Subject alternative names, times, and name constraints. */
#include "names.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "name_text.h"
#include "nc.h"
#include "pki.h"
#include "policy.h"
#include "policy_names.h"

/*
 * A DNS name to issue: the policy's syntax (policy_dns_syntax), with an
 * underscore allowed (verify only warns about it, and issue prints that
 * warning), optionally "*." in front (the wildcard rules are the policy's,
 * applied to the certificate by pki_names_check_constraints).
 */
static int
dns_valid(const char *s)
{
	if (strncmp(s, "*.", 2) == 0)
		s += 2;
	return policy_dns_syntax_underscore_ok(s, strlen(s)) == NULL;
}

static int
email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *p;

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p))
			return 0;
	return dns_valid(at + 1);
}

static int
ip_canonical(const char *s, char *out, size_t size)
{
	unsigned char bin[16];
	int len = policy_ip_parse(s, bin);

	if (len == 0 || inet_ntop(len == 4 ? AF_INET : AF_INET6, bin, out, (socklen_t)size) == NULL)
		return -1;
	return 0;
}

int
pki_sans_add(struct pki_sans *s, const char *arg, struct err *e)
{
	char canon[300], ip[INET6_ADDRSTRLEN], *v;
	const char *colon = strchr(arg, ':');
	int i;

	if (strncasecmp(arg, "DNS:", 4) == 0) {
		if (!dns_valid(arg + 4))
			return err_set(e, "'%s' is not a valid DNS name", arg + 4);
		snprintf(canon, sizeof(canon), "DNS:%s", arg + 4);
	} else if (strncasecmp(arg, "IP:", 3) == 0) {
		if (ip_canonical(arg + 3, ip, sizeof(ip)) == -1)
			return err_set(e, "'%s' is not an IPv4 or IPv6 address", arg + 3);
		snprintf(canon, sizeof(canon), "IP:%s", ip);
	} else if (strncasecmp(arg, "email:", 6) == 0) {
		if (!email_valid(arg + 6))
			return err_set(e, "'%s' is not a valid email address", arg + 6);
		snprintf(canon, sizeof(canon), "email:%s", arg + 6);
	} else if (ip_canonical(arg, ip, sizeof(ip)) == 0) {
		snprintf(canon, sizeof(canon), "IP:%s", ip);
	} else if (colon == NULL && strchr(arg, '@') == NULL && dns_valid(arg)) {
		snprintf(canon, sizeof(canon), "DNS:%s", arg);
	} else {
		return err_set(e, "'%s' is not a name (want DNS:name, IP:address or email:address)",
		               arg);
	}
	/* DNS names compare without case (RFC 4343): store them in lower case. */
	if (strncmp(canon, "DNS:", 4) == 0)
		for (v = canon + 4; *v; v++)
			*v = (char)tolower((unsigned char)*v);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], canon) == 0)
			return 0;
	if (s->n >= PKI_SAN_MAX)
		return err_set(e, "too many names (at most %d)", PKI_SAN_MAX);
	if ((s->v[s->n] = strdup(canon)) == NULL)
		return err_set(e, "out of memory");
	s->n++;
	return 0;
}

void
pki_sans_free(struct pki_sans *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static GENERAL_NAME *
general_name(const char *canon, struct err *e)
{
	GENERAL_NAME *gn = NULL;
	ASN1_OCTET_STRING *ip = NULL;
	ASN1_IA5STRING *ia5 = NULL;
	int type;

	if ((gn = GENERAL_NAME_new()) == NULL)
		goto err;
	if (strncmp(canon, "IP:", 3) == 0) {
		if ((ip = a2i_IPADDRESS(canon + 3)) == NULL)
			goto err;
		GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
		return gn;
	}
	type = strncmp(canon, "DNS:", 4) == 0 ? GEN_DNS : GEN_EMAIL;
	if ((ia5 = ASN1_IA5STRING_new()) == NULL ||
	    !ASN1_STRING_set(ia5, strchr(canon, ':') + 1, -1))
		goto err;
	GENERAL_NAME_set0_value(gn, type, ia5);
	return gn;
err:
	ASN1_IA5STRING_free(ia5);
	GENERAL_NAME_free(gn);
	err_set(e, "cannot encode the name %s", canon);
	return NULL;
}

GENERAL_NAMES *
pki_sans_to_general_names(const struct pki_sans *s, struct err *e)
{
	GENERAL_NAMES *names;
	GENERAL_NAME *gn;
	int i;

	if ((names = GENERAL_NAMES_new()) == NULL) {
		err_set(e, "out of memory");
		return NULL;
	}
	for (i = 0; i < s->n; i++) {
		if ((gn = general_name(s->v[i], e)) == NULL || !sk_GENERAL_NAME_push(names, gn)) {
			GENERAL_NAME_free(gn);
			GENERAL_NAMES_free(names);
			return NULL;
		}
	}
	return names;
}

int
pki_time_parse(const char *s, time_t *t, struct err *e)
{
	struct tm tm, back;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	time_t v;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		goto bad;
	if (s[n] == 'T') {
		int m = 0;

		if (sscanf(s + n, "T%2d:%2d:%2dZ%n", &h, &mi, &sec, &m) != 3 || m != 10 ||
		    s[n + m] != '\0')
			goto bad;
	} else if (s[n] != '\0') {
		goto bad;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	v = timegm(&tm);
	/* timegm normalises 2021-02-30 to March: a round trip catches it. */
	if (y < 1950 || v == (time_t)-1 || gmtime_r(&v, &back) == NULL ||
	    back.tm_year != y - 1900 || back.tm_mon != mo - 1 || back.tm_mday != d ||
	    back.tm_hour != h || back.tm_min != mi || back.tm_sec != sec)
		goto bad;
	*t = v;
	return 0;
bad:
	err_code(e, DEMO_EXIT_USAGE);
	err_set(e, "'%s' is not a time (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)", s);
	return err_fix(e, "write a real UTC date, e.g. 2030-01-31 or 2030-01-31T12:00:00Z");
}

const char *
pki_time_format(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "?");
	return buf;
}

int
pki_asn1_time_get(const ASN1_TIME *a, time_t *t, struct err *e)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (a == NULL || !ASN1_TIME_to_tm(a, &tm)) {
		ERR_clear_error();
		return err_set(e, "unreadable time in certificate");
	}
	*t = timegm(&tm);
	return 0;
}

const char *
pki_general_name_text(const GENERAL_NAME *gn, char *buf, size_t size)
{
	return policy_name_text(gn, buf, size);
}

/* Appends the bases of st to buf as "DNS:a, IP:b/8". */
static void
subtrees_text(const STACK_OF(GENERAL_SUBTREE) * st, char *buf, size_t size)
{
	char one[300];
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < sk_GENERAL_SUBTREE_num(st) && used + 1 < size; i++) {
		policy_name_text(sk_GENERAL_SUBTREE_value(st, i)->base, one, sizeof(one));
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", one);
	}
}

/*
 * The SANs of cert that the constraints of ca refuse (policy_nc_check_name,
 * the verifiers' engine), as "DNS:a, IP:b", and why the first is refused.
 * Returns how many.
 */
static int
names_outside(X509 *cert, X509 *ca, char *list, size_t size, char *why, size_t wsize)
{
	NAME_CONSTRAINTS *nc = X509_get_ext_d2i(ca, NID_name_constraints, NULL, NULL);
	GENERAL_NAMES *gns = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	char one[300], w[300];
	size_t used = 0;
	int i, n = 0;

	list[0] = '\0';
	for (i = 0; nc != NULL && i < sk_GENERAL_NAME_num(gns) && used + 1 < size; i++) {
		if (policy_nc_check_name(sk_GENERAL_NAME_value(gns, i), nc, w, sizeof(w)) == 0)
			continue;
		if (n++ == 0)
			snprintf(why, wsize, "%s", w);
		used += (size_t)snprintf(
		        list + used, size - used, "%s%s", used ? ", " : "",
		        policy_name_text(sk_GENERAL_NAME_value(gns, i), one, sizeof(one)));
	}
	GENERAL_NAMES_free(gns);
	NAME_CONSTRAINTS_free(nc);
	return n;
}

/* The error of f (a name or constraint rule issue would break) in e. */
static int
names_refuse(X509 *cert, STACK_OF(X509) * path, const struct policy_finding *f, struct err *e)
{
	NAME_CONSTRAINTS *nc;
	char list[400], why[300], subject[256], allowed[400];
	X509 *ca;
	int k;

	if (f->cls != POLICY_UNTRUSTED) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "%s", f->detail);
		return err_fix(e, "%s", f->fix);
	}
	err_code(e, DEMO_EXIT_UNTRUSTED);
	for (k = 1; f->depth == 0 && k < sk_X509_num(path); k++) {
		ca = sk_X509_value(path, k);
		if (names_outside(cert, ca, list, sizeof(list), why, sizeof(why)) == 0)
			continue;
		nc = X509_get_ext_d2i(ca, NID_name_constraints, NULL, NULL);
		subtrees_text(nc->permittedSubtrees, allowed, sizeof(allowed));
		NAME_CONSTRAINTS_free(nc);
		X509_NAME_oneline(X509_get_subject_name(ca), subject, sizeof(subject));
		err_set(e, "%s: outside the name constraints of %s (%s%s%s)", list, subject, why,
		        allowed[0] ? "; it permits only " : "", allowed);
		return err_fix(e, "use only names that CA permits, or a CA without constraints");
	}
	/* Not a SAN of the new certificate: its subject, or a CA of the path. */
	err_set(e, "%s", f->detail);
	return err_fix(e, "use only names that CA permits, or a CA without constraints");
}

int
pki_names_check_constraints(X509 *cert, STACK_OF(X509) * cas, struct err *e)
{
	STACK_OF(X509) *path = sk_X509_new_null();
	struct policy_result r;
	const struct policy_finding *f;
	char text[POLICY_DETAIL_MAX + 400];
	int i, rc = -1;

	memset(&r, 0, sizeof(r));
	if (path == NULL || !sk_X509_push(path, cert)) {
		err_set(e, "out of memory");
		goto done;
	}
	for (i = 0; i < sk_X509_num(cas); i++)
		if (!sk_X509_push(path, sk_X509_value(cas, i))) {
			err_set(e, "out of memory");
			goto done;
		}
	/* The verifiers' own rules on names: their syntax (no host yet), and the constraints. */
	policy_check_names(cert, NULL, POLICY_PURPOSE_ANY, &r);
	policy_check_constraints(path, &r);
	f = policy_first(&r);
	if (f != NULL) {
		names_refuse(cert, path, f, e);
		goto done;
	}
	for (i = 0; i < r.n; i++)
		fprintf(stderr, "https_pki: %s\n",
		        policy_finding_text(&r.findings[i], text, sizeof(text)));
	rc = 0;
done:
	sk_X509_free(path);
	ERR_clear_error();
	return rc;
}

int
pki_cidr_parse(const char *s, unsigned char out[32], struct err *e)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	char *end;
	long bits;
	int len, i;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(addr))
		goto bad;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET, addr, out) == 1)
		len = 4;
	else if (inet_pton(AF_INET6, addr, out) == 1)
		len = 16;
	else
		goto bad;
	bits = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end != '\0' || bits < 0 || bits > len * 8)
		goto bad;
	for (i = 0; i < len; i++) {
		int b = bits >= 8 ? 8 : (int)bits;

		out[len + i] = (unsigned char)(0xff00 >> b);
		out[i] &= out[len + i];
		bits -= b;
	}
	return 2 * len;
bad:
	err_code(e, DEMO_EXIT_USAGE);
	return err_set(e, "'%s' is not an address range (want IP:addr/prefix, e.g. 127.0.0.1/32)",
	               s);
}
