/* The command line of https_client: one option table drives parsing and --help. */
#ifndef CLIENT_CLI_H
#define CLIENT_CLI_H

#include "client.h"
#include "err.h"

/*
 * Fills cfg from argv (defaults first), checks for conflicting options, and
 * prints the usage when --help was given (cfg->help set). Returns 0, or -1
 * with e set (class 2).
 */
int client_cli_parse(struct client_config *cfg, int argc, char **argv, struct err *e);

#endif
