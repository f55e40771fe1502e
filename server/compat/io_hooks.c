/* civetweb's calls to a few SSL_* functions, forwarded to the server's hooks (io_hooks.h). */
#define _GNU_SOURCE
#include "io_hooks.h"

#include <dlfcn.h>
#include <stddef.h>

static struct compat_io_real io_real;
static struct compat_io_hooks io_hooks;

/* Resolved in libssl.so.3 itself: a plain call from here could come back to us. */
static int
io_resolve(void)
{
	void *h;

	if (io_real.read != NULL)
		return 0;
	h = dlopen("libssl.so.3", RTLD_NOW | RTLD_NOLOAD);
	if (h == NULL)
		return -1;
	io_real.set_fd = (int (*)(SSL *, int))dlsym(h, "SSL_set_fd");
	io_real.accept = (int (*)(SSL *))dlsym(h, "SSL_accept");
	io_real.write = (int (*)(SSL *, const void *, int))dlsym(h, "SSL_write");
	io_real.pending = (int (*)(const SSL *))dlsym(h, "SSL_pending");
	io_real.get_error = (int (*)(const SSL *, int))dlsym(h, "SSL_get_error");
	io_real.free = (void (*)(SSL *))dlsym(h, "SSL_free");
	io_real.read = (int (*)(SSL *, void *, int))dlsym(h, "SSL_read");
	/* dlopen's reference is kept: libssl.so.3 stays loaded as long as we do */
	return io_real.read != NULL && io_real.free != NULL && io_real.set_fd != NULL &&
	                       io_real.accept != NULL && io_real.write != NULL &&
	                       io_real.pending != NULL && io_real.get_error != NULL
	               ? 0
	               : -1;
}

const struct compat_io_real *
compat_io_install(const struct compat_io_hooks *hooks)
{
	if (io_resolve() == -1)
		return NULL;
	io_hooks = *hooks;
	return &io_real;
}

int
SSL_set_fd(SSL *ssl, int fd)
{
	if (io_hooks.set_fd != NULL)
		return io_hooks.set_fd(ssl, fd);
	return io_resolve() == 0 ? io_real.set_fd(ssl, fd) : 0;
}

int
SSL_accept(SSL *ssl)
{
	if (io_hooks.accept != NULL)
		return io_hooks.accept(ssl);
	return io_resolve() == 0 ? io_real.accept(ssl) : -1;
}

int
SSL_read(SSL *ssl, void *buf, int num)
{
	if (io_hooks.read != NULL)
		return io_hooks.read(ssl, buf, num);
	return io_resolve() == 0 ? io_real.read(ssl, buf, num) : -1;
}

int
SSL_pending(const SSL *ssl)
{
	if (io_hooks.pending != NULL)
		return io_hooks.pending(ssl);
	return io_resolve() == 0 ? io_real.pending(ssl) : 0;
}

int
SSL_get_error(const SSL *ssl, int ret)
{
	if (io_hooks.get_error != NULL)
		return io_hooks.get_error(ssl, ret);
	return io_resolve() == 0 ? io_real.get_error(ssl, ret) : SSL_ERROR_SSL;
}

void
SSL_free(SSL *ssl)
{
	if (io_hooks.free != NULL)
		io_hooks.free(ssl);
	else if (io_resolve() == 0)
		io_real.free(ssl);
}
