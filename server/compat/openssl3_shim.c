/*
 * civetweb 1.15 on OpenSSL 3: the one missing symbol (docs/architecture.md fact 1).
 *
 * Debian builds civetweb against the OpenSSL 1.1 API and, at run time,
 * dlopen()s "libssl.so" and looks up SSL_get_peer_certificate by name.
 * OpenSSL 3 renamed that function to SSL_get1_peer_certificate and keeps the
 * old name only as a macro, so the lookup fails and civetweb crashes right
 * after the first handshake (upstream civetweb issue 1334).
 *
 * This file is built as a tiny shared library whose SONAME is "libssl.so",
 * linked against libssl.so.3. https_server lists it as a NEEDED library and
 * finds it through its run path ($ORIGIN/compat). When civetweb then calls
 * dlopen("libssl.so"), glibc returns this already loaded library, and every
 * dlsym() through that handle reaches libssl.so.3 (a dependency), except the
 * one name defined here.
 */
#include <openssl/ssl.h>

/* OpenSSL 3 defines the old name as a macro for the new one. */
#undef SSL_get_peer_certificate

X509 *SSL_get_peer_certificate(const SSL *ssl);

/* Same reference semantics as before OpenSSL 3: the caller frees the result. */
X509 *
SSL_get_peer_certificate(const SSL *ssl)
{
	return SSL_get1_peer_certificate(ssl);
}
