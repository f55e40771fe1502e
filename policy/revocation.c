/*
 * Revocation by CRL: the serial of each certificate of the path looked up
 * in the CRL its issuer signed (RFC 5280 6.3, simplified: full CRLs only,
 * no delta CRLs, no indirect CRLs, no distribution-point scopes). The
 * checks follow OpenSSL's X509_V_FLAG_CRL_CHECK_ALL, so `openssl verify
 * -crl_check_all` gives the same verdict (tests/integration/revocation.sh).
 */
#include "revocation.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "findings.h"

/* RFC 5280 5.3.1 CRLReason; 7 is unused. */
static const char *const crl_reasons[] = {
        "unspecified",   "keyCompromise",        "cACompromise",    "affiliationChanged",
        "superseded",    "cessationOfOperation", "certificateHold", NULL,
        "removeFromCRL", "privilegeWithdrawn",   "aACompromise",
};

#define CRL_NREASONS ((int)(sizeof(crl_reasons) / sizeof(crl_reasons[0])))

const char *
policy_crl_reason_name(int code)
{
	return code >= 0 && code < CRL_NREASONS ? crl_reasons[code] : NULL;
}

int
policy_crl_reason_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < CRL_NREASONS; i++)
		if (crl_reasons[i] != NULL && strcasecmp(name, crl_reasons[i]) == 0)
			return i;
	if (name != NULL && name[0] >= '0' && name[0] <= '9' && name[1] == '\0' &&
	    crl_reasons[name[0] - '0'] != NULL)
		return name[0] - '0';
	if (name != NULL && strcmp(name, "10") == 0)
		return 10;
	return -1;
}

int
policy_crl_entry_reason(const X509_REVOKED *rev)
{
	ASN1_ENUMERATED *r = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	long code = r != NULL ? ASN1_ENUMERATED_get(r) : -1;

	ASN1_ENUMERATED_free(r);
	ERR_clear_error();
	return (int)code;
}

STACK_OF(X509_CRL) * policy_crls_load(const char *path, char *msg, size_t size)
{
	STACK_OF(X509_CRL) *sk = sk_X509_CRL_new_null();
	X509_CRL *crl;
	BIO *b = BIO_new_file(path, "rb");

	if (b == NULL || sk == NULL) {
		snprintf(msg, size, "cannot read CRL file '%s'", path);
		goto err;
	}
	while ((crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL)) != NULL)
		if (!sk_X509_CRL_push(sk, crl)) {
			X509_CRL_free(crl);
			snprintf(msg, size, "out of memory");
			goto err;
		}
	ERR_clear_error();
	if (sk_X509_CRL_num(sk) == 0 && BIO_reset(b) == 0 &&
	    (crl = d2i_X509_CRL_bio(b, NULL)) != NULL && !sk_X509_CRL_push(sk, crl))
		X509_CRL_free(crl);
	ERR_clear_error();
	if (sk_X509_CRL_num(sk) == 0) {
		snprintf(msg, size, "'%s' holds no CRL (neither PEM X509 CRL nor DER)", path);
		goto err;
	}
	BIO_free(b);
	return sk;
err:
	ERR_clear_error();
	BIO_free(b);
	sk_X509_CRL_pop_free(sk, X509_CRL_free);
	return NULL;
}

static const char *
crl_time_text(const ASN1_TIME *t, char *buf, size_t size)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		snprintf(buf, size, "(no date)");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return buf;
}

static void
crl_serial_text(const ASN1_INTEGER *serial, char *buf, size_t size)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
	char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;

	snprintf(buf, size, "%s", hex != NULL ? hex : "?");
	OPENSSL_free(hex);
	BN_free(bn);
}

#define CRL_FIX_NEW                                                                        \
	"make current CRLs with the CA: https_pki crl --ca-dir DIR/private_ca (it writes " \
	"crl/all.crl.pem), or fetch the CA's newest CRL from its distribution point"

/* The serial of x is on crl: records when and why. */
static void
crl_revoked(struct policy_result *r, int depth, X509 *x, X509_REVOKED *rev)
{
	char serial[100], when[40];
	int reason = policy_crl_entry_reason(rev);
	const char *name = policy_crl_reason_name(reason);

	crl_serial_text(X509_get0_serialNumber(x), serial, sizeof(serial));
	crl_time_text(X509_REVOKED_get0_revocationDate(rev), when, sizeof(when));
	policy_add(r, POLICY_REVOKED, "crl.revoked", depth, x,
	           depth == 0
	                   ? "the CA revoked this certificate: do not use it; the server needs a "
	                     "new key and certificate (https_pki issue), then a reload (kill -HUP "
	                     "PID)"
	                   : "the root revoked this intermediate CA: every certificate under it "
	                     "needs reissuing by a new intermediate (https_pki init makes a new "
	                     "chain)",
	           "certificate revoked: serial %s, revoked on %s, reason %s", serial, when,
	           name != NULL ? name : "not given");
}

/* Whether crl is current at at; records why not. */
static int
crl_current(struct policy_result *r, int depth, X509 *issuer, X509_CRL *crl, time_t at)
{
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
	char when[40], name[POLICY_SUBJECT_MAX];

	policy_subject(issuer, name, sizeof(name));
	if (X509_cmp_time(X509_CRL_get0_lastUpdate(crl), &at) > 0) {
		policy_add(r, POLICY_CRL_STALE, "crl.not-yet-valid", depth, issuer, CRL_FIX_NEW,
		           "the CRL of '%.150s' is not valid before %s (its thisUpdate)", name,
		           crl_time_text(X509_CRL_get0_lastUpdate(crl), when, sizeof(when)));
		return 0;
	}
	if (next != NULL && X509_cmp_time(next, &at) < 0) {
		policy_add(r, POLICY_CRL_STALE, "crl.stale", depth, issuer, CRL_FIX_NEW,
		           "the CRL of '%.150s' is out of date: its nextUpdate was %s, so newer "
		           "revocations may be missing from it",
		           name, crl_time_text(next, when, sizeof(when)));
		return 0;
	}
	return 1;
}

/* The CRLs' issuers, for a message: "'A', 'B'". */
static void
crl_issuers_text(STACK_OF(X509_CRL) * crls, char *buf, size_t size)
{
	char one[POLICY_SUBJECT_MAX];
	size_t used = 0;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < sk_X509_CRL_num(crls) && used + 1 < size; i++) {
		X509_NAME_oneline(X509_CRL_get_issuer(sk_X509_CRL_value(crls, i)), one,
		                  sizeof(one));
		n = snprintf(buf + used, size - used, "%s'%.100s'", i ? ", " : "", one);
		used += n > 0 && (size_t)n < size - used ? (size_t)n : size - used - 1;
	}
}

/* Checks the certificate at depth d against the CRLs of its issuer (d + 1). */
static void
crl_check_one(STACK_OF(X509) * path, int d, STACK_OF(X509_CRL) * crls, time_t at,
              struct policy_result *r)
{
	X509 *x = sk_X509_value(path, d), *issuer = sk_X509_value(path, d + 1);
	EVP_PKEY *key = X509_get0_pubkey(issuer);
	char name[POLICY_SUBJECT_MAX], have[POLICY_DETAIL_MAX / 2];
	X509_REVOKED *rev = NULL;
	X509_CRL *crl;
	int i, found = 0;

	policy_subject(issuer, name, sizeof(name));
	for (i = 0; i < sk_X509_CRL_num(crls); i++) {
		crl = sk_X509_CRL_value(crls, i);
		if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0)
			continue;
		found = 1;
		if (key == NULL || X509_CRL_verify(crl, key) != 1) {
			ERR_clear_error();
			policy_add(r, POLICY_CRL_FOREIGN, "crl.signature", d + 1, issuer,
			           "give the CRL this CA signed (https_pki crl --ca-dir of the CA "
			           "that "
			           "issued the chain), not another CA's of the same name",
			           "a CRL names '%.150s' as its issuer but its signature does not "
			           "verify with that CA's key: another CA signed it, or it was "
			           "altered",
			           name);
			return;
		}
		if (!crl_current(r, d + 1, issuer, crl, at))
			return;
		if (X509_CRL_get0_by_cert(crl, &rev, x) == 1 && rev != NULL) {
			crl_revoked(r, d, x, rev);
			return;
		}
	}
	if (found)
		return;
	crl_issuers_text(crls, have, sizeof(have));
	policy_add(r, POLICY_CRL_FOREIGN, "crl.missing", d, x, CRL_FIX_NEW,
	           "no CRL from '%.150s', which issued this certificate, was given (the CRLs "
	           "given are from %s)",
	           name, have);
}

void
policy_check_revocation(STACK_OF(X509) * path, STACK_OF(X509_CRL) * crls, time_t at,
                        struct policy_result *r)
{
	int d;

	for (d = 0; path != NULL && d + 1 < sk_X509_num(path); d++)
		crl_check_one(path, d, crls, at, r);
	ERR_clear_error();
}
