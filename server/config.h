/* The server's command line: options into struct server_config (server.h), and --help. */
#ifndef SERVER_CONFIG_H
#define SERVER_CONFIG_H

#include <stdio.h>

#include "err.h"
#include "server.h"

/*
 * Parses argv into cfg (defaults first). Returns 0, or -1 with e set (a usage
 * error; e->code is DEMO_EXIT_USAGE).
 */
int server_config_parse(struct server_config *cfg, int argc, char **argv, struct err *e);

/* Prints the usage text and the exit codes. */
void server_config_usage(FILE *f);

#endif
