/* https_pki init (init.c): the whole demo chain in one command. */
#ifndef PKI_INIT_H
#define PKI_INIT_H

struct pki_cmd;

/* https_pki init (a row of main.c's list). */
extern const struct pki_cmd pki_init_cmd;

#endif
