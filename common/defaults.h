/*
 * Every default of the three programs, in one place.
 * Paths are relative to the current directory; each program falls back to the
 * same path under its data directory once installed, or under the source tree
 * it was built from while it runs from its build tree (file_default_path()).
 */
#ifndef DEMO_DEFAULTS_H
#define DEMO_DEFAULTS_H

#define DEMO_DEFAULT_BIND "127.0.0.1"
#define DEMO_DEFAULT_PORT 8080
#define DEMO_DEFAULT_HOST "localhost"

#define DEMO_DEFAULT_CA_FILE        "ca_certificates_for_client/ca_public_key.pem"
#define DEMO_DEFAULT_SITE_CERT      "certificates/site_public_key.pem"
#define DEMO_DEFAULT_SITE_KEY       "certificates/site_private_key.pem"
#define DEMO_DEFAULT_CLIENT_CERT    "certificates/client_public_key.pem"
#define DEMO_DEFAULT_CLIENT_KEY     "certificates/client_private_key.pem"
#define DEMO_DEFAULT_REMINDER       "secret/reminder.txt"
#define DEMO_DEFAULT_PRIVATE_CA_DIR "private_ca"
#define DEMO_DEFAULT_DOCROOT        "server/www"

/* Longest passphrase we accept (OpenSSL's PEM_BUFSIZE is 1024). */
#define DEMO_PASSPHRASE_MAX 1024
/* Shortest passphrase we accept when creating a key (OpenSSL's own minimum is 4). */
#define DEMO_PASSPHRASE_MIN 4

/* Leaf validity: Apple caps certificates from private roots at 825 days. */
#define DEMO_LEAF_DAYS_DEFAULT 825
#define DEMO_LEAF_DAYS_MAX     825
#define DEMO_CA_DAYS_DEFAULT   3650

/* A CRL's nextUpdate: 7 days after its thisUpdate (Let's Encrypt's CRLs: under 10 days). */
#define DEMO_CRL_DAYS_DEFAULT 7
/*
 * Where the CRLs are published: https_server --http-port 8081 --crl-dir crl
 * serves them. Leaves name BASE "intermediate.crl", the intermediate BASE "root.crl".
 */
#define DEMO_CRL_URL_BASE "http://localhost:8081/crl/"

#endif
