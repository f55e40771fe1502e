/* What a PEM buffer holds (pem.c), and reading an input file. */
#ifndef PKI_PEM_H
#define PKI_PEM_H

#include <stddef.h>

#include "err.h"

/*
 * Finds the first PEM block in buf and copies its label ("CERTIFICATE",
 * "ENCRYPTED PRIVATE KEY", ...) into label. Fails with DEMO_EXIT_FILE and
 * a message naming what (binary DER, text without PEM, a truncated block)
 * when buf holds no complete PEM block. what names the file in messages.
 */
int pki_pem_label(const char *buf, size_t len, const char *what, char *label, size_t size,
                  struct err *e);

/* Finds needle in the first len bytes of hay (NULL when absent). */
const char *pki_mem_find(const char *hay, size_t len, const char *needle);

/* Counts the PEM blocks with the given label in buf; -1 when one is truncated. */
int pki_pem_count(const char *buf, size_t len, const char *label);

/* Reads path (at most PKI_INPUT_MAX bytes). Fails with DEMO_EXIT_FILE for a missing file. */
int pki_file_read(const char *path, char **out, size_t *len, struct err *e);

#endif
