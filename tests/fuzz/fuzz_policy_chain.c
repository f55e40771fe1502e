/*
 * libFuzzer harness for the certificate policy as a whole (policy/): the
 * input is up to four DER certificates, each preceded by its length (two
 * bytes, big-endian), then the host name. The first is the leaf, the last
 * (when there are two or more) the trusted anchor, those between are sent.
 * Every rule group reads every certificate OpenSSL manages to decode, for
 * each purpose.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#define FUZZ_CERTS_MAX 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_verify(X509 *leaf, STACK_OF(X509) * sent, X509_STORE *store, const char *host,
            enum policy_purpose purpose)
{
	struct policy_result *r = calloc(1, sizeof(*r));
	struct policy_request q;
	char text[1024];

	if (r == NULL)
		return;
	memset(&q, 0, sizeof(q));
	q.leaf = leaf;
	q.sent = sent;
	q.anchors = store;
	q.host = host;
	q.purpose = purpose;
	policy_verify(&q, r);
	if (policy_first(r) != NULL)
		policy_finding_text(policy_first(r), text, sizeof(text));
	/* The rules alone, on whatever path there is, also with the leaf as its own path. */
	policy_check_path(r->path, host, purpose, r);
	policy_result_free(r);
	free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	X509 *certs[FUZZ_CERTS_MAX];
	STACK_OF(X509) *sent = sk_X509_new_null();
	X509_STORE *store = X509_STORE_new();
	char host[256];
	int n = 0, i;

	while (n < FUZZ_CERTS_MAX && size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		const unsigned char *p = data + 2;
		if (len > size - 2)
			break;
		certs[n] = d2i_X509(NULL, &p, (long)len);
		data += 2 + len;
		size -= 2 + len;
		if (certs[n] != NULL)
			n++;
	}
	size = size < sizeof(host) - 1 ? size : sizeof(host) - 1;
	memcpy(host, data, size);
	host[size] = '\0';
	if (n > 0 && sent != NULL && store != NULL) {
		for (i = 1; i < n - 1; i++)
			sk_X509_push(sent, certs[i]);
		if (n > 1)
			X509_STORE_add_cert(store, certs[n - 1]);
		else
			X509_STORE_add_cert(store, certs[0]);
		fuzz_verify(certs[0], sent, store, host[0] ? host : NULL, POLICY_PURPOSE_SERVER);
		fuzz_verify(certs[0], sent, store, host, POLICY_PURPOSE_CLIENT);
	}
	for (i = 0; i < n; i++)
		X509_free(certs[i]);
	sk_X509_free(sent);
	X509_STORE_free(store);
	return 0;
}
