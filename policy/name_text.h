/*
 * The text form of names (name_text.c): the one formatter of a GENERAL_NAME
 * and of a list of them, used by the policy's messages, https_pki (issue,
 * sign, inspect) and the server's /chain.html.
 */
#ifndef POLICY_NAME_TEXT_H
#define POLICY_NAME_TEXT_H

#include <stddef.h>

#include <openssl/x509v3.h>

/*
 * Writes g as "DNS:x", "email:x", "URI:x", "IP:a" (IPv6 compressed),
 * "IP:a/bits" for a constraint's address and contiguous mask ("IP:a/mask"
 * when the mask is not contiguous), "DirName:/CN=..", or "othername" and
 * "(name type N)" for the rest. Returns buf.
 */
const char *policy_name_text(const GENERAL_NAME *g, char *buf, size_t size);

/* The prefix length of an address mask (n bytes), or -1 when it is not ones then zeros. */
int policy_ip_mask_prefix(const unsigned char *mask, int n);

/*
 * Writes the names of gns as "DNS:a, IP:b" ("" when there are none); with
 * host_only, only the DNS and IP names (the ones a host can match). Returns buf.
 */
const char *policy_names_text(const GENERAL_NAMES *gns, int host_only, char *buf, size_t size);

#endif
