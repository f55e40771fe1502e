/*
 * -w/--write-out FORMAT: after the transfer, prints FORMAT with curl's
 * %{variable} names replaced by what the report holds, as curl does (also
 * when the transfer failed). "@FILE" reads the format from FILE. \n, \r, \t and \\ are escapes; %% is a percent sign; %{stderr} and
 * %{stdout} switch where the rest goes; %{json} is every variable as one JSON
 * object.
 */
#ifndef CLIENT_WRITEOUT_H
#define CLIENT_WRITEOUT_H

#include <stdio.h>

#include "err.h"
#include "report.h"

/* Longest format we read from a file. */
#define CLIENT_WRITEOUT_MAX (64 * 1024)

/*
 * Prints format (or the file it names with '@') for r on stdout. An unknown
 * variable is printed as is, with a warning (and the nearest name) on stderr.
 * Returns 0, or -1 with e set (class DEMO_EXIT_FILE) when '@FILE' cannot be
 * read.
 */
int client_writeout(const char *format, const struct client_report *r, struct err *e);

/* Prints fmt for r: on out, and on err after %{stderr} (until %{stdout}). */
void client_writeout_print(const char *fmt, const struct client_report *r, FILE *out, FILE *err);

/* Prints the variable names, one line, for --help. */
void client_writeout_names(FILE *f);

#endif
