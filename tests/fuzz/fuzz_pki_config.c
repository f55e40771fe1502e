/*
 * libFuzzer harness for the YAML configuration parser of `https_pki init
 * --config` (pki/config.c): any byte string must parse or fail cleanly, with
 * no crash, leak or unbounded work. Built with -DENABLE_FUZZ=ON (clang).
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "pki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pki_config cfg;
	struct err e;

	if (size > PKI_INPUT_MAX)
		return 0;
	err_clear(&e);
	if (pki_config_parse((const char *)data, size, "fuzz.yaml", &cfg, &e) == 0)
		pki_config_free(&cfg);
	return 0;
}
