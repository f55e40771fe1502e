/* https_pki init (init.c): the whole demo chain in one command. */
#ifndef PKI_INIT_H
#define PKI_INIT_H

/* Returns the process exit status. */
int pki_cmd_init(int argc, char **argv);

#endif
