/*
 * Unit tests for the pure parts of https_pki trust/untrust (pki/trust.h):
 * nickname derivation, file-name slugs, and reading certutil's output.
 */
#include <stdio.h>
#include <string.h>

#include "trust_parse.h"
#include "unit.h"

/* SHA-256 of "test": 9f86d081... */
static const unsigned char sha[32] = {0x9f, 0x86, 0xd0, 0x81, 0x88, 0x4c, 0x7d, 0x65};

static void
test_nickname(void)
{
	static const struct {
		const char *cn;
		int want_rc;
		const char *want;
	} cases[] = {
	        {"HTTPS Demo Root CA", 0, "HTTPS Demo Root CA 9f86d081"},
	        {NULL, 0, "https-demo CA 9f86d081"},
	        {"", 0, "https-demo CA 9f86d081"},
	        {"   \t ", 0, "https-demo CA 9f86d081"},
	        {"  lots   of\tspace  ", 0, "lots of space 9f86d081"},
	        {"tok:en", 0, "tok_en 9f86d081"}, /* NSS reads "token:name" */
	        {"a\"b\\c", 0, "a_b_c 9f86d081"},
	        {"D\xc3\xa9mo", 0, "D_mo 9f86d081"}, /* UTF-8: one '_' per run */
	        {"-n evil", 0, "_n evil 9f86d081"},  /* never looks like an option */
	        {"ctrl\x01\x02x", 0, "ctrl_x 9f86d081"},
	        {"0123456789012345678901234567890123456789012345678901234567890123", 0,
	         "012345678901234567890123456789012345678901234567 9f86d081"},
	};
	char out[PKI_TRUST_NICK_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 0, sizeof(out));
		UNIT_CHECK_INT(pki_trust_nickname(cases[i].cn, sha, sizeof(sha), out, sizeof(out)),
		               cases[i].want_rc);
		UNIT_CHECK_STR(out, cases[i].want);
		UNIT_CHECK_INT(pki_trust_name_valid(out), 1); /* what we derive, we accept */
	}
	/* Same certificate, same nickname; another fingerprint, another nickname. */
	{
		unsigned char other[32] = {0x01, 0x02, 0x03, 0x04};
		char a[PKI_TRUST_NICK_MAX], b[PKI_TRUST_NICK_MAX];

		UNIT_CHECK_INT(pki_trust_nickname("CA", sha, 32, a, sizeof(a)), 0);
		UNIT_CHECK_INT(pki_trust_nickname("CA", other, 32, b, sizeof(b)), 0);
		UNIT_CHECK_STR(b, "CA 01020304");
		UNIT_CHECK(strcmp(a, b) != 0);
	}
	/* Negative: short digest, NULL digest, no room. */
	UNIT_CHECK_INT(pki_trust_nickname("CA", sha, 3, out, sizeof(out)), -1);
	UNIT_CHECK_INT(pki_trust_nickname("CA", NULL, 32, out, sizeof(out)), -1);
	UNIT_CHECK_INT(pki_trust_nickname("CA", sha, 32, out, 11), -1);
	UNIT_CHECK_INT(pki_trust_nickname("CA", sha, 32, out, 12), 0);
}

static void
test_name_valid(void)
{
	static const struct {
		const char *name;
		int want;
	} cases[] = {
	        {"My CA", 1},
	        {"x", 1},
	        {"HTTPS Demo Root CA 9f86d081", 1},
	        {"", 0},
	        {NULL, 0},
	        {"-n", 0},
	        {" lead", 0},
	        {"trail ", 0},
	        {"tok:en", 0},
	        {"quo\"te", 0},
	        {"back\\slash", 0},
	        {"new\nline", 0},
	        {"utf\xc3\xa9", 0},
	        {"0123456789012345678901234567890123456789012345678901234567890123456789012345678",
	         1},
	        {"01234567890123456789012345678901234567890123456789012345678901234567890123456789",
	         0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_INT(pki_trust_name_valid(cases[i].name), cases[i].want);
}

static void
test_slug(void)
{
	static const struct {
		const char *nick;
		int want_rc;
		const char *want;
	} cases[] = {
	        {"HTTPS Demo Root CA 9f86d081", 0, "https-demo-root-ca-9f86d081"},
	        {"--A__b--", 0, "a-b"},
	        {"../../etc/passwd", 0, "etc-passwd"}, /* never a path */
	        {"x", 0, "x"},
	        {"::", -1, ""},
	        {"", -1, ""},
	};
	char out[PKI_TRUST_NICK_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strcpy(out, "");
		UNIT_CHECK_INT(pki_trust_slug(cases[i].nick, out, sizeof(out)), cases[i].want_rc);
		if (cases[i].want_rc == 0)
			UNIT_CHECK_STR(out, cases[i].want);
	}
	UNIT_CHECK_INT(pki_trust_slug("abcdef", out, 6), -1);
	UNIT_CHECK_INT(pki_trust_slug("abcdef", out, 7), 0);
	UNIT_CHECK_INT(pki_trust_slug("a b", out, 0), -1);
}

/* What certutil -L -d DB -n NICK prints (the end of it). */
#define CERT_HEAD                                                           \
	"Certificate:\n    Data:\n        Version: 3 (0x2)\n"               \
	"        Subject: \"CN=Test Root CA\"\n"                            \
	"    Signature Algorithm:\n        Signature:\n            30:44\n" \
	"    Fingerprint (SHA-256):\n        A2:AF\n\n"
#define TRUST_FLAGS(ssl, email)                                                                 \
	"    Certificate Trust Flags:\n        SSL Flags:\n" ssl "        Email Flags:\n" email \
	"        Object Signing Flags:\n\n"

static void
test_parse_ssl_flags(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
	        /* trust C,, as certutil shows it */
	        {CERT_HEAD TRUST_FLAGS("            Valid CA\n            Trusted CA\n", ""),
	         PKI_TRUST_SSL_VALID_CA | PKI_TRUST_SSL_TRUSTED_CA},
	        /* c,,: present, a valid CA, but NOT trusted for websites (mkcert's trap) */
	        {CERT_HEAD TRUST_FLAGS("            Valid CA\n", ""), PKI_TRUST_SSL_VALID_CA},
	        /* T,,: trusted for client certificates only */
	        {CERT_HEAD TRUST_FLAGS("            Valid CA\n            Trusted Client CA\n", ""),
	         PKI_TRUST_SSL_VALID_CA | PKI_TRUST_SSL_CLIENT_CA},
	        /* ,,: no trust at all */
	        {CERT_HEAD TRUST_FLAGS("", ""), 0},
	        /* ,C,: trusted for e-mail, not for SSL */
	        {CERT_HEAD TRUST_FLAGS("", "            Valid CA\n            Trusted CA\n"), 0},
	        /* P,,: a trusted peer */
	        {CERT_HEAD TRUST_FLAGS("            Trusted\n", ""), PKI_TRUST_SSL_PEER},
	        {CERT_HEAD TRUST_FLAGS("            Something New\n", ""), PKI_TRUST_SSL_OTHER},
	        /* CRLF line ends */
	        {"    Certificate Trust Flags:\r\n        SSL Flags:\r\n            Trusted CA\r\n"
	         "        Email Flags:\r\n",
	         PKI_TRUST_SSL_TRUSTED_CA},
	        /* the section ends with the output */
	        {"    Certificate Trust Flags:\n        SSL Flags:\n            Trusted CA", 2},
	        /* negative: no section, no SSL line, SSL line outside the section */
	        {CERT_HEAD, -1},
	        {"", -1},
	        {"certutil: Could not find cert: x\n: PR_FILE_NOT_FOUND_ERROR: File not found\n",
	         -1},
	        {"    Certificate Trust Flags:\n        Email Flags:\n            Trusted CA\n",
	         -1},
	        {"    Certificate Trust Flags:\n    Next:\n        SSL Flags:\n            Trusted "
	         "CA\n",
	         -1},
	        {"Trusted CA\nCertificate Trust Flags:\n", -1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_INT(pki_trust_parse_ssl_flags(cases[i].text), cases[i].want);
}

static void
test_ssl_flags_str(void)
{
	char buf[96];

	UNIT_CHECK_STR(pki_trust_ssl_flags_str(3, buf, sizeof(buf)), "Valid CA, Trusted CA");
	UNIT_CHECK_STR(pki_trust_ssl_flags_str(0, buf, sizeof(buf)), "none");
	UNIT_CHECK_STR(pki_trust_ssl_flags_str(-1, buf, sizeof(buf)), "none");
	UNIT_CHECK_STR(pki_trust_ssl_flags_str(PKI_TRUST_SSL_CLIENT_CA, buf, sizeof(buf)),
	               "Trusted Client CA");
	UNIT_CHECK_STR(pki_trust_ssl_flags_str(3, buf, 9), "Valid CA");
}

static void
test_attrs(void)
{
	static const struct {
		const char *attrs;
		int want;
	} cases[] = {
	        {"C,,", 1},
	        {"CT,C,C", 1},
	        {"cC,,", 1},
	        {"c,,", 0},
	        {",,", 0},
	        {",C,", 0},
	        {",,C", 0},
	        {"T,,", 0},
	        {"P,,", 0},
	        {"u,u,u", 0},
	        {"C,", -1},
	        {"C,,,", -1},
	        {"X,,", -1},
	        {"", -1},
	        {"C ,,", -1},
	        {"C", -1},
	        {"SSL,S/MIME,JAR/XPI", -1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_INT(pki_trust_attrs_ssl_trusted(cases[i].attrs), cases[i].want);
}

static void
test_list(void)
{
	static const char listing[] =
	        "\n"
	        "Certificate Nickname                                         Trust Attributes\n"
	        "                                                             SSL,S/MIME,JAR/XPI\n"
	        "\n"
	        "HTTPS Demo Root CA 9f86d081                                  C,,  \n"
	        "a line that is not an entry\n"
	        "Old One                                                      c,,  \n"
	        "x                                                            CT,C,C\n"
	        "0123456789012345678901234567890123456789 0123456789         ,,\n";
	char nick[PKI_TRUST_NICK_MAX], attrs[16], small[8];
	const char *cur = listing;

	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 1);
	UNIT_CHECK_STR(nick, "HTTPS Demo Root CA 9f86d081");
	UNIT_CHECK_STR(attrs, "C,,");
	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 1);
	UNIT_CHECK_STR(nick, "Old One");
	UNIT_CHECK_STR(attrs, "c,,");
	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 1);
	UNIT_CHECK_STR(nick, "x");
	UNIT_CHECK_STR(attrs, "CT,C,C");
	/* A nickname too long for the buffer is skipped, not cut. */
	UNIT_CHECK_INT(pki_trust_list_next(&cur, small, sizeof(small), attrs, sizeof(attrs)), 0);
	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 0);

	/* Negative: empty output, an error message, only the header. */
	cur = "";
	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 0);
	cur = "certutil: function failed: SEC_ERROR_BAD_DATABASE: security library: bad database.";
	UNIT_CHECK_INT(pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)), 0);
	cur = listing;
	{
		int n = 0;

		while (pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs)) == 1)
			n++;
		UNIT_CHECK_INT(n, 4);
	}
}

/* The line a tool's failure is reported with. */
static void
test_first_line(void)
{
	static const struct {
		const char *text;
		const char *want; /* NULL: no line */
	} cases[] = {
	        {"certutil: function failed: SEC_ERROR_BAD_DATABASE\n",
	         "certutil: function failed: SEC_ERROR_BAD_DATABASE"},
	        {"\n  \t\n   indented, trailing blanks \t\r\nsecond\n",
	         "indented, trailing blanks"},
	        {"no newline", "no newline"},
	        {"", NULL},
	        {" \n\t\n\r\n", NULL},
	        {NULL, NULL},
	};
	const char *line;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[128] = "";

		len = pki_trust_first_line(cases[i].text, &line);
		if (cases[i].want == NULL) {
			UNIT_CHECK_INT((int)len, 0);
			continue;
		}
		UNIT_CHECK(len < sizeof(got));
		snprintf(got, sizeof(got), "%.*s", (int)len, line);
		UNIT_CHECK_STR(got, cases[i].want);
	}
}

int
main(void)
{
	test_nickname();
	test_name_valid();
	test_slug();
	test_parse_ssl_flags();
	test_ssl_flags_str();
	test_attrs();
	test_list();
	test_first_line();
	return unit_done();
}
