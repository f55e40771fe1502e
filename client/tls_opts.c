/* The TLS options a user can get wrong: --ciphers, --tls13-ciphers, --pinnedpubkey, --curves. */
#include "tls_opts.h"

#include "tls_int.h"

#include <string.h>
#include <strings.h>

#include <wolfssl/wolfcrypt/coding.h>

int
client_tls_check_ciphers(const char *list, int insecure, struct err *e)
{
	char buf[1024], *save = NULL, *name;
	int n = 0;

	if (strlen(list) >= sizeof(buf)) {
		err_set(e, "--ciphers: list too long");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	strcpy(buf, list);
	for (name = strtok_r(buf, ":", &save); name; name = strtok_r(NULL, ":", &save), n++) {
		int ecdhe = strncmp(name, "ECDHE-", 6) == 0 || strncmp(name, "TLS13-", 6) == 0;
		int aead = strstr(name, "-GCM-") != NULL || strstr(name, "CHACHA20-POLY1305") ||
		           strstr(name, "-CCM") != NULL;
		if (strstr(name, "NULL") || strstr(name, "ADH") || strstr(name, "AECDH") ||
		    strstr(name, "anon") || strstr(name, "PSK")) {
			err_set(e, "--ciphers: '%s' has no server authentication or no encryption",
			        name);
			err_fix(e, "anonymous and NULL suites are never offered, not even with "
			           "--insecure");
			return err_code(e, DEMO_EXIT_USAGE);
		}
		if ((!ecdhe || !aead) && !insecure) {
			err_set(e, "--ciphers: '%s' is not an ECDHE suite with an AEAD cipher",
			        name);
			err_fix(e, "use e.g. ECDHE-ECDSA-AES128-GCM-SHA256, or add --insecure to "
			           "test a weak suite");
			return err_code(e, DEMO_EXIT_USAGE);
		}
	}
	if (n == 0) {
		err_set(e, "--ciphers: empty list");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return 0;
}

int
client_tls_tls13_suites(const char *list, char *out, size_t size, struct err *e)
{
	/* IANA/OpenSSL names (as curl takes them) and wolfSSL's own. */
	static const char *const known[][2] = {
	        {"TLS_AES_128_GCM_SHA256", "TLS13-AES128-GCM-SHA256"},
	        {"TLS_AES_256_GCM_SHA384", "TLS13-AES256-GCM-SHA384"},
	        {"TLS_CHACHA20_POLY1305_SHA256", "TLS13-CHACHA20-POLY1305-SHA256"},
	        {"TLS_AES_128_CCM_SHA256", "TLS13-AES128-CCM-SHA256"},
	};
	const char *p = list, *end;
	size_t i, len, used = 0;

	out[0] = '\0';
	while (*p != '\0') {
		end = p + strcspn(p, ":");
		len = (size_t)(end - p);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if ((strlen(known[i][0]) == len && strncmp(known[i][0], p, len) == 0) ||
			    (strlen(known[i][1]) == len && strncmp(known[i][1], p, len) == 0))
				break;
		if (i == sizeof(known) / sizeof(known[0])) {
			err_set(e, "--tls13-ciphers: '%.*s' is not a TLS 1.3 suite", (int)len, p);
			err_fix(e, "use TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, "
			           "TLS_CHACHA20_POLY1305_SHA256 or TLS_AES_128_CCM_SHA256");
			return err_code(e, DEMO_EXIT_USAGE);
		}
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ":" : "",
		                         known[i][1]);
		if (used >= size)
			return err_set(e, "--tls13-ciphers: list too long");
		p = *end != '\0' ? end + 1 : end;
	}
	if (used == 0) {
		err_set(e, "--tls13-ciphers: empty list");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return 0;
}

int
client_tls_parse_pins(const char *spec, unsigned char (*pins)[32], int max, struct err *e)
{
	const char *p = spec, *end;
	unsigned char out[64];
	word32 outlen;
	int n = 0;

	while (*p != '\0') {
		end = p + strcspn(p, ";");
		outlen = sizeof(out);
		if (strncmp(p, "sha256//", 8) != 0 || n >= max ||
		    Base64_Decode((const byte *)p + 8, (word32)(end - p - 8), out, &outlen) != 0 ||
		    outlen != 32) {
			err_set(e, "--pinnedpubkey: '%.*s' is not sha256//BASE64 of 32 bytes",
			        (int)(end - p), p);
			err_fix(e, "openssl x509 -in CERT -pubkey -noout | openssl pkey -pubin "
			           "-outform der | openssl dgst -sha256 -binary | base64");
			return err_code(e, DEMO_EXIT_USAGE);
		}
		memcpy(pins[n++], out, 32);
		p = *end == ';' ? end + 1 : end;
	}
	if (n == 0) {
		err_set(e, "--pinnedpubkey: no hash given");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return n;
}

int
client_tls_parse_curves(const char *list, int *groups, int max, struct err *e)
{
	static const struct {
		const char *name;
		int id;
	} known[] = {
	        {"X25519", WOLFSSL_ECC_X25519},
	        {"P-256", WOLFSSL_ECC_SECP256R1},
	        {"prime256v1", WOLFSSL_ECC_SECP256R1},
	        {"secp256r1", WOLFSSL_ECC_SECP256R1},
	        {"P-384", WOLFSSL_ECC_SECP384R1},
	        {"secp384r1", WOLFSSL_ECC_SECP384R1},
	        {"P-521", WOLFSSL_ECC_SECP521R1},
	        {"secp521r1", WOLFSSL_ECC_SECP521R1},
	        {"X448", WOLFSSL_ECC_X448},
	};
	const char *p = list, *end;
	size_t i, len;
	int n = 0;

	while (*p != '\0') {
		end = p + strcspn(p, ":,");
		len = (size_t)(end - p);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i].name) == len && strncasecmp(known[i].name, p, len) == 0)
				break;
		if (i == sizeof(known) / sizeof(known[0]) || n >= max) {
			err_set(e, "--curves: unknown or unsupported group '%.*s'", (int)len, p);
			err_fix(e, "use X25519, P-256, P-384, P-521 or X448, separated by ':'");
			return err_code(e, DEMO_EXIT_USAGE);
		}
		groups[n++] = known[i].id;
		p = *end != '\0' ? end + 1 : end;
	}
	if (n == 0) {
		err_set(e, "--curves: empty list");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	return n;
}
