/* /chain.html from the server's own certificates; see chain_page.h. */
#include "chain_page.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "http.h"
#include "name_text.h"
#include "text.h"
#include "tls.h"
#include "tls_keypair.h"

#define CHAIN_MAX 8

struct chain_cert {
	char subject[512], issuer[512];
	char not_before[40], not_after[40];
	time_t nb, na;
	char sans[1024], key[64], sigalg[64], sha256[3 * 32 + 1];
	char basic[128], name_constraints[1024], key_usage[256], eku[256];
	int signature_ok; /* 1: verified with the next certificate's key; -1: no next */
};

struct server_chain_page {
	struct chain_cert c[CHAIN_MAX + 1]; /* then the root, when has_root */
	int n, has_root;
	X509 *leaf;            /* for the name check of each request */
	pthread_rwlock_t lock; /* requests read the fields above; a reload replaces them */
};

/* An extension's text as `openssl x509 -text` prints it, "(none)" when absent. */
static void
chain_ext(X509 *x, int nid, char *buf, size_t size)
{
	int i = X509_get_ext_by_NID(x, nid, -1);
	X509_EXTENSION *ext = i >= 0 ? X509_get_ext(x, i) : NULL;
	BIO *b;
	int n = 0;
	char *p;

	snprintf(buf, size, "(none)");
	if (ext == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	if (X509V3_EXT_print(b, ext, 0, 0) == 1)
		n = BIO_read(b, buf, (int)size - 16);
	BIO_free(b);
	if (n <= 0) {
		snprintf(buf, size, "(present, unreadable)");
		return;
	}
	buf[n] = '\0';
	for (p = buf; *p != '\0'; p++) /* one line: "Permitted: DNS:localhost ..." */
		if (*p == '\n')
			*p = ' ';
	if (X509_EXTENSION_get_critical(ext))
		strncat(buf, " (critical)", size - strlen(buf) - 1);
}

static void
chain_sans(X509 *x, char *buf, size_t size)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);

	policy_names_text(names, 0, buf, size);
	GENERAL_NAMES_free(names);
	if (buf[0] == '\0')
		snprintf(buf, size, "(none)");
}

static void
chain_key(X509 *x, char *buf, size_t size)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	char group[64] = "";
	size_t glen = 0;

	if (k == NULL) {
		snprintf(buf, size, "(unreadable)");
		return;
	}
	if (EVP_PKEY_get_group_name(k, group, sizeof(group), &glen) != 1)
		group[0] = '\0';
	snprintf(buf, size, "%s %d-bit%s%s", EVP_PKEY_get0_type_name(k), EVP_PKEY_get_bits(k),
	         group[0] ? ", curve " : "", group);
}

static time_t
chain_time(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	return ASN1_TIME_to_tm(t, &tm) == 1 ? timegm(&tm) : 0;
}

static void
chain_cert_read(X509 *x, X509 *next, struct chain_cert *c)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int nid = X509_get_signature_nid(x);

	server_tls_name_str(X509_get_subject_name(x), c->subject, sizeof(c->subject));
	server_tls_name_str(X509_get_issuer_name(x), c->issuer, sizeof(c->issuer));
	server_tls_time_str(X509_get0_notBefore(x), c->not_before, sizeof(c->not_before));
	server_tls_time_str(X509_get0_notAfter(x), c->not_after, sizeof(c->not_after));
	c->nb = chain_time(X509_get0_notBefore(x));
	c->na = chain_time(X509_get0_notAfter(x));
	chain_sans(x, c->sans, sizeof(c->sans));
	chain_key(x, c->key, sizeof(c->key));
	snprintf(c->sigalg, sizeof(c->sigalg), "%s", nid != NID_undef ? OBJ_nid2ln(nid) : "?");
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		text_fingerprint(md, mdlen, c->sha256, sizeof(c->sha256));
	chain_ext(x, NID_basic_constraints, c->basic, sizeof(c->basic));
	chain_ext(x, NID_name_constraints, c->name_constraints, sizeof(c->name_constraints));
	chain_ext(x, NID_key_usage, c->key_usage, sizeof(c->key_usage));
	chain_ext(x, NID_ext_key_usage, c->eku, sizeof(c->eku));
	c->signature_ok = next == NULL ? -1 : X509_verify(x, X509_get0_pubkey(next)) == 1;
}

/* The root above last, from root_file, when it really is the issuer. */
static int
chain_root(struct server_chain_page *p, X509 *last, const char *root_file)
{
	FILE *f = root_file ? fopen(root_file, "r") : NULL;
	X509 *root = NULL;
	int ok = 0;

	while (f != NULL && !ok && (root = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		ok = X509_check_issued(root, last) == X509_V_OK &&
		     X509_verify(last, X509_get0_pubkey(root)) == 1;
		if (ok)
			chain_cert_read(root, root, &p->c[p->n]);
		X509_free(root);
	}
	if (f != NULL)
		fclose(f);
	return ok;
}

int
server_chain_page_load(struct server_chain_page **out, void *chain, const char *root_file,
                       struct err *e)
{
	STACK_OF(X509) *sk = chain;
	struct server_chain_page *p;
	int i, n = sk_X509_num(sk);

	*out = NULL;
	if (n <= 0)
		return err_set(e, "chain page: the server has no certificate");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return err_set(e, "out of memory");
	p->n = n < CHAIN_MAX ? n : CHAIN_MAX;
	for (i = 0; i < p->n; i++)
		chain_cert_read(sk_X509_value(sk, i), i + 1 < n ? sk_X509_value(sk, i + 1) : NULL,
		                &p->c[i]);
	p->has_root = chain_root(p, sk_X509_value(sk, p->n - 1), root_file);
	p->leaf = sk_X509_value(sk, 0);
	X509_up_ref(p->leaf);
	pthread_rwlock_init(&p->lock, NULL);
	ERR_clear_error();
	*out = p;
	return 0;
}

int
server_chain_page_replace(struct server_chain_page *p, void *chain, const char *root_file,
                          struct err *e)
{
	struct server_chain_page *fresh = NULL;
	X509 *old;

	if (server_chain_page_load(&fresh, chain, root_file, e) == -1)
		return -1;
	pthread_rwlock_wrlock(&p->lock);
	old = p->leaf;
	memcpy(p->c, fresh->c, sizeof(p->c));
	p->n = fresh->n;
	p->has_root = fresh->has_root;
	p->leaf = fresh->leaf;
	pthread_rwlock_unlock(&p->lock);
	fresh->leaf = old; /* freed with the shell */
	server_chain_page_free(fresh);
	return 0;
}

void
server_chain_page_free(struct server_chain_page *p)
{
	if (p == NULL)
		return;
	X509_free(p->leaf);
	pthread_rwlock_destroy(&p->lock);
	free(p);
}

/* --- the page ------------------------------------------------------------------ */

static void
chain_row(struct server_buf *b, const char *name, const char *value, const char *id)
{
	server_buf_add(b, "<tr><th>");
	server_buf_html(b, name);
	server_buf_add(b, "</th><td");
	if (id != NULL)
		server_buf_printf(b, " id=\"%s\"", id);
	server_buf_add(b, ">");
	server_buf_html(b, value);
	server_buf_add(b, "</td></tr>\n");
}

static const char *
chain_role(const struct server_chain_page *p, int i)
{
	if (i == p->n)
		return "Root CA (not sent: read from this server's copy of the CA file)";
	if (i == 0)
		return "Leaf: this site's certificate";
	return i == p->n - 1 ? "Intermediate CA (signed by the root)" : "Intermediate CA";
}

static void
chain_html_cert(struct server_buf *b, const struct server_chain_page *p, int i, time_t now)
{
	const struct chain_cert *c = &p->c[i];
	char v[256], id[32];

	server_buf_printf(b, "<h3 id=\"cert-%d\">%d. ", i, i);
	server_buf_html(b, chain_role(p, i));
	server_buf_add(b, "</h3>\n<table>\n");
	chain_row(b, "Subject", c->subject, NULL);
	chain_row(b, "Issuer", c->issuer, NULL);
	snprintf(v, sizeof(v), "%s to %s (%ld days left)", c->not_before, c->not_after,
	         (long)((c->na - now) / 86400));
	chain_row(b, "Valid", v, NULL);
	chain_row(b, "Subject Alternative Names", c->sans, NULL);
	chain_row(b, "Public key", c->key, NULL);
	chain_row(b, "Signature algorithm", c->sigalg, NULL);
	if (i == p->n)
		snprintf(id, sizeof(id), "fp-root");
	else
		snprintf(id, sizeof(id), "fp-%d", i);
	chain_row(b, "SHA-256 fingerprint", c->sha256, id);
	chain_row(b, "Basic constraints", c->basic, NULL);
	chain_row(b, "Name constraints", c->name_constraints, NULL);
	chain_row(b, "Key usage", c->key_usage, NULL);
	chain_row(b, "Extended key usage", c->eku, NULL);
	if (i == p->n)
		chain_row(b, "Its signature",
		          "self-signed: trusted only because it is in the trust store", NULL);
	else if (i == p->n - 1 && p->has_root)
		chain_row(b, "Its signature",
		          c->signature_ok ? "verified with the root's public key (below)" : "?",
		          NULL);
	else if (c->signature_ok >= 0)
		chain_row(b, "Its signature",
		          c->signature_ok ? "verified with the next certificate's public key"
		                          : "does NOT verify with the next certificate's key",
		          NULL);
	else
		chain_row(b, "Its signature",
		          "made by the root named as issuer; only the visitor's trust store holds "
		          "that root",
		          NULL);
	server_buf_add(b, "</table>\n");
}

/* The picture: the root at the top, each certificate signed by the one above. */
static void
chain_html_picture(struct server_buf *b, const struct server_chain_page *p)
{
	int i;

	server_buf_add(b, "<h2>Who signed whom</h2>\n<pre class=\"chain-picture\">");
	server_buf_add(b, "[ root CA: ");
	server_buf_html(b, p->c[p->n - 1].issuer);
	server_buf_add(b, " ]\n    in your trust store; the server does not send it\n");
	for (i = p->n - 1; i >= 0; i--) {
		server_buf_add(b, "        |\n        | signed\n        v\n[ ");
		server_buf_html(b, chain_role(p, i));
		server_buf_add(b, ": ");
		server_buf_html(b, p->c[i].subject);
		server_buf_printf(b, " ]\n    sent by the server, certificate #%d\n", i);
	}
	server_buf_add(b, "</pre>\n");
}

/* The host the visitor asked for: the SNI, else the Host header without its port. */
static void
chain_host(struct mg_connection *conn, char *host, size_t size)
{
	struct server_tls_info t;
	const char *h = mg_get_header(conn, "Host");
	size_t n;

	server_tls_describe(server_tls_current(), &t);
	if (t.sni[0] != '\0') {
		snprintf(host, size, "%s", t.sni);
		return;
	}
	host[0] = '\0';
	if (h == NULL)
		return;
	if (h[0] == '[') { /* [v6]:port */
		n = strcspn(h + 1, "]");
		snprintf(host, size, "%.*s", (int)n, h + 1);
	} else {
		n = strcspn(h, ":");
		snprintf(host, size, "%.*s", (int)n, h);
	}
}

static void
chain_html_checks(struct server_buf *b, struct mg_connection *conn,
                  const struct server_chain_page *p, time_t now)
{
	char host[256], v[2048], when[64], *peer = NULL;
	struct tm tm;
	struct in6_addr a;
	int i, valid = 1, match;

	for (i = 0; i < p->n; i++)
		valid &= p->c[i].nb <= now && now <= p->c[i].na;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(when, sizeof(when), "%lld seconds after 1970 (UTC)", (long long)now);
	chain_host(conn, host, sizeof(host));
	if (inet_pton(AF_INET, host, &a) == 1 || inet_pton(AF_INET6, host, &a) == 1)
		match = X509_check_ip_asc(p->leaf, host, 0) == 1;
	else
		match = host[0] && X509_check_host(p->leaf, host, strlen(host), 0, &peer) == 1;
	server_buf_add(b, "<h2 id=\"checks\">The three checks your browser just made</h2>\n");
	if (valid && match)
		server_buf_add(b, "<p>Your browser shows this page, so all three passed. These are "
		                  "the values it checked.</p>\n<table>\n");
	else
		server_buf_add(b,
		               "<p>At least one check below fails: your client fetched this page "
		               "only because it was told to go on anyway (curl -k, https_client "
		               "-k, or a click past a browser's warning).</p>\n<table>\n");
	snprintf(v, sizeof(v),
	         "now is %s; every certificate above is valid from its first to its "
	         "last day: %s",
	         when, valid ? "yes" : "NO");
	chain_row(b, "1. Valid now?", v, "check-time");
	snprintf(v, sizeof(v), "you asked for '%s'; the leaf names %s: %s%s%s", host, p->c[0].sans,
	         match ? "match (" : "NO match", match ? (peer ? peer : host) : "",
	         match ? ")" : "");
	chain_row(b, "2. The right name?", v, "check-name");
	snprintf(v, sizeof(v),
	         "leaf signed by '%s', %s signed by the root '%s', which your browser (or "
	         "client) already trusts: this demo's root, imported by you",
	         p->c[0].issuer, p->n > 1 ? "which is" : "that is", p->c[p->n - 1].issuer);
	chain_row(b, "3. A trusted issuer?", v, "check-issuer");
	server_buf_add(b, "</table>\n");
	OPENSSL_free(peer);
}

/* 1 when host is a name or an IPv4 address fit to paste into a shell command. */
static int
chain_host_plain(const char *host)
{
	return host[0] != '\0' && host[0] != '-' &&
	       strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
	               strlen(host);
}

/* The commands to fetch this page again: the host the visitor asked for, the port it came to. */
static void
chain_html_try(struct server_buf *b, struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char host[256];

	chain_host(conn, host, sizeof(host));
	if (!chain_host_plain(host))
		snprintf(host, sizeof(host), "localhost");
	server_buf_add(b, "<h2>Try it</h2>\n<pre>");
	server_buf_printf(b, "https_client -v https://%s:%d/chain.html\n", host, ri->server_port);
	server_buf_printf(b,
	                  "openssl s_client -connect %s:%d -CAfile "
	                  "ca_certificates_for_client/ca_public_key.pem -showcerts</pre>\n",
	                  host, ri->server_port);
}

static void
chain_html(struct server_buf *b, struct mg_connection *conn, const struct server_chain_page *p)
{
	time_t now = time(NULL);
	int i;

	server_buf_add(
	        b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	           "<title>HTTPS demo: the certificate chain</title>\n"
	           "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<main>\n"
	           "<nav><a href=\"/\">Start</a><a href=\"/chain.html\">The certificate chain</a>"
	           "<a href=\"/whoami\">Your connection</a></nav>\n"
	           "<h1>The certificate chain</h1>\n"
	           "<p id=\"marker\">HTTPS demo: connection verified</p>\n"
	           "<p>This is the chain this server sends to every visitor, read from its own "
	           "certificate file when it started (or at its last reload): the leaf first, "
	           "then the intermediate. The root is not sent: a client must already hold it "
	           "(a browser has it once it is imported; https_client is given it with "
	           "--cacert, or uses the demo's).</p>\n");
	chain_html_picture(b, p);
	server_buf_printf(b, "<h2>The %d certificate%s the server sends</h2>\n", p->n,
	                  p->n == 1 ? "" : "s");
	for (i = 0; i < p->n; i++)
		chain_html_cert(b, p, i, now);
	if (p->has_root) {
		server_buf_add(b, "<h2>The root it leads to</h2>\n<p>Not sent by the server: "
		                  "each visitor must already trust it. Its name constraints are "
		                  "why this demo root can vouch only for local names.</p>\n");
		chain_html_cert(b, p, p->n, now);
	}
	chain_html_checks(b, conn, p, now);
	chain_html_try(b, conn);
	server_buf_add(b, "</main>\n</body>\n</html>\n");
}

int
server_chain_page_send(struct mg_connection *conn, struct server_chain_page *p)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct server_buf b = {0};
	int head = strcmp(ri->request_method, "HEAD") == 0, status;

	if (!head && strcmp(ri->request_method, "GET") != 0)
		return server_http_send_error(conn, 405, "only GET and HEAD here",
		                              "Allow: GET, HEAD\r\n");
	pthread_rwlock_rdlock(&p->lock);
	chain_html(&b, conn, p);
	pthread_rwlock_unlock(&p->lock);
	if (b.oom)
		status = server_http_send_error(conn, 500, "out of memory", NULL);
	else
		status = server_http_send(conn, 200, "text/html; charset=utf-8",
		                          "Cache-Control: no-store\r\n", b.p, b.len, head);
	server_buf_free(&b);
	return status;
}
