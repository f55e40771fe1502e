/* https_pki issue (issue.c): a new leaf from a CA in one step. */
#ifndef PKI_ISSUE_H
#define PKI_ISSUE_H

/* https_pki issue; returns the process exit status. */
int pki_cmd_issue(int argc, char **argv);

#endif
