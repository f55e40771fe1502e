/*
 * https_pki trust / untrust: put the demo root into the trust stores a
 * browser reads, prove it is trusted for websites, and take it out again.
 *
 *   NSS databases   Chromium/Chrome read $HOME/.pki/nssdb, Firefox its
 *                   profile's cert9.db; certutil (libnss3-tools) edits both.
 *   system store    /usr/local/share/ca-certificates + update-ca-certificates
 *                   (curl, wget, OpenSSL and GnuTLS programs), root only.
 *
 * After every change the store is read back: an NSS entry only counts when
 * its SSL trust shows "Trusted CA" (the C flag); a CA that is present with
 * "Valid CA" alone is not trusted to vouch for web servers. Tools run through
 * fork/execvp with an argument vector, never through a shell.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "opts.h"
#include "pki.h"
#include "trust.h"

#define TRUST_CERTUTIL     "certutil"
#define TRUST_UPDATE_CA    "update-ca-certificates"
#define TRUST_SYSTEM_DIR   "/usr/local/share/ca-certificates"
#define TRUST_SYSTEM_LINKS "/etc/ssl/certs"
#define TRUST_NSS_FLAGS    "C,,"
#define TRUST_OUTPUT_MAX   (256 * 1024)
#define TRUST_DB_MAX       32
#define TRUST_LIST_MAX     256 /* entries of a listing we compare against */

/* ---- pure parts (trust.h) ---- */

static int
trust_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
pki_trust_nickname(const char *cn, const unsigned char *sha256, size_t sha256_len, char *out,
                   size_t size)
{
	char name[49], hex[2 * PKI_TRUST_FPR_BYTES + 1];
	size_t n = 0, i;
	int gap = 0, bad, r;

	if (sha256 == NULL || sha256_len < PKI_TRUST_FPR_BYTES)
		return -1;
	for (; cn != NULL && *cn != '\0'; cn++) {
		unsigned char c = (unsigned char)*cn;

		if (trust_is_blank(c)) {
			gap = n > 0;
			continue;
		}
		bad = c < 0x21 || c > 0x7e || c == ':' || c == '"' || c == '\\' ||
		      (n == 0 && c == '-');
		if (bad && !gap && n > 0 && name[n - 1] == '_')
			continue; /* one '_' per run of odd bytes (UTF-8, controls) */
		if (n + (gap ? 2 : 1) > sizeof(name) - 1)
			break;
		if (gap)
			name[n++] = ' ';
		name[n++] = bad ? '_' : (char)c;
		gap = 0;
	}
	name[n] = '\0';
	for (i = 0; i < PKI_TRUST_FPR_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", sha256[i]);
	r = snprintf(out, size, "%s %s", n > 0 ? name : "https-demo CA", hex);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

int
pki_trust_name_valid(const char *name)
{
	size_t n, i;

	if (name == NULL)
		return 0;
	n = strlen(name);
	if (n == 0 || n >= PKI_TRUST_NICK_MAX || name[0] == '-' || name[0] == ' ' ||
	    name[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c > 0x7e || c == ':' || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

int
pki_trust_slug(const char *nick, char *out, size_t size)
{
	size_t n = 0;
	int dash = 0;

	for (; *nick != '\0'; nick++) {
		unsigned char c = (unsigned char)*nick;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			dash = n > 0;
			continue;
		}
		if (n + (dash ? 2 : 1) >= size)
			return -1;
		if (dash)
			out[n++] = '-';
		out[n++] = (char)tolower(c);
		dash = 0;
	}
	if (n == 0 || size == 0)
		return -1;
	out[n] = '\0';
	return 0;
}

static const char *
trust_next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl != NULL ? nl + 1 : p + strlen(p);
}

static size_t
trust_indent(const char *p)
{
	size_t n = 0;

	while (p[n] == ' ' || p[n] == '\t')
		n++;
	return n;
}

/* Length of the text of the line at p without indentation or trailing blanks. */
static size_t
trust_line_text(const char *p, const char **text)
{
	size_t len;

	*text = p + trust_indent(p);
	len = strcspn(*text, "\n");
	while (len > 0 && trust_is_blank((unsigned char)(*text)[len - 1]))
		len--;
	return len;
}

static int
trust_line_is(const char *p, const char *want)
{
	const char *t;
	size_t len = trust_line_text(p, &t);

	return len == strlen(want) && memcmp(t, want, len) == 0;
}

static const struct {
	const char *text;
	int bit;
} trust_ssl_names[] = {
        {"Valid CA", PKI_TRUST_SSL_VALID_CA},
        {"Trusted CA", PKI_TRUST_SSL_TRUSTED_CA},
        {"Trusted Client CA", PKI_TRUST_SSL_CLIENT_CA},
        {"Valid Peer", PKI_TRUST_SSL_PEER},
        {"Trusted", PKI_TRUST_SSL_PEER},
};

static int
trust_ssl_bit(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(trust_ssl_names) / sizeof(trust_ssl_names[0]); i++)
		if (trust_line_is(p, trust_ssl_names[i].text))
			return trust_ssl_names[i].bit;
	return PKI_TRUST_SSL_OTHER;
}

int
pki_trust_parse_ssl_flags(const char *text)
{
	const char *sec, *start, *p;
	size_t sec_indent, ssl_indent;
	int mask = 0;

	sec = strstr(text, "Certificate Trust Flags:");
	if (sec == NULL)
		return -1;
	for (start = sec; start > text && start[-1] != '\n'; start--)
		;
	sec_indent = (size_t)(sec - start);
	for (p = trust_next_line(sec); *p != '\0'; p = trust_next_line(p)) {
		if (trust_indent(p) <= sec_indent)
			return -1; /* left the section without an SSL line */
		if (trust_line_is(p, "SSL Flags:"))
			break;
	}
	if (*p == '\0')
		return -1;
	ssl_indent = trust_indent(p);
	for (p = trust_next_line(p); *p != '\0'; p = trust_next_line(p)) {
		const char *t;

		if (trust_line_text(p, &t) == 0 || trust_indent(p) <= ssl_indent)
			break;
		mask |= trust_ssl_bit(p);
	}
	return mask;
}

const char *
pki_trust_ssl_flags_str(int mask, char *buf, size_t size)
{
	static const char *const names[] = {"Valid CA", "Trusted CA", "Trusted Client CA", "peer",
	                                    "other"};
	size_t i, n = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && n < size; i++)
		if (mask & (1 << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "",
			                      names[i]);
	if (mask <= 0)
		snprintf(buf, size, "none");
	return buf;
}

int
pki_trust_attrs_ssl_trusted(const char *attrs)
{
	const char *p;
	int commas = 0, trusted = 0;

	for (p = attrs; *p != '\0'; p++) {
		if (*p == ',')
			commas++;
		else if (strchr("pPcCTuwg", *p) == NULL)
			return -1;
		else if (*p == 'C' && commas == 0)
			trusted = 1;
	}
	return commas == 2 ? trusted : -1;
}

int
pki_trust_list_next(const char **cursor, char *nick, size_t nick_size, char *attrs,
                    size_t attrs_size)
{
	const char *p = *cursor;

	while (*p != '\0') {
		const char *line, *end, *tok;
		size_t len = trust_line_text(p, &line);

		p = trust_next_line(p);
		end = line + len;
		for (tok = end; tok > line && !trust_is_blank((unsigned char)tok[-1]); tok--)
			;
		if (tok == line || (size_t)(end - tok) >= attrs_size)
			continue; /* one word (a header) or no room */
		memcpy(attrs, tok, (size_t)(end - tok));
		attrs[end - tok] = '\0';
		if (pki_trust_attrs_ssl_trusted(attrs) == -1)
			continue;
		while (tok > line && trust_is_blank((unsigned char)tok[-1]))
			tok--;
		if ((size_t)(tok - line) >= nick_size)
			continue;
		memcpy(nick, line, (size_t)(tok - line));
		nick[tok - line] = '\0';
		*cursor = p;
		return 1;
	}
	*cursor = p;
	return 0;
}

/* ---- running certutil and update-ca-certificates ---- */

/* Returns 1 if name is an executable file in a directory of $PATH. */
static int
trust_tool_exists(const char *name)
{
	const char *path = getenv("PATH"), *p, *colon;
	char file[PATH_MAX];

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *colon ? colon + 1 : colon) {
		colon = strchr(p, ':');
		if (colon == NULL)
			colon = p + strlen(p);
		snprintf(file, sizeof(file), "%.*s/%s", (int)(colon - p), colon == p ? "." : p,
		         name);
		if (access(file, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* Reads fd to its end into a new buffer (at most TRUST_OUTPUT_MAX kept). */
static char *
trust_read_all(int fd)
{
	char *buf = malloc(TRUST_OUTPUT_MAX + 1), chunk[4096];
	size_t n = 0;
	ssize_t r;

	if (buf == NULL)
		return NULL;
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (n < TRUST_OUTPUT_MAX) {
			size_t take =
			        (size_t)r < TRUST_OUTPUT_MAX - n ? (size_t)r : TRUST_OUTPUT_MAX - n;

			memcpy(buf + n, chunk, take);
			n += take;
		}
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Runs argv (argv[0] found through $PATH, no shell) with input on its stdin
 * and its stdout and stderr together in *out (the caller frees it). Returns
 * the exit status, or -1 with e set when it could not be run or was killed.
 */
static int
trust_run(const char *const *argv, const char *input, size_t input_len, char **out, struct err *e)
{
	int in[2] = {-1, -1}, res[2] = {-1, -1}, status, rc = -1;
	struct sigaction ign = {0}, old;
	pid_t pid;

	*out = NULL;
	if (pipe(in) == -1 || pipe(res) == -1) {
		err_set_errno(e, "cannot run %s: pipe", argv[0]);
		goto done;
	}
	fflush(NULL);
	pid = fork();
	if (pid == -1) {
		err_set_errno(e, "cannot run %s: fork", argv[0]);
		goto done;
	}
	if (pid == 0) {
		if (dup2(in[0], 0) == -1 || dup2(res[1], 1) == -1 || dup2(res[1], 2) == -1)
			_exit(127);
		close(in[0]), close(in[1]), close(res[0]), close(res[1]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]), close(res[1]);
	in[0] = res[1] = -1;
	/* The tool may exit without reading its input: a write error, not SIGPIPE. */
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (input != NULL && input_len > 0) {
		ssize_t w = write(in[1], input, input_len);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		input += w, input_len -= (size_t)w;
	}
	close(in[1]);
	in[1] = -1;
	sigaction(SIGPIPE, &old, NULL);
	*out = trust_read_all(res[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			err_set_errno(e, "cannot wait for %s", argv[0]);
			goto done;
		}
	if (*out == NULL)
		err_set(e, "%s: out of memory", argv[0]);
	else if (!WIFEXITED(status))
		err_set(e, "%s was killed by signal %d", argv[0], WTERMSIG(status));
	else if (WEXITSTATUS(status) == 127)
		err_set(e, "cannot run %s", argv[0]);
	else
		rc = WEXITSTATUS(status);
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] != -1)
			close(in[i]);
		if (res[i] != -1)
			close(res[i]);
	}
	return rc;
}

/* Copies the first non-empty line of a tool's output into e, after what. */
static int
trust_tool_failed(struct err *e, const char *what, const char *out)
{
	const char *t = "";
	size_t len = 0;

	for (const char *p = out ? out : ""; *p != '\0'; p = trust_next_line(p)) {
		len = trust_line_text(p, &t);
		if (len > 0)
			break;
	}
	return err_set(e, "%s failed: %.*s", what, (int)len, len > 0 ? t : "(no output)");
}

/* ---- the certificate ---- */

struct trust_ca {
	X509 *x509;
	char *pem; /* our own PEM encoding of x509, fed to the tools */
	size_t pem_len;
	char path[PATH_MAX];
	char cn[128];
	char fpr[3 * 32];
	char nick[PKI_TRUST_NICK_MAX];
	char slug[PKI_TRUST_NICK_MAX];
	int derived; /* nick derived from the certificate, not given with --name */
};

static void
trust_ca_free(struct trust_ca *ca)
{
	X509_free(ca->x509);
	free(ca->pem);
	memset(ca, 0, sizeof(*ca));
}

static X509 *
trust_x509_parse(const char *buf, size_t len)
{
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	X509 *x = NULL;
	const unsigned char *der = (const unsigned char *)buf;

	if (bio != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL)
		x = d2i_X509(NULL, &der, (long)len);
	ERR_clear_error();
	return x;
}

/* Refuses what a browser would not take as a root; for trust, also a dead one. */
static int
trust_ca_check(const struct trust_ca *ca, int for_trust, struct err *e)
{
	X509 *x = ca->x509;
	char issuer[256];

	if (X509_check_ca(x) != 1) {
		err_set(e, "%s is not a CA certificate (no basicConstraints CA:TRUE)", ca->path);
		err_fix(e, "give the root CA: %s", DEMO_DEFAULT_CA_FILE);
		return err_code(e, PKI_EXIT_BADINPUT);
	}
	if (X509_check_issued(x, x) != X509_V_OK || X509_verify(x, X509_get0_pubkey(x)) != 1) {
		X509_NAME_oneline(X509_get_issuer_name(x), issuer, sizeof(issuer));
		ERR_clear_error();
		err_set(e, "%s is an intermediate CA, not a root (issued by %s)", ca->path, issuer);
		err_fix(e, "give the root CA: %s", DEMO_DEFAULT_CA_FILE);
		return err_code(e, PKI_EXIT_BADINPUT);
	}
	if (for_trust && X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		err_set(e, "%s has expired; no browser will accept what it signed", ca->path);
		err_fix(e, "make a fresh chain: https_pki init --force");
		return err_code(e, PKI_EXIT_BADINPUT);
	}
	return 0;
}

static int
trust_ca_names(struct trust_ca *ca, const char *name, struct err *e)
{
	const X509_NAME *subj = X509_get_subject_name(ca->x509);
	unsigned char md[EVP_MAX_MD_SIZE], *utf8 = NULL;
	unsigned int mdlen = 0, i;
	int idx;

	idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
	if (idx >= 0 && ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	                                                   X509_NAME_get_entry(subj, idx))) >= 0)
		snprintf(ca->cn, sizeof(ca->cn), "%s", (char *)utf8);
	OPENSSL_free(utf8);
	if (X509_digest(ca->x509, EVP_sha256(), md, &mdlen) != 1 || mdlen < 32)
		return err_set(e, "cannot hash %s", ca->path);
	for (i = 0; i < 32; i++)
		snprintf(ca->fpr + 3 * i, 4, "%02X%s", md[i], i < 31 ? ":" : "");
	ca->derived = name == NULL;
	if (name != NULL && !pki_trust_name_valid(name)) {
		err_set(e, "--name '%s' is not a usable nickname", name);
		err_fix(e, "use up to %d printable characters, without ':', '\"' or '\\'",
		        PKI_TRUST_NICK_MAX - 1);
		return err_code(e, PKI_EXIT_USAGE);
	}
	if (name != NULL)
		snprintf(ca->nick, sizeof(ca->nick), "%s", name);
	else if (pki_trust_nickname(ca->cn, md, mdlen, ca->nick, sizeof(ca->nick)) == -1)
		return err_set(e, "cannot make a nickname for %s", ca->path);
	if (pki_trust_slug(ca->nick, ca->slug, sizeof(ca->slug)) == -1) {
		err_set(e, "nickname '%s' gives no usable file name", ca->nick);
		err_fix(e, "give --name with some letters or digits");
		return err_code(e, PKI_EXIT_USAGE);
	}
	return 0;
}

static int
trust_ca_load(const char *file, const char *name, int for_trust, struct trust_ca *ca, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	BIO *bio = NULL;
	BUF_MEM *mem;
	int rc = -1;

	if (realpath(file, ca->path) == NULL)
		snprintf(ca->path, sizeof(ca->path), "%s", file);
	if (file_read_all(file, PKI_INPUT_MAX, &buf, &len, e) == -1) {
		err_fix(e, "give the root CA's certificate, e.g. %s", DEMO_DEFAULT_CA_FILE);
		err_code(e, PKI_EXIT_BADINPUT);
		goto done;
	}
	ca->x509 = trust_x509_parse(buf, len);
	if (ca->x509 == NULL) {
		err_set(e, "%s holds no certificate (PEM or DER)", ca->path);
		err_fix(e, "give the root CA's certificate, e.g. %s", DEMO_DEFAULT_CA_FILE);
		err_code(e, PKI_EXIT_BADINPUT);
		goto done;
	}
	if (trust_ca_check(ca, for_trust, e) == -1 || trust_ca_names(ca, name, e) == -1)
		goto done;
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_X509(bio, ca->x509) != 1) {
		err_set(e, "cannot encode %s", ca->path);
		goto done;
	}
	BIO_get_mem_ptr(bio, &mem);
	ca->pem = malloc(mem->length + 1);
	if (ca->pem == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	memcpy(ca->pem, mem->data, mem->length);
	ca->pem[mem->length] = '\0';
	ca->pem_len = mem->length;
	rc = 0;
done:
	BIO_free(bio);
	free(buf);
	return rc;
}

/* Appends one permitted subtree ("localhost", "127.0.0.1/32") to buf. */
static void
trust_subtree_str(const GENERAL_NAME *gn, char *buf, size_t size)
{
	const unsigned char *ip;
	char addr[INET6_ADDRSTRLEN] = "?";
	int len, bits = 0, i;

	if (gn->type == GEN_DNS) {
		snprintf(buf, size, "%.*s", ASN1_STRING_length(gn->d.dNSName),
		         (const char *)ASN1_STRING_get0_data(gn->d.dNSName));
		return;
	}
	if (gn->type != GEN_IPADD) {
		snprintf(buf, size, "(a name of type %d)", gn->type);
		return;
	}
	ip = ASN1_STRING_get0_data(gn->d.iPAddress);
	len = ASN1_STRING_length(gn->d.iPAddress);
	if (len != 8 && len != 32) {
		snprintf(buf, size, "(a malformed address)");
		return;
	}
	inet_ntop(len == 8 ? AF_INET : AF_INET6, ip, addr, sizeof(addr));
	for (i = len / 2; i < len; i++)
		for (int b = 0; b < 8; b++)
			bits += (ip[i] >> b) & 1;
	snprintf(buf, size, "%s/%d", addr, bits);
}

/* Says which root this is and what it may vouch for. */
static void
trust_ca_describe(const struct trust_ca *ca)
{
	NAME_CONSTRAINTS *nc;
	char one[128];
	int i;

	printf("root:      %s\n", ca->cn[0] ? ca->cn : "(no CN)");
	printf("file:      %s\n", ca->path);
	printf("SHA-256:   %s\n", ca->fpr);
	printf("nickname:  %s\n", ca->nick);
	nc = X509_get_ext_d2i(ca->x509, NID_name_constraints, NULL, NULL);
	if (nc == NULL || sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) <= 0) {
		printf("WARNING: this root has no permitted-name constraints: once trusted it can "
		       "vouch for ANY website. Trust it only if you made it and guard its key.\n");
	} else {
		printf("vouches for: only");
		for (i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees); i++) {
			trust_subtree_str(sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base,
			                  one, sizeof(one));
			printf("%s %s", i > 0 ? "," : "", one);
		}
		printf(" (name constraints)\n");
	}
	NAME_CONSTRAINTS_free(nc);
	ERR_clear_error();
}

/* Returns 1 if the PEM text holds a certificate equal to ca's, else 0. */
static int
trust_pem_has(const char *pem, const struct trust_ca *ca)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x;
	int found = 0;

	while (bio != NULL && !found && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		found = X509_cmp(x, ca->x509) == 0;
		X509_free(x);
	}
	BIO_free(bio);
	ERR_clear_error();
	return found;
}

/* ---- NSS databases ---- */

struct trust_db {
	char dir[PATH_MAX];
	char arg[PATH_MAX + 8]; /* "sql:DIR" for certutil -d */
	const char *what;
	int create;
};

struct trust_dbs {
	struct trust_db v[TRUST_DB_MAX];
	int n;
};

enum trust_state {
	TRUST_ABSENT,   /* no certificate has the nickname */
	TRUST_PRESENT,  /* ours has it */
	TRUST_CONFLICT, /* another certificate has it */
};

static void
trust_dbs_add(struct trust_dbs *dbs, const char *dir, const char *what, int create)
{
	struct trust_db *db;

	if (dbs->n >= TRUST_DB_MAX)
		return;
	db = &dbs->v[dbs->n++];
	snprintf(db->dir, sizeof(db->dir), "%s", dir);
	snprintf(db->arg, sizeof(db->arg), "sql:%s", dir);
	db->what = what;
	db->create = create;
}

/* Adds each existing database (a folder with cert9.db) matching HOME/pattern. */
static void
trust_dbs_add_glob(struct trust_dbs *dbs, const char *home, const char *pattern, const char *what)
{
	char pat[PATH_MAX];
	glob_t g;
	size_t i;

	snprintf(pat, sizeof(pat), "%s/%s/cert9.db", home, pattern);
	if (glob(pat, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		char *slash = strrchr(g.gl_pathv[i], '/');

		*slash = '\0';
		trust_dbs_add(dbs, g.gl_pathv[i], what, 0);
	}
	globfree(&g);
}

/* The databases to act on: --nssdb alone, or Chromium's and every Firefox profile. */
static int
trust_dbs_collect(const char *nssdb, int create, struct trust_dbs *dbs, struct err *e)
{
	const char *home = getenv("HOME");
	char dir[PATH_MAX];

	dbs->n = 0;
	if (nssdb != NULL) {
		trust_dbs_add(dbs, nssdb, "NSS database", create);
		return 0;
	}
	if (home == NULL || *home == '\0') {
		err_set(e, "HOME is not set, so the browsers' databases cannot be found");
		return err_fix(e, "set HOME, or name the database: --nssdb DIR");
	}
	snprintf(dir, sizeof(dir), "%s/.pki/nssdb", home);
	trust_dbs_add(dbs, dir, "Chromium, Chrome", create);
	trust_dbs_add_glob(dbs, home, "snap/chromium/current/.pki/nssdb", "Chromium snap");
	trust_dbs_add_glob(dbs, home, ".mozilla/firefox/*", "Firefox profile");
	trust_dbs_add_glob(dbs, home, "snap/firefox/common/.mozilla/firefox/*", "Firefox profile");
	return 0;
}

static int
trust_db_exists(const struct trust_db *db)
{
	char file[PATH_MAX + 16];

	snprintf(file, sizeof(file), "%s/cert9.db", db->dir);
	return file_exists(file);
}

/*
 * Refuses a database (or, before it exists, the nearest existing folder above
 * it) owned by another user: `sudo https_pki trust` with the user's HOME
 * would leave files the browser can no longer open.
 */
static int
trust_db_owned(const struct trust_db *db, struct err *e)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", db->dir);
	while (stat(dir, &st) == -1 && (slash = strrchr(dir, '/')) != NULL && slash != dir)
		*slash = '\0';
	if (stat(dir, &st) == -1 || st.st_uid == geteuid())
		return 0;
	err_set(e, "%s belongs to user %ld, not to the user running this (%ld)", dir,
	        (long)st.st_uid, (long)geteuid());
	return err_fix(e, "run it as that user, without sudo");
}

/* Creates an empty database without a password (as Chromium does on first start). */
static int
trust_db_create(const struct trust_db *db, struct err *e)
{
	const char *argv[] = {TRUST_CERTUTIL, "-N", "-d", db->arg, "--empty-password", NULL};
	char *out = NULL;
	int rc;

	if (file_mkdirs(db->dir, 0700, e) == -1)
		return -1;
	rc = trust_run(argv, NULL, 0, &out, e);
	if (rc > 0)
		trust_tool_failed(e, "certutil -N (create the database)", out);
	free(out);
	return rc == 0 ? 0 : -1;
}

/* Finds out who holds nick in db. */
static int
trust_nss_lookup(const struct trust_db *db, const struct trust_ca *ca, const char *nick,
                 enum trust_state *state, struct err *e)
{
	const char *argv[] = {TRUST_CERTUTIL, "-L", "-d", db->arg, "-n", nick, "-a", NULL};
	char *out = NULL;
	int rc = trust_run(argv, NULL, 0, &out, e), ret = 0;

	if (rc == 0)
		*state = trust_pem_has(out, ca) ? TRUST_PRESENT : TRUST_CONFLICT;
	else if (rc > 0 && (strstr(out, "not find") != NULL || strstr(out, "NOT_FOUND") != NULL))
		*state = TRUST_ABSENT;
	else if (rc > 0)
		ret = trust_tool_failed(e, "certutil -L (read the database)", out);
	else
		ret = -1;
	free(out);
	return ret;
}

/* Reads the SSL trust bits of nick back from db (a PKI_TRUST_SSL_* mask). */
static int
trust_nss_ssl_flags(const struct trust_db *db, const char *nick, struct err *e)
{
	const char *argv[] = {TRUST_CERTUTIL, "-L", "-d", db->arg, "-n", nick, NULL};
	char *out = NULL;
	int rc = trust_run(argv, NULL, 0, &out, e), mask = -1;

	if (rc > 0)
		trust_tool_failed(e, "certutil -L -n (read the trust back)", out);
	else if (rc == 0 && (mask = pki_trust_parse_ssl_flags(out)) == -1)
		err_set(e, "certutil -L -n %s printed no \"SSL Flags\" section", nick);
	free(out);
	return mask;
}

/* Runs certutil with the given action on nick (-A with ca's PEM on stdin, -M, -D). */
static int
trust_nss_change(const struct trust_db *db, const struct trust_ca *ca, const char *action,
                 struct err *e)
{
	const char *argv[] = {TRUST_CERTUTIL, action,          "-d", db->arg, "-n", ca->nick,
	                      "-t",           TRUST_NSS_FLAGS, NULL};
	char *out = NULL;
	char what[64];
	int rc;

	if (strcmp(action, "-D") == 0)
		argv[6] = NULL;
	rc = trust_run(argv, strcmp(action, "-A") == 0 ? ca->pem : NULL, ca->pem_len, &out, e);
	if (rc > 0) {
		snprintf(what, sizeof(what), "certutil %s", action);
		trust_tool_failed(e, what, out);
		if (strstr(out, "assword") != NULL)
			err_fix(e,
			        "the database has a password; run certutil yourself (see --print)");
	}
	free(out);
	return rc == 0 ? 0 : -1;
}

/*
 * Looks for ca under any other nickname (imported by hand, or by another
 * tool): NSS keeps one entry per certificate, so adding it again would only
 * rewrite that entry's trust. Returns 1 and fills other/attrs when found.
 */
static int
trust_nss_find_other(const struct trust_db *db, const struct trust_ca *ca, char *other, char *attrs,
                     struct err *e)
{
	const char *argv[] = {TRUST_CERTUTIL, "-L", "-d", db->arg, NULL};
	char *out = NULL;
	const char *cur;
	enum trust_state st;
	int found = 0, n = 0;

	if (trust_run(argv, NULL, 0, &out, e) != 0) {
		free(out);
		return 0; /* the lookup of our own nickname worked; do not fail on this */
	}
	for (cur = out; !found && n < TRUST_LIST_MAX &&
	                pki_trust_list_next(&cur, other, PKI_TRUST_NICK_MAX, attrs, 16) == 1;
	     n++)
		found = strcmp(other, ca->nick) != 0 &&
		        trust_nss_lookup(db, ca, other, &st, e) == 0 && st == TRUST_PRESENT;
	free(out);
	return found;
}

/*
 * certutil -A stores the certificate before it sets the trust, which needs
 * the database's password when it has one: take away a half-made entry.
 */
static void
trust_nss_undo_add(const struct trust_db *db, const struct trust_ca *ca)
{
	struct err e = {0};
	enum trust_state st;

	if (trust_nss_lookup(db, ca, ca->nick, &st, &e) == 0 && st == TRUST_PRESENT)
		trust_nss_change(db, ca, "-D", &e);
}

static int
trust_nss_add(const struct trust_db *db, const struct trust_ca *ca, struct err *e)
{
	enum trust_state st;
	char other[PKI_TRUST_NICK_MAX], attrs[16], flags[96];
	int mask, added = 0;

	if (trust_db_owned(db, e) == -1)
		return -1;
	if (!trust_db_exists(db) && trust_db_create(db, e) == -1)
		return -1;
	if (trust_nss_lookup(db, ca, ca->nick, &st, e) == -1)
		return -1;
	if (st == TRUST_CONFLICT) {
		err_set(e, "%s: another certificate is already named \"%s\"; left alone", db->arg,
		        ca->nick);
		return err_fix(e, "pick another --name NICK");
	}
	if (st == TRUST_ABSENT && trust_nss_find_other(db, ca, other, attrs, e)) {
		if (pki_trust_attrs_ssl_trusted(attrs) == 1) {
			printf("ok:        %s (%s): already trusted as \"%s\" (%s), which untrust "
			       "leaves alone\n",
			       db->arg, db->what, other, attrs);
			return 0;
		}
		err_set(e,
		        "%s: this root is already there as \"%s\" with trust \"%s\", not "
		        "trusted for websites",
		        db->arg, other, attrs);
		return err_fix(e, "certutil -d %s -M -n \"%s\" -t C,,", db->arg, other);
	}
	mask = st == TRUST_PRESENT ? trust_nss_ssl_flags(db, ca->nick, e) : 0;
	if (mask == -1)
		return -1;
	if (!(mask & PKI_TRUST_SSL_TRUSTED_CA)) {
		if (trust_nss_change(db, ca, st == TRUST_PRESENT ? "-M" : "-A", e) == -1) {
			if (st == TRUST_ABSENT)
				trust_nss_undo_add(db, ca);
			return -1;
		}
		added = 1;
		mask = trust_nss_ssl_flags(db, ca->nick, e);
	}
	if (mask == -1)
		return -1;
	pki_trust_ssl_flags_str(mask, flags, sizeof(flags));
	if (!(mask & PKI_TRUST_SSL_TRUSTED_CA)) {
		err_set(e, "%s: \"%s\" is present but NOT trusted for websites (SSL: %s)", db->arg,
		        ca->nick, flags);
		return err_fix(e, "certutil -d %s -M -n \"%s\" -t C,,", db->arg, ca->nick);
	}
	printf("%-10s %s (%s): trusted for websites (SSL: %s)\n", added ? "added:" : "ok:", db->arg,
	       db->what, flags);
	return 0;
}

/* After removing ours (or finding nothing), points at older demo roots left behind. */
static void
trust_nss_hint_stale(const struct trust_db *db, const struct trust_ca *ca)
{
	const char *argv[] = {TRUST_CERTUTIL, "-L", "-d", db->arg, NULL};
	char *out = NULL, nick[PKI_TRUST_NICK_MAX], attrs[16];
	const char *cur;
	size_t stem = strlen(ca->nick) - 2 * PKI_TRUST_FPR_BYTES; /* "CN " */
	struct err e = {0};

	if (!ca->derived || trust_run(argv, NULL, 0, &out, &e) != 0) {
		free(out);
		return;
	}
	for (cur = out; pki_trust_list_next(&cur, nick, sizeof(nick), attrs, sizeof(attrs));)
		if (strncmp(nick, ca->nick, stem) == 0 && strlen(nick) == strlen(ca->nick) &&
		    strcmp(nick, ca->nick) != 0)
			printf("note:      %s still holds \"%s\", an older root with the same "
			       "name; "
			       "remove it with: certutil -d %s -D -n \"%s\"\n",
			       db->arg, nick, db->arg, nick);
	free(out);
}

static int
trust_nss_remove(const struct trust_db *db, const struct trust_ca *ca, struct err *e)
{
	enum trust_state st = TRUST_ABSENT;
	int removed = 0, i;

	if (!trust_db_exists(db)) {
		printf("ok:        %s (%s): no database, nothing to remove\n", db->arg, db->what);
		return 0;
	}
	if (trust_db_owned(db, e) == -1)
		return -1;
	/* NSS may keep more than one entry under a nickname; remove each of ours. */
	for (i = 0; i < 8; i++) {
		if (trust_nss_lookup(db, ca, ca->nick, &st, e) == -1)
			return -1;
		if (st != TRUST_PRESENT)
			break;
		if (trust_nss_change(db, ca, "-D", e) == -1)
			return -1;
		removed = 1;
	}
	if (st == TRUST_PRESENT)
		return err_set(e, "%s: \"%s\" is still there after removal", db->arg, ca->nick);
	if (st == TRUST_CONFLICT)
		printf("note:      %s: \"%s\" names another certificate; left alone\n", db->arg,
		       ca->nick);
	printf("%-10s %s (%s): \"%s\" %s\n", removed ? "removed:" : "ok:", db->arg, db->what,
	       ca->nick, removed ? "is gone" : "was not there");
	trust_nss_hint_stale(db, ca);
	return 0;
}

/* ---- the system store (Debian's update-ca-certificates) ---- */

/* Checks, before anything is read or changed, that the store's tools can run. */
static int
trust_tools_ready(const char *verb, int system, struct err *e)
{
	if (!system && !trust_tool_exists(TRUST_CERTUTIL)) {
		err_set(e, "certutil not found; it edits the browsers' NSS databases");
		return err_fix(e, "sudo apt-get install libnss3-tools");
	}
	if (!system)
		return 0;
	if (geteuid() != 0) {
		err_set(e, "--system changes the system trust store, which needs root");
		return err_fix(e, "sudo https_pki %s --system [CA_FILE]", verb);
	}
	if (!trust_tool_exists(TRUST_UPDATE_CA)) {
		err_set(e, "%s not found", TRUST_UPDATE_CA);
		return err_fix(e, "sudo apt-get install ca-certificates");
	}
	return 0;
}

/* fresh: rebuild every link, which is what drops the link of a removed file. */
static int
trust_system_update(int fresh, struct err *e)
{
	const char *argv[] = {TRUST_UPDATE_CA, fresh ? "--fresh" : NULL, NULL};
	char *out = NULL;
	int rc = trust_run(argv, NULL, 0, &out, e);

	if (rc > 0)
		trust_tool_failed(e, TRUST_UPDATE_CA, out);
	free(out);
	return rc == 0 ? 0 : -1;
}

/* Returns 1 if file holds ca, 0 if it holds something else, -1 if it cannot be read. */
static int
trust_file_holds(const char *file, const struct trust_ca *ca)
{
	char *buf = NULL;
	size_t len;
	struct err e = {0};
	int same;

	if (file_read_all(file, PKI_INPUT_MAX, &buf, &len, &e) == -1)
		return -1;
	same = trust_pem_has(buf, ca);
	free(buf);
	return same;
}

/* Returns 1 if link resolves to file (update-ca-certificates has taken it in). */
static int
trust_system_linked(const char *file, const char *link)
{
	char real_file[PATH_MAX], real_link[PATH_MAX];

	return realpath(file, real_file) != NULL && realpath(link, real_link) != NULL &&
	       strcmp(real_file, real_link) == 0;
}

static int
trust_system_add(const struct trust_ca *ca, struct err *e)
{
	char file[PATH_MAX], link[PATH_MAX];
	int held;

	snprintf(file, sizeof(file), "%s/%s.crt", TRUST_SYSTEM_DIR, ca->slug);
	snprintf(link, sizeof(link), "%s/%s.pem", TRUST_SYSTEM_LINKS, ca->slug);
	held = file_exists(file) ? trust_file_holds(file, ca) : -2;
	if (held == 0 || held == -1) {
		err_set(e, "%s already exists and holds another certificate; left alone", file);
		return err_fix(e, "pick another --name NICK");
	}
	if (held == -2 && (file_mkdirs(TRUST_SYSTEM_DIR, 0755, e) == -1 ||
	                   file_write_atomic(file, ca->pem, ca->pem_len, 0644, 0, e) == -1))
		return -1;
	if (!(held == 1 && trust_system_linked(file, link)) && trust_system_update(0, e) == -1)
		return -1;
	if (!trust_system_linked(file, link)) {
		err_set(e, "%s did not link %s as %s", TRUST_UPDATE_CA, file, link);
		return err_fix(e, "check /etc/ca-certificates.conf and run %s -v", TRUST_UPDATE_CA);
	}
	printf("%-10s %s -> %s (system store)\n", held == 1 ? "ok:" : "added:", link, file);
	return 0;
}

static int
trust_system_remove(const struct trust_ca *ca, struct err *e)
{
	char file[PATH_MAX], link[PATH_MAX];
	struct stat st;
	int held;

	snprintf(file, sizeof(file), "%s/%s.crt", TRUST_SYSTEM_DIR, ca->slug);
	snprintf(link, sizeof(link), "%s/%s.pem", TRUST_SYSTEM_LINKS, ca->slug);
	if (!file_exists(file)) {
		printf("ok:        %s was not there (system store)\n", file);
		return 0;
	}
	held = trust_file_holds(file, ca);
	if (held != 1)
		return err_set(e, "%s holds another certificate; left alone", file);
	if (unlink(file) == -1)
		return err_set_errno(e, "cannot remove %s", file);
	if (trust_system_update(1, e) == -1)
		return -1;
	if (lstat(link, &st) == 0)
		return err_set(e, "%s is still there after %s", link, TRUST_UPDATE_CA);
	printf("removed:   %s (system store)\n", file);
	return 0;
}

/* ---- --print: the same by hand, for every platform ---- */

static void
trust_print_steps(const struct trust_ca *ca, int removing)
{
	const char *p = ca->path, *n = ca->nick;

	printf("Root: %s\nFile: %s\nSHA-256: %s\n\n", ca->cn, p, ca->fpr);
	if (!removing) {
		printf("Chrome / Chromium (Linux): chrome://certificate-manager > Custom > "
		       "Installed "
		       "by you > Trusted certificates > Import, choose the file; or\n"
		       "  certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n \"%s\" -i \"%s\"\n",
		       n, p);
		printf("Firefox (any system): Settings > Privacy & Security > Certificates > View "
		       "Certificates > Authorities > Import, tick \"Trust this CA to identify "
		       "websites\"; or, per profile:\n"
		       "  certutil -d sql:PROFILE_DIR -A -t C,, -n \"%s\" -i \"%s\"\n",
		       n, p);
		printf("Debian/Ubuntu system store (curl, wget, OpenSSL):\n"
		       "  sudo cp \"%s\" /usr/local/share/ca-certificates/%s.crt && sudo "
		       "update-ca-certificates\n",
		       p, ca->slug);
		printf("macOS (Safari, Chrome):\n  sudo security add-trusted-cert -d -r trustRoot "
		       "-k "
		       "/Library/Keychains/System.keychain \"%s\"\n",
		       p);
		printf("Windows (Edge, Chrome), as administrator:\n  certutil -addstore -f Root "
		       "\"%s\"\n"
		       "  or certmgr.msc > Trusted Root Certification Authorities > Certificates > "
		       "All Tasks > Import\n",
		       p);
	} else {
		printf("Chrome / Chromium (Linux): chrome://certificate-manager > Custom > "
		       "Installed "
		       "by you > Trusted certificates > delete it; or\n"
		       "  certutil -d sql:$HOME/.pki/nssdb -D -n \"%s\"\n",
		       n);
		printf("Firefox: Settings > Privacy & Security > Certificates > View Certificates "
		       "> "
		       "Authorities, select \"%s\" > Delete or Distrust; or\n"
		       "  certutil -d sql:PROFILE_DIR -D -n \"%s\"\n",
		       ca->cn, n);
		printf("Debian/Ubuntu system store:\n  sudo rm "
		       "/usr/local/share/ca-certificates/%s.crt "
		       "&& sudo update-ca-certificates --fresh\n",
		       ca->slug);
		printf("macOS:\n  sudo security remove-trusted-cert -d \"%s\"\n  sudo security "
		       "delete-certificate -c \"%s\" /Library/Keychains/System.keychain\n",
		       p, ca->cn);
		printf("Windows, as administrator:\n  certutil -delstore Root \"%s\"\n"
		       "  or certmgr.msc > Trusted Root Certification Authorities > Certificates, "
		       "select it > Delete\n",
		       ca->cn);
	}
	printf("\nCheck the fingerprint above against the one the browser shows before you "
	       "trust it.\n");
}

/* ---- the subcommands ---- */

struct trust_cfg {
	const char *nssdb;
	const char *name;
	int system;
	int print;
	int help;
};

static void
trust_usage(FILE *f, const char *cmd, const struct opt *table)
{
	int rm = strcmp(cmd, "untrust") == 0;

	fprintf(f,
	        "usage: https_pki %s [CA_FILE] [--nssdb DIR] [--name NICK] [--system] [--print]\n",
	        cmd);
	fprintf(f, "\n%s\n",
	        rm ? "Removes the root that `https_pki trust` added, and nothing else."
	           : "Makes browsers trust a root CA (default: " DEMO_DEFAULT_CA_FILE ").");
	fprintf(f,
	        "By default: Chromium/Chrome's $HOME/.pki/nssdb%s and every Firefox profile\n"
	        "with a cert9.db, through certutil (libnss3-tools). The store is read back to\n"
	        "confirm the SSL trust bit (\"Trusted CA\", flag C). Running it twice is fine.\n\n",
	        rm ? "" : " (created if missing)");
	opts_usage(f, table);
	fprintf(f, "\nExit: 0 done (or nothing to do), 1 a store could not be changed or read "
	           "back,\n      2 usage, 4 CA_FILE is not a root CA certificate.\n");
}

static int
trust_fail(const struct err *e)
{
	err_print(stderr, "https_pki", e);
	return e->code != 0 ? e->code : PKI_EXIT_ERROR;
}

static int
trust_usage_fail(const char *cmd, const struct err *e)
{
	err_print(stderr, "https_pki", e);
	fprintf(stderr, "try: https_pki %s --help\n", cmd);
	return PKI_EXIT_USAGE;
}

/* Acts on every NSS database; keeps going after a failure and reports each. */
static int
trust_nss_all(const struct trust_cfg *cfg, const struct trust_ca *ca, int removing)
{
	struct trust_dbs dbs;
	struct err e = {0};
	int i, failed = 0, firefox = 0;

	if (trust_dbs_collect(cfg->nssdb, !removing, &dbs, &e) == -1)
		return trust_fail(&e);
	for (i = 0; i < dbs.n; i++) {
		err_clear(&e);
		if ((removing ? trust_nss_remove : trust_nss_add)(&dbs.v[i], ca, &e) == -1)
			failed = trust_fail(&e);
		firefox |= strcmp(dbs.v[i].what, "Firefox profile") == 0;
	}
	if (firefox)
		printf("note:      restart Firefox so that it reads the change\n");
	return failed;
}

static int
trust_main(int argc, char **argv, int removing)
{
	struct trust_cfg cfg = {0};
	const struct opt table[] = {
	        {.name = "nssdb",
	         .arg = "DIR",
	         .kind = OPT_STRING,
	         .target = &cfg.nssdb,
	         .help = "only this NSS database (sql: format)"},
	        {.name = "name",
	         .arg = "NICK",
	         .kind = OPT_STRING,
	         .target = &cfg.name,
	         .help = "nickname (default: the CN and 8 hex digits of the SHA-256)"},
	        {.name = "system",
	         .kind = OPT_FLAG,
	         .target = &cfg.system,
	         .help = "the system store instead (" TRUST_SYSTEM_DIR "); root only"},
	        {.name = "print",
	         .kind = OPT_FLAG,
	         .target = &cfg.print,
	         .help = "print the manual steps for Chrome, Firefox, macOS, Windows"},
	        {.name = "help",
	         .short_name = 'h',
	         .kind = OPT_FLAG,
	         .target = &cfg.help,
	         .help = "show this help"},
	        {.name = NULL},
	};
	const char *cmd = removing ? "untrust" : "trust";
	struct trust_ca ca = {0};
	struct err e = {0};
	char def[PATH_MAX];
	int first, rc;

	first = opts_parse(table, argc, argv, &e);
	if (first == -1)
		return trust_usage_fail(cmd, &e);
	if (cfg.help) {
		trust_usage(stdout, cmd, table);
		return PKI_EXIT_OK;
	}
	if (argc - first > 1)
		err_set(&e, "%s takes one CA_FILE, not %d", cmd, argc - first);
	else if (cfg.print && (cfg.system || cfg.nssdb != NULL))
		err_set(&e, "--print changes nothing; it does not go with --system or --nssdb");
	else if (cfg.system && cfg.nssdb != NULL)
		err_set(&e, "--system and --nssdb name different stores; pick one");
	if (e.msg[0] != '\0')
		return trust_usage_fail(cmd, &e);
	if (!cfg.print && trust_tools_ready(cmd, cfg.system, &e) == -1)
		return trust_fail(&e);
	if (trust_ca_load(first < argc ? argv[first]
	                               : file_default_path(DEMO_DEFAULT_CA_FILE, def, sizeof(def)),
	                  cfg.name, !removing && !cfg.print, &ca, &e) == -1) {
		trust_ca_free(&ca);
		return trust_fail(&e);
	}
	if (cfg.print) {
		trust_print_steps(&ca, removing);
		trust_ca_free(&ca);
		return PKI_EXIT_OK;
	}
	trust_ca_describe(&ca);
	if (cfg.system)
		rc = (removing ? trust_system_remove : trust_system_add)(&ca, &e) == -1
		             ? trust_fail(&e)
		             : PKI_EXIT_OK;
	else
		rc = trust_nss_all(&cfg, &ca, removing);
	trust_ca_free(&ca);
	return rc;
}

int
pki_cmd_trust(int argc, char **argv)
{
	return trust_main(argc, argv, 0);
}

int
pki_cmd_untrust(int argc, char **argv)
{
	return trust_main(argc, argv, 1);
}
