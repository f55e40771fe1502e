/* What a PEM buffer holds, and a clear message when it is not PEM at all. */
#include "pem.h"

#include <string.h>

#include "err.h"
#include "fileio.h"
#include "pki.h"

const char *
pki_mem_find(const char *hay, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle);
	size_t i;

	if (nlen > hlen)
		return NULL;
	for (i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

/* A DER SEQUENCE starts with 0x30 and a length byte; text never does. */
static int
looks_binary(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 64; i++)
		if (buf[i] == '\0' || ((unsigned char)buf[i] < 0x09))
			return 1;
	return len >= 2 && (unsigned char)buf[0] == 0x30 && (unsigned char)buf[1] >= 0x80;
}

int
pki_pem_label(const char *buf, size_t len, const char *what, char *label, size_t size,
              struct err *e)
{
	const char *begin, *lab, *dash, *end;
	char endline[128];
	size_t llen;

	begin = pki_mem_find(buf, len, "-----BEGIN ");
	if (begin == NULL) {
		err_code(e, DEMO_EXIT_FILE);
		if (len == 0) {
			err_set(e, "%s is empty", what);
			return err_fix(e,
			               "give the file that holds it; copy or regenerate this one");
		}
		if (looks_binary(buf, len)) {
			err_set(e, "%s is binary (DER?), not PEM", what);
			return err_fix(
			        e, "convert it: openssl x509 -inform DER -in FILE -out FILE.pem "
			           "(or openssl pkey -inform DER for a key)");
		}
		err_set(e, "%s holds no PEM block (no '-----BEGIN' line)", what);
		return err_fix(e, "give a PEM file (-----BEGIN ...); https_pki inspect FILE shows "
		                  "what a file holds");
	}
	lab = begin + strlen("-----BEGIN ");
	dash = pki_mem_find(lab, len - (size_t)(lab - buf), "-----");
	llen = dash ? (size_t)(dash - lab) : 0;
	if (dash == NULL || llen == 0 || llen >= size || llen > 64 || memchr(lab, '\n', llen)) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: damaged PEM header line", what);
		return err_fix(e, "the file was altered; copy or regenerate it");
	}
	memcpy(label, lab, llen);
	label[llen] = '\0';
	snprintf(endline, sizeof(endline), "-----END %s-----", label);
	end = pki_mem_find(dash, len - (size_t)(dash - buf), endline);
	if (end == NULL) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s: truncated PEM (the '%s' block has no END line)", what, label);
		return err_fix(e, "the file was cut short; copy or regenerate it");
	}
	return 0;
}

int
pki_pem_count(const char *buf, size_t len, const char *label)
{
	char begin[128], endl[128];
	const char *p = buf, *q;
	int n = 0;

	snprintf(begin, sizeof(begin), "-----BEGIN %s-----", label);
	snprintf(endl, sizeof(endl), "-----END %s-----", label);
	while ((q = pki_mem_find(p, len - (size_t)(p - buf), begin)) != NULL) {
		p = q + strlen(begin);
		q = pki_mem_find(p, len - (size_t)(p - buf), endl);
		if (q == NULL)
			return -1;
		n++;
		p = q + strlen(endl);
	}
	return n;
}

int
pki_file_read(const char *path, char **out, size_t *len, struct err *e)
{
	if (file_read_all(path, PKI_INPUT_MAX, out, len, e) == -1) {
		err_code(e, DEMO_EXIT_FILE);
		if (strstr(e->msg, "is not a regular file") != NULL)
			return err_fix(e, "name a file, not a folder or device (ls -l %s shows it)",
			               path);
		if (strncmp(e->msg, "cannot open", 11) == 0)
			return err_fix(e, "check the path and its spelling: ls -l %s", path);
		return -1;
	}
	return 0;
}
