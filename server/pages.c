/* The document root, held in memory; request paths checked before any lookup. */
#include "pages.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "server.h"

struct server_pages {
	struct server_page *page; /* sorted by path */
	size_t n, cap;
	size_t total;
};

static const struct {
	const char *ext, *type;
} pages_types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".pem", "application/x-pem-file"},
        {".woff2", "font/woff2"},
};

const char *
server_pages_type(const char *name)
{
	size_t i, n = strlen(name), m;

	for (i = 0; i < sizeof(pages_types) / sizeof(pages_types[0]); i++) {
		m = strlen(pages_types[i].ext);
		if (n > m && strcmp(name + n - m, pages_types[i].ext) == 0)
			return pages_types[i].type;
	}
	return "application/octet-stream";
}

/* A fix that names the reason: a permission is not fixed by another --docroot. */
static int
pages_fix(int saved, const char *path, struct err *e)
{
	if (saved == EACCES || saved == EPERM)
		return err_fix(e,
		               "the server's user may not read %s: allow it (chmod -R a+rX on the "
		               "folder), or run the server as a user who can",
		               path);
	if (saved == ENOENT || saved == ENOTDIR)
		return err_fix(e,
		               "give --docroot DIR, a folder of pages (the demo's is server/www)");
	return -1;
}

static int
pages_add(struct server_pages *p, const char *fs_path, const char *url, struct err *e)
{
	struct server_page *pg;
	size_t len = 0;
	char *body = NULL;

	if (p->n == SERVER_PAGES_MAX_FILES)
		return err_set(e, "document root holds more than %d files", SERVER_PAGES_MAX_FILES);
	if (file_read_all(fs_path, SERVER_PAGES_MAX_FILE, &body, &len, e) == -1) {
		int saved = errno;

		return pages_fix(saved, fs_path, e);
	}
	if (p->total + len > (size_t)SERVER_PAGES_MAX_TOTAL) {
		free(body);
		return err_set(e, "document root holds more than %ld bytes",
		               SERVER_PAGES_MAX_TOTAL);
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct server_page *np = realloc(p->page, cap * sizeof(*np));

		if (np == NULL) {
			free(body);
			return err_set(e, "out of memory");
		}
		p->page = np;
		p->cap = cap;
	}
	pg = &p->page[p->n];
	pg->path = strdup(url);
	if (pg->path == NULL) {
		free(body);
		return err_set(e, "out of memory");
	}
	pg->type = server_pages_type(url);
	pg->body = body;
	pg->len = len;
	p->total += len;
	p->n++;
	return 0;
}

static int
pages_walk(struct server_pages *p, const char *dir, const char *url, int depth, struct err *e)
{
	char fs[4096], sub[2048];
	struct dirent *d;
	struct stat st;
	DIR *dp;
	int rc = 0;

	if (depth > SERVER_PAGES_MAX_DEPTH)
		return err_set(e, "%s: more than %d levels of folders", dir,
		               SERVER_PAGES_MAX_DEPTH);
	if ((dp = opendir(dir)) == NULL) {
		int saved = errno;

		err_set_errno(e, "cannot read the document root %s", dir);
		return pages_fix(saved, dir, e);
	}
	while (rc == 0 && (d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue; /* ".", "..", and hidden files are never served */
		if ((size_t)snprintf(fs, sizeof(fs), "%s/%s", dir, d->d_name) >= sizeof(fs) ||
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", url, d->d_name) >= sizeof(sub)) {
			rc = err_set(e, "%s/%s: path too long", dir, d->d_name);
			break;
		}
		if (lstat(fs, &st) == -1)
			rc = err_set_errno(e, "%s", fs);
		else if (S_ISDIR(st.st_mode))
			rc = pages_walk(p, fs, sub, depth + 1, e);
		else if (S_ISREG(st.st_mode))
			rc = pages_add(p, fs, sub, e);
		/* symbolic links and special files are skipped: they could lead outside */
	}
	closedir(dp);
	return rc;
}

static int
pages_cmp(const void *a, const void *b)
{
	return strcmp(((const struct server_page *)a)->path, ((const struct server_page *)b)->path);
}

int
server_pages_load(struct server_pages **out, const char *docroot, struct err *e)
{
	struct server_pages *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return err_set(e, "out of memory");
	if (pages_walk(p, docroot, "", 0, e) == -1) {
		if (e->code == 0)
			err_code(e, DEMO_EXIT_FILE);
		if (e->fix[0] == '\0')
			err_fix(e,
			        "give --docroot DIR, a folder of pages (the demo's is server/www)");
		server_pages_free(p);
		return -1;
	}
	if (p->n > 1)
		qsort(p->page, p->n, sizeof(p->page[0]), pages_cmp);
	*out = p;
	return 0;
}

void
server_pages_free(struct server_pages *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->page[i].path);
		free(p->page[i].body);
	}
	free(p->page);
	free(p);
}

size_t
server_pages_count(const struct server_pages *p)
{
	return p->n;
}

const struct server_page *
server_pages_find(const struct server_pages *p, const char *path)
{
	struct server_page key;
	char buf[2048];
	size_t n = strlen(path);

	if (n > 0 && path[n - 1] == '/') {
		if ((size_t)snprintf(buf, sizeof(buf), "%sindex.html", path) >= sizeof(buf))
			return NULL;
		path = buf;
	}
	key.path = (char *)(uintptr_t)path;
	return p->n ? bsearch(&key, p->page, p->n, sizeof(p->page[0]), pages_cmp) : NULL;
}

static int
path_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes src into dst (size bytes). Returns 0, or -1 on a bad escape or overflow. */
static int
path_decode(const char *src, char *dst, size_t size)
{
	size_t o = 0;
	int hi, lo;

	for (; *src != '\0'; src++) {
		char c = *src;

		if (c == '%') {
			hi = path_hex(src[1]);
			lo = hi < 0 ? -1 : path_hex(src[2]);
			if (lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			src += 2;
			if (c == '\0')
				return -1; /* %00 would cut the path short */
		}
		if (o + 1 >= size)
			return -1;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

/* Is s (n bytes) valid UTF-8, without overlong forms or surrogates (RFC 3629)? */
static int
path_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4;
		else
			return 0; /* a continuation byte first, C0/C1 (overlong), or F5-FF */
		if (i + len > n)
			return 0;
		cp = s[i] & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* Is seg (len bytes of a decoded path) "." or ".."? */
static int
path_dot_segment(const char *seg, size_t len)
{
	return (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.');
}

/*
 * Would a program that decodes seg once more read a path step, a separator or a
 * control character into it ("%2e%2e", "%2f", "%0d")? The name itself is what
 * we serve; this only refuses names built to fool a second decoder.
 */
static int
path_hides_step(const char *seg, size_t len)
{
	char in[2048], again[2048];
	const char *c;

	if (memchr(seg, '%', len) == NULL || len >= sizeof(in))
		return 0;
	memcpy(in, seg, len);
	in[len] = '\0';
	if (path_decode(in, again, sizeof(again)) == -1)
		return 0; /* not an escape ("100%"): a plain name */
	for (c = again; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\')
			return 1;
	return path_dot_segment(again, strlen(again));
}

int
server_path_clean(const char *uri, char *out, size_t size)
{
	const char *s, *seg;
	size_t seglen;

	if (uri == NULL || uri[0] != '/' || path_decode(uri, out, size) == -1 ||
	    !path_utf8_valid((const unsigned char *)out, strlen(out)))
		return -1;
	for (s = out; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		/* CR and LF above all: they would split headers (civetweb lets %0d%0a through) */
		if (c < 0x20 || c == 0x7f || c == '\\')
			return -1;
	}
	for (seg = out + 1;; seg += seglen + 1) {
		seglen = strcspn(seg, "/");
		if (path_dot_segment(seg, seglen) || path_hides_step(seg, seglen))
			return -1;
		if (seglen == 0 && seg[0] == '/')
			return -1; /* "//" */
		if (seg[seglen] == '\0')
			break;
	}
	return 0;
}
