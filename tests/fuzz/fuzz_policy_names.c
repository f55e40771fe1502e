/*
 * libFuzzer harness for the name rules (policy/policy_names.c): the input is a
 * name from a certificate, a NUL, then a host name. Every reader of names
 * gets them: DNS syntax, wildcard syntax (with the public-suffix lookup),
 * host matching, IP parsing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy_names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char ip[16];
	const uint8_t *nul = memchr(data, '\0', size);
	size_t nlen = nul ? (size_t)(nul - data) : size;
	char *name, *host;

	/* Names reach the rules as counted bytes; the host as a C string. */
	name = malloc(nlen ? nlen : 1);
	host = malloc(size - nlen + 1);
	if (name == NULL || host == NULL)
		goto done;
	memcpy(name, data, nlen);
	if (nul != NULL)
		memcpy(host, nul + 1, size - nlen - 1);
	host[nul ? size - nlen - 1 : 0] = '\0';
	policy_dns_syntax(name, nlen);
	policy_wildcard_syntax(name, nlen);
	policy_dns_match(name, nlen, host);
	policy_ip_parse(host, ip);
	if (strlen(host) < 256)
		policy_public_suffix(host);
done:
	free(name);
	free(host);
	return 0;
}
