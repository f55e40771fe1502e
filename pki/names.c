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
#include "pki.h"

/* RFC 1035 host name (letters, digits, hyphens), optionally "*." in front (RFC 6125 6.4.3). */
static int
dns_valid(const char *s)
{
	size_t label = 0, total = strlen(s);
	const char *p = s;

	if (total == 0 || total > 253)
		return 0;
	if (strncmp(p, "*.", 2) == 0)
		p += 2;
	for (; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)*p) && !(*p == '-' && label > 0) && *p != '_')
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && p[-1] != '-';
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

	if (inet_pton(AF_INET, s, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)size) ? 0 : -1;
	if (inet_pton(AF_INET6, s, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)size) ? 0 : -1;
	return -1;
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
	const unsigned char *p;
	char a[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN];
	int len, type;
	void *v = GENERAL_NAME_get0_value(gn, &type);

	switch (type) {
	case GEN_DNS:
	case GEN_EMAIL:
	case GEN_URI:
		snprintf(buf, size, "%s:%.*s",
		         type == GEN_DNS     ? "DNS"
		         : type == GEN_EMAIL ? "email"
		                             : "URI",
		         ASN1_STRING_length(v), (const char *)ASN1_STRING_get0_data(v));
		break;
	case GEN_IPADD:
		p = ASN1_STRING_get0_data(v);
		len = ASN1_STRING_length(v);
		if (len == 4 || len == 16) {
			inet_ntop(len == 4 ? AF_INET : AF_INET6, p, a, sizeof(a));
			snprintf(buf, size, "IP:%s", a);
		} else if (len == 8 || len == 32) {
			int bits = 0, i;

			inet_ntop(len == 8 ? AF_INET : AF_INET6, p, a, sizeof(a));
			for (i = len / 2; i < len; i++)
				bits += __builtin_popcount(p[i]);
			inet_ntop(len == 8 ? AF_INET : AF_INET6, p + len / 2, m, sizeof(m));
			snprintf(buf, size, "IP:%s/%d", a, bits);
		} else {
			snprintf(buf, size, "IP:(bad length %d)", len);
		}
		break;
	case GEN_DIRNAME:
		snprintf(buf, size, "dirName:");
		X509_NAME_oneline(v, buf + 8, size > 8 ? (int)size - 8 : 0);
		break;
	default:
		snprintf(buf, size, "(name type %d)", type);
	}
	return buf;
}

static void
subtrees_text(STACK_OF(GENERAL_SUBTREE) * st, char *buf, size_t size)
{
	char one[300];
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < sk_GENERAL_SUBTREE_num(st) && used < size; i++) {
		pki_general_name_text(sk_GENERAL_SUBTREE_value(st, i)->base, one, sizeof(one));
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", one);
	}
}

/* 1 when gn alone, as cert's only SAN, is outside nc; 0 when inside (or unknown). */
static int
name_outside(X509 *cert, GENERAL_NAME *gn, NAME_CONSTRAINTS *nc)
{
	GENERAL_NAMES *one = sk_GENERAL_NAME_new_null();
	GENERAL_NAME *dup = GENERAL_NAME_dup(gn);
	X509 *x = X509_dup(cert), *fresh = NULL;
	int outside = 0;

	if (one == NULL || dup == NULL || x == NULL || !sk_GENERAL_NAME_push(one, dup))
		goto done;
	dup = NULL;
	/* Re-encoded, then decoded, so the copy's extension cache holds only this name. */
	if (X509_add1_ext_i2d(x, NID_subject_alt_name, one, 0, X509V3_ADD_REPLACE) != 1 ||
	    i2d_re_X509_tbs(x, NULL) <= 0 || (fresh = X509_dup(x)) == NULL ||
	    X509_check_purpose(fresh, -1, 0) != 1)
		goto done;
	outside = NAME_CONSTRAINTS_check(fresh, nc) != X509_V_OK;
done:
	GENERAL_NAME_free(dup);
	GENERAL_NAMES_free(one);
	X509_free(x);
	X509_free(fresh);
	return outside;
}

/*
 * The cert's SANs that nc does not permit, as text ("DNS:a, IP:b"); when none
 * alone is outside (the subject's CN is), the subject.
 */
static void
cert_names_outside(X509 *cert, NAME_CONSTRAINTS *nc, char *buf, size_t size)
{
	GENERAL_NAMES *gns = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	char one[300];
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; gns != NULL && i < sk_GENERAL_NAME_num(gns) && used < size; i++) {
		if (!name_outside(cert, sk_GENERAL_NAME_value(gns, i), nc))
			continue;
		pki_general_name_text(sk_GENERAL_NAME_value(gns, i), one, sizeof(one));
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", one);
	}
	GENERAL_NAMES_free(gns);
	if (buf[0] == '\0')
		X509_NAME_oneline(X509_get_subject_name(cert), buf, (int)size);
}

int
pki_names_check_constraints(X509 *cert, STACK_OF(X509) * cas, struct err *e)
{
	NAME_CONSTRAINTS *nc;
	char subject[256], allowed[400], names[400];
	X509 *ca, *copy;
	int i, rc;

	/*
	 * NAME_CONSTRAINTS_check reads the SANs from the certificate's extension
	 * cache, which only X509_check_purpose (and the verifier) fill; a cert
	 * built in memory may even hold a cache made before its SANs were added.
	 * So: a fresh copy decoded from DER, its cache filled.
	 */
	if ((copy = X509_dup(cert)) == NULL || X509_check_purpose(copy, -1, 0) != 1) {
		X509_free(copy);
		return err_set(e, "cannot read the certificate's extensions");
	}
	cert = copy;
	rc = X509_V_OK;
	for (i = 0; i < sk_X509_num(cas) && rc == X509_V_OK; i++) {
		ca = sk_X509_value(cas, i);
		nc = X509_get_ext_d2i(ca, NID_name_constraints, NULL, NULL);
		if (nc == NULL)
			continue;
		rc = NAME_CONSTRAINTS_check(cert, nc);
		if (rc == X509_V_OK)
			rc = NAME_CONSTRAINTS_check_CN(cert, nc);
		subtrees_text(nc->permittedSubtrees, allowed, sizeof(allowed));
		if (rc != X509_V_OK)
			cert_names_outside(cert, nc, names, sizeof(names));
		NAME_CONSTRAINTS_free(nc);
		if (rc != X509_V_OK) {
			X509_NAME_oneline(X509_get_subject_name(ca), subject, sizeof(subject));
			err_code(e, DEMO_EXIT_UNTRUSTED);
			err_set(e,
			        "%s: outside the name constraints of %s (%s; it permits only %s)",
			        names, subject, X509_verify_cert_error_string(rc),
			        allowed[0] ? allowed : "nothing");
			err_fix(e, "use only names that CA permits, or a CA without constraints");
		}
	}
	X509_free(copy);
	ERR_clear_error();
	return rc == X509_V_OK ? 0 : -1;
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
