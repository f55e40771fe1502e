/*
 * libFuzzer harness for the name-constraint rules (policy/nc.c): the input
 * is a DER NameConstraints value preceded by its length (two bytes,
 * big-endian), then DER GeneralName values, each preceded by its length.
 * OpenSSL decodes them; our code checks the constraints' form and matches
 * each name against them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NAME_CONSTRAINTS *nc;
	const unsigned char *p;
	char buf[300];
	size_t len;
	int names = 0;

	if (size < 2)
		return 0;
	len = (size_t)data[0] << 8 | data[1];
	if (len > size - 2)
		return 0;
	p = data + 2;
	nc = (NAME_CONSTRAINTS *)ASN1_item_d2i(NULL, &p, (long)len,
	                                       ASN1_ITEM_rptr(NAME_CONSTRAINTS));
	data += 2 + len;
	size -= 2 + len;
	if (nc == NULL)
		return 0;
	policy_nc_malformed(nc, buf, sizeof(buf));
	while (size >= 2 && names++ < 8) {
		GENERAL_NAME *g;
		len = (size_t)data[0] << 8 | data[1];
		if (len > size - 2)
			break;
		p = data + 2;
		g = d2i_GENERAL_NAME(NULL, &p, (long)len);
		data += 2 + len;
		size -= 2 + len;
		if (g != NULL)
			policy_nc_check_name(g, nc, buf, sizeof(buf));
		GENERAL_NAME_free(g);
	}
	NAME_CONSTRAINTS_free(nc);
	return 0;
}
