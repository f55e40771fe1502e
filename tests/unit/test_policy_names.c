/*
 * Unit tests for the name rules (policy/policy_names.c) and the name-constraint
 * matching (policy/nc.c), table-driven, on names and constraints built in
 * memory with OpenSSL.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "nc.h"
#include "policy_names.h"
#include "unit.h"

static void
test_dns_syntax(void)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
	        {"localhost", 1},
	        {"a.example.com", 1},
	        {"xn--bcher-kva.example", 1},
	        {"A-1.Example.COM", 1},
	        {"8.8.8.8", 1}, /* LDH text; it never matches an address (see dns_match) */
	        {"", 0},
	        {".example.com", 0},
	        {"example.com.", 0},
	        {"a..b", 0},
	        {"a_b.example", 0},
	        {"-a.example", 0},
	        {"a-.example", 0},
	        {"a.example-", 0},
	        {"a b.example", 0},
	        {"a*.example", 0},
	        {"a.exa\xc3\xa9mple", 0},
	        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.x", 1},
	        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.x", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ok = policy_dns_syntax(cases[i].name, strlen(cases[i].name)) == NULL;
		if (ok != cases[i].ok)
			fprintf(stderr, "dns_syntax('%s') = %d\n", cases[i].name, ok);
		UNIT_CHECK_INT(ok, cases[i].ok);
	}
	/* A NUL inside the name is never valid. */
	UNIT_CHECK(policy_dns_syntax("a\0b.example", 11) != NULL);
}

static void
test_wildcard_syntax(void)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
	        {"*.example.com", 1},
	        {"*.a.b.example.com", 1},
	        {"*.foo.appspot.com", 1},
	        {"*.example.co.uk", 1},
	        {"*.badssl.localhost", 1},
	        {"*", 0},
	        {"*.", 0},
	        {"*.com", 0},
	        {"*.co.uk", 0},
	        {"*.localhost", 0},
	        {"*.appspot.com", 1},
	        {"ba*.example.com", 0},
	        {"*a.example.com", 0},
	        {"foo.*.example.com", 0},
	        {"*.*.example.com", 0},
	        {"**.example.com", 0},
	        {"*.example.com.", 0},
	        {"*..example.com", 0},
	        {"*.ex_ample.com", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ok = policy_wildcard_syntax(cases[i].name, strlen(cases[i].name)) == NULL;
		if (ok != cases[i].ok)
			fprintf(stderr, "wildcard_syntax('%s') = %d\n", cases[i].name, ok);
		UNIT_CHECK_INT(ok, cases[i].ok);
	}
}

static void
test_dns_match(void)
{
	static const struct {
		const char *pattern, *host;
		int match;
	} cases[] = {
	        {"localhost", "localhost", 1},
	        {"localhost", "LOCALHOST", 1},
	        {"localhost", "localhost.", 1},
	        {"localhost", "other", 0},
	        {"localhost", "localhost.example", 0},
	        {"example.com", "www.example.com", 0},
	        {"*.example.com", "www.example.com", 1},
	        {"*.example.com", "WWW.Example.Com", 1},
	        {"*.example.com", "example.com", 0},
	        {"*.example.com", "a.b.example.com", 0},
	        {"*.example.com", ".example.com", 0},
	        {"*.example.com", "wwwexample.com", 0},
	        {"*.0.0.1", "127.0.0.1", 0},
	        {"*.com", "example.com", 0},
	        {"ba*.example.com", "bar.example.com", 0},
	        {"*", "localhost", 0},
	        {"8.8.8.8", "8.8.8.8",
	         1}, /* text equality: policy_names.c never asks this for an IP host */
	        {"localhost", "", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int m = policy_dns_match(cases[i].pattern, strlen(cases[i].pattern), cases[i].host);
		if (m != cases[i].match)
			fprintf(stderr, "dns_match('%s', '%s') = %d\n", cases[i].pattern,
			        cases[i].host, m);
		UNIT_CHECK_INT(m, cases[i].match);
	}
}

static void
test_ip_parse(void)
{
	unsigned char ip[16];

	UNIT_CHECK_INT(policy_ip_parse("127.0.0.1", ip), 4);
	UNIT_CHECK_INT(policy_ip_parse("::1", ip), 16);
	UNIT_CHECK(ip[15] == 1 && ip[0] == 0);
	UNIT_CHECK_INT(policy_ip_parse("[::1]", ip), 0);
	UNIT_CHECK_INT(policy_ip_parse("localhost", ip), 0);
	UNIT_CHECK_INT(policy_ip_parse("127.1", ip), 0);
	UNIT_CHECK_INT(policy_ip_parse("", ip), 0);
}

/* Builds NAME_CONSTRAINTS from OpenSSL's config text, e.g. "permitted;DNS:example.com". */
static NAME_CONSTRAINTS *
make_nc(const char *text)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, NULL, NID_name_constraints, text);
	NAME_CONSTRAINTS *nc = ext ? X509V3_EXT_d2i(ext) : NULL;

	X509_EXTENSION_free(ext);
	return nc;
}

static GENERAL_NAME *
make_name(int type, const char *value)
{
	return a2i_GENERAL_NAME(NULL, NULL, NULL, type, value, 0);
}

static void
test_nc_check(void)
{
	static const struct {
		const char *nc;
		int type;
		const char *name;
		int want; /* 0 allowed, -1 outside, 1 cannot check */
	} cases[] = {
	        {"permitted;DNS:example.com", GEN_DNS, "example.com", 0},
	        {"permitted;DNS:example.com", GEN_DNS, "a.b.example.com", 0},
	        {"permitted;DNS:example.com", GEN_DNS, "EXAMPLE.COM", 0},
	        {"permitted;DNS:example.com", GEN_DNS, "badexample.com", -1},
	        {"permitted;DNS:example.com", GEN_DNS, "example.com.evil", -1},
	        {"permitted;DNS:example.com", GEN_DNS, "*.example.com", 0},
	        {"permitted;DNS:a.example.com", GEN_DNS, "*.example.com", -1},
	        {"excluded;DNS:bar.example.com", GEN_DNS, "*.example.com", -1},
	        {"excluded;DNS:x.bar.example.com", GEN_DNS, "*.example.com", 0},
	        {"excluded;DNS:example.com", GEN_DNS, "*.example.com", -1},
	        {"excluded;DNS:bar.example.com", GEN_DNS, "foo.example.com", 0},
	        {"excluded;DNS:bar.example.com", GEN_DNS, "a.bar.example.com", -1},
	        {"permitted;DNS:example.com,excluded;DNS:bad.example.com", GEN_DNS,
	         "x.bad.example.com", -1},
	        {"permitted;DNS:example.com", GEN_IPADD, "10.0.0.1", 0},
	        {"permitted;IP:10.0.0.0/255.0.0.0", GEN_IPADD, "10.1.2.3", 0},
	        {"permitted;IP:10.0.0.0/255.0.0.0", GEN_IPADD, "11.1.2.3", -1},
	        {"permitted;IP:10.0.0.0/255.0.0.0", GEN_IPADD, "::1", -1},
	        {"excluded;IP:10.0.0.0/255.0.0.0", GEN_IPADD, "::1", 0},
	        {"permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", GEN_IPADD, "::1", 0},
	        {"permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", GEN_IPADD, "::2", -1},
	        {"excluded;IP:127.0.0.0/255.0.0.0", GEN_IPADD, "127.0.0.1", -1},
	        {"permitted;email:example.com", GEN_EMAIL, "a@example.com", 0},
	        {"permitted;email:example.com", GEN_EMAIL, "a@sub.example.com", -1},
	        {"permitted;email:.example.com", GEN_EMAIL, "a@sub.example.com", 0},
	        {"permitted;email:a@example.com", GEN_EMAIL, "b@example.com", -1},
	        {"permitted;URI:.example.com", GEN_URI, "https://www.example.com:8443/x", 0},
	        {"permitted;URI:example.com", GEN_URI, "https://www.example.com/", -1},
	        {"permitted;URI:example.com", GEN_URI, "urn:x", -1},
	        {"permitted;otherName:1.2.3.4;UTF8:x", GEN_DNS, "localhost", 0},
	};
	char why[300];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		NAME_CONSTRAINTS *nc = make_nc(cases[i].nc);
		GENERAL_NAME *g = make_name(cases[i].type, cases[i].name);
		int got = nc && g ? policy_nc_check_name(g, nc, why, sizeof(why)) : 99;
		if (got != cases[i].want)
			fprintf(stderr, "nc '%s' vs '%s' = %d\n", cases[i].nc, cases[i].name, got);
		UNIT_CHECK_INT(got, cases[i].want);
		NAME_CONSTRAINTS_free(nc);
		GENERAL_NAME_free(g);
	}
}

/* A DNS name of 256 bytes or more is checked like any other (no fail-open past a buffer). */
static void
test_nc_long_name(void)
{
	NAME_CONSTRAINTS *nc = make_nc("permitted;DNS:example.com");
	char name[400], why[300];
	GENERAL_NAME *g;

	memset(name, 'a', sizeof(name));
	memcpy(name + sizeof(name) - 10, ".evil.com", 10);
	g = make_name(GEN_DNS, name);
	UNIT_CHECK(nc != NULL && g != NULL);
	if (nc != NULL && g != NULL)
		UNIT_CHECK_INT(policy_nc_check_name(g, nc, why, sizeof(why)), -1);
	GENERAL_NAME_free(g);
	memcpy(name + sizeof(name) - 13, ".example.com", 13);
	g = make_name(GEN_DNS, name);
	if (nc != NULL && g != NULL)
		UNIT_CHECK_INT(policy_nc_check_name(g, nc, why, sizeof(why)), 0);
	UNIT_CHECK(policy_dns_syntax(name, strlen(name)) !=
	           NULL); /* but the name rule refuses it */
	GENERAL_NAME_free(g);
	NAME_CONSTRAINTS_free(nc);
}

static void
test_nc_malformed(void)
{
	static const struct {
		const char *nc;
		int malformed;
	} cases[] = {
	        {"permitted;DNS:example.com", 0},       {"permitted;DNS:.example.com", 1},
	        {"permitted;DNS:ex_ample.com", 1},      {"excluded;DNS:.example.com", 1},
	        {"permitted;IP:10.0.0.0/255.0.0.0", 0}, {"permitted;IP:10.0.0.0/255.0.255.0", 1},
	        {"permitted;IP:10.0.0.0/0.0.0.255", 1}, {"permitted;IP:::/0:0:0:0:0:0:0:0", 0},
	        {"permitted;email:example.com", 0},     {"permitted;otherName:1.2.3.4;UTF8:x", 0},
	};
	NAME_CONSTRAINTS *empty = NAME_CONSTRAINTS_new();
	char buf[300];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		NAME_CONSTRAINTS *nc = make_nc(cases[i].nc);
		UNIT_CHECK(nc != NULL);
		if (nc != NULL)
			UNIT_CHECK_INT(policy_nc_malformed(nc, buf, sizeof(buf)) != NULL,
			               cases[i].malformed);
		NAME_CONSTRAINTS_free(nc);
	}
	/* Neither list, and a present but empty list. */
	UNIT_CHECK(policy_nc_malformed(empty, buf, sizeof(buf)) != NULL);
	empty->permittedSubtrees = sk_GENERAL_SUBTREE_new_null();
	UNIT_CHECK(policy_nc_malformed(empty, buf, sizeof(buf)) != NULL);
	NAME_CONSTRAINTS_free(empty);
}

int
main(void)
{
	test_dns_syntax();
	test_wildcard_syntax();
	test_dns_match();
	test_ip_parse();
	test_nc_check();
	test_nc_long_name();
	test_nc_malformed();
	return unit_done();
}
