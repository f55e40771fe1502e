/*
 * libFuzzer harness for the client's bridge to the certificate policy
 * (client/policy_check.c), which decodes the DER certificates a server
 * sent: the input is up to eight of them, each preceded by its length (two
 * bytes, big-endian), then the host name. No CA is trusted, so the path
 * ends untrusted and every rule still runs on it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "client.h"
#include "policy_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct client_policy *p;
	struct client_policy_verdict v;
	const unsigned char *der[CLIENT_CHAIN_MAX];
	size_t len[CLIENT_CHAIN_MAX];
	char host[256];
	struct err e;
	int n = 0;

	if (p == NULL && client_policy_new(&p, NULL, NULL, &e) == -1)
		return 0;
	while (n < CLIENT_CHAIN_MAX && size >= 2) {
		size_t l = (size_t)data[0] << 8 | data[1];
		if (l > size - 2)
			break;
		der[n] = data + 2;
		len[n++] = l;
		data += 2 + l;
		size -= 2 + l;
	}
	size = size < sizeof(host) - 1 ? size : sizeof(host) - 1;
	memcpy(host, data, size);
	host[size] = '\0';
	if (client_policy_check(p, der, len, n, host, &v) == 0 && n > 0)
		client_policy_on_path(p, der[0], len[0]);
	return 0;
}
