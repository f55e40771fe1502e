/*
 * libFuzzer harness for the client's URL parser and redirect resolution:
 * the input is split at the first NUL into a URL and a Location value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_url u, next;
	struct err e;
	char *s, *loc, auth[CLIENT_URL_HOST_MAX + 16];

	s = malloc(size + 2);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	s[size + 1] = '\0';
	loc = s + strlen(s) + 1;
	if (client_url_parse(s, &u, &e) == 0) {
		client_url_authority(&u, auth, sizeof(auth));
		if (client_url_resolve(&u, loc, &next, &e) == 0)
			(void)client_url_same_origin(&u, &next);
	}
	free(s);
	return 0;
}
