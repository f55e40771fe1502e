/* https_pki issue (issue.c): a new leaf from a CA in one step. */
#ifndef PKI_ISSUE_H
#define PKI_ISSUE_H

struct pki_cmd;

/* https_pki issue (a row of main.c's list). */
extern const struct pki_cmd pki_issue_cmd;

#endif
