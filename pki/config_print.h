/* init --config FILE --print-config (config_print.c). */
#ifndef PKI_CONFIG_PRINT_H
#define PKI_CONFIG_PRINT_H

#include <stdio.h>

struct pki_config;

/*
 * Writes cfg as YAML that pki_config_parse reads back to the same
 * configuration: every anchor, alias and merge resolved, every default
 * written out (init --config FILE --print-config).
 */
void pki_config_print(FILE *f, const struct pki_config *cfg);

#endif
