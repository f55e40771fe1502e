/*
 * The I/O hooks of the compatibility library (see openssl3_shim.c).
 *
 * civetweb reaches every SSL_* function through dlsym() on the library named
 * "libssl.so", which is this one. For the few functions below it therefore
 * calls our definitions, which forward to hooks the server registers (or
 * straight to OpenSSL when none are). That lets the server see each
 * connection's decrypted bytes, phases and deadlines without patching civetweb.
 */
#ifndef COMPAT_IO_HOOKS_H
#define COMPAT_IO_HOOKS_H

#include <openssl/ssl.h>

/* OpenSSL's own functions, for the hooks to call. */
struct compat_io_real {
	int (*set_fd)(SSL *ssl, int fd);
	int (*accept)(SSL *ssl);
	int (*read)(SSL *ssl, void *buf, int num);
	int (*write)(SSL *ssl, const void *buf, int num);
	int (*pending)(const SSL *ssl);
	int (*get_error)(const SSL *ssl, int ret);
	void (*free)(SSL *ssl);
};

/* Each hook replaces the function of the same name; NULL keeps OpenSSL's. */
struct compat_io_hooks {
	int (*set_fd)(SSL *ssl, int fd);
	int (*accept)(SSL *ssl);
	int (*read)(SSL *ssl, void *buf, int num);
	int (*pending)(const SSL *ssl);
	int (*get_error)(const SSL *ssl, int ret);
	void (*free)(SSL *ssl);
};

/*
 * Installs hooks (copied; call before civetweb starts) and returns OpenSSL's
 * functions, or NULL when libssl.so.3 cannot be found.
 */
const struct compat_io_real *compat_io_install(const struct compat_io_hooks *hooks);

#endif
