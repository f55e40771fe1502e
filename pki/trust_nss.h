/* https_pki trust / untrust: the NSS databases a browser reads (trust_nss.c). */
#ifndef PKI_TRUST_NSS_H
#define PKI_TRUST_NSS_H

struct pki_trust_ca;

/*
 * Trusts ca for websites (removing: takes out the entry trust made) in the
 * NSS database nssdb, or when NULL in Chromium's $HOME/.pki/nssdb (created
 * when trusting) and every Chromium snap and Firefox profile database found.
 * Reads each back and prints one line per database on stdout; keeps going
 * after a failure and prints each on stderr. Returns DEMO_EXIT_OK, or the
 * exit code of the last failure.
 */
int pki_trust_nss_all(const char *nssdb, const struct pki_trust_ca *ca, int removing);

#endif
