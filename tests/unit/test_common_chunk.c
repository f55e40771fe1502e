/*
 * Unit tests for common/chunk.c: the one chunk-size parser (RFC 9112 section
 * 7.1) of https_client and https_server.
 */
#include <string.h>

#include "chunk.h"
#include "unit.h"

static const struct {
	const char *line;
	long long want;
	size_t digits;
} cases[] = {
        {"5", 5, 1},
        {"0", 0, 1},
        {"00000A", 10, 6},
        {"fF", 255, 2},
        {"5;a=b", 5, 1},
        {"5 ; a = \"x;y\"", 5, 1},
        {"5;a=\"q\\\"x\"", 5, 1},
        {"5;a;b=c", 5, 1},
        {"5\t;a", 5, 1},
        {"fffffffffffffff", 0xfffffffffffffffLL, 15},
        {"0000000000000000000001", 1, 22}, /* leading zeros are not significant */
        {"ffffffffffffffff", CHUNK_SIZE_TOO_BIG, 0},
        {"10000000000000000", CHUNK_SIZE_TOO_BIG, 0},
        {"-5", CHUNK_SIZE_BAD, 0},
        {"0x5", CHUNK_SIZE_BAD, 0},
        {"", CHUNK_SIZE_BAD, 0},
        {" 5", CHUNK_SIZE_BAD, 0},
        {"5;", CHUNK_SIZE_BAD, 0},
        {"5;=b", CHUNK_SIZE_BAD, 0},
        {"5 x", CHUNK_SIZE_BAD, 0},
        {"5 ", CHUNK_SIZE_BAD, 0},
        {"5;a=\"open", CHUNK_SIZE_BAD, 0},
        {"5;a=\"end\\", CHUNK_SIZE_BAD, 0},
        {"5;a=", CHUNK_SIZE_BAD, 0},
        {"5;a b", CHUNK_SIZE_BAD, 0},
};

int
main(void)
{
	size_t i, digits;
	long long got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		digits = 0;
		got = chunk_size_parse(cases[i].line, strlen(cases[i].line), &digits);
		UNIT_CHECK_INT(got, cases[i].want);
		if (cases[i].want >= 0)
			UNIT_CHECK_INT((long long)digits, (long long)cases[i].digits);
	}
	/* The length is what counts, not a NUL: "12" read as its first byte is 1. */
	UNIT_CHECK_INT(chunk_size_parse("12", 1, &digits), 1);
	return unit_done();
}
