#define _GNU_SOURCE
#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char last_error[256];

const char *transport_error(void) {
    return last_error;
}

static ssize_t failed(const char *what, const char *detail) {
    snprintf(last_error, sizeof last_error, "%s: %s", what, detail);
    return TRANSPORT_FAILED;
}

SSL_CTX *transport_tls_context(void) {
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (context == NULL || !SSL_CTX_set_min_proto_version(context, TLS1_3_VERSION)) {
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    /* One suite for every server: OpenSSL servers take the client's order and the JDK's their own,
     * so left to themselves uWebSockets and Netty would run AES-256-GCM and Anemone AES-128-GCM. */
    if (!SSL_CTX_set_ciphersuites(context, BENCH_CIPHER_SUITE)) {
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    SSL_CTX_set_verify(context, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_read_ahead(context, 1);
    /* The output buffer may move (it grows) between a write that would block and its retry. */
    SSL_CTX_set_mode(context, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    /* Every connection pays a full handshake, as the Java generator's do. */
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    return context;
}

bool transport_connect(transport *t, int port) {
    t->ssl = NULL;
    t->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (t->fd < 0) {
        failed("socket", strerror(errno));
        return false;
    }
    /* Small frames must leave at once, not wait for Nagle. */
    int one = 1;
    setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(t->fd, (struct sockaddr *) &address, sizeof address) < 0 && errno != EINPROGRESS) {
        failed("connect", strerror(errno));
        return false;
    }
    return true;
}

bool transport_connected(transport *t) {
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) {
        error = errno;
    }
    if (error != 0) {
        failed("connect", strerror(error));
        return false;
    }
    return true;
}

/*
 * OpenSSL reports a failure through the thread's error queue and errno: both are cleared before
 * each call, so that what tls_status finds is about that call.
 */
static void tls_call_begins(void) {
    ERR_clear_error();
    errno = 0;
}

/* Maps an OpenSSL result that is not a byte count to the transport's codes. */
static ssize_t tls_status(transport *t, int result, const char *what) {
    int code = SSL_get_error(t->ssl, result);
    switch (code) {
        case SSL_ERROR_WANT_READ:
            return TRANSPORT_WANT_READ;
        case SSL_ERROR_WANT_WRITE:
            return TRANSPORT_WANT_WRITE;
        case SSL_ERROR_ZERO_RETURN:
            return failed(what, "the server closed TLS");
        case SSL_ERROR_SYSCALL:
            return failed(what, errno != 0 ? strerror(errno) : "the server closed the connection");
        default: {
            char detail[160];
            ERR_error_string_n(ERR_get_error(), detail, sizeof detail);
            ERR_clear_error();
            return failed(what, detail);
        }
    }
}

int transport_handshake(transport *t, SSL_CTX *context) {
    if (t->ssl == NULL) {
        t->ssl = SSL_new(context);
        if (t->ssl == NULL || !SSL_set_fd(t->ssl, t->fd) || !SSL_set_tlsext_host_name(t->ssl, "localhost")) {
            return (int) failed("TLS", "cannot set up the connection");
        }
    }
    tls_call_begins();
    int result = SSL_connect(t->ssl);
    return result == 1 ? 1 : (int) tls_status(t, result, "TLS handshake");
}

ssize_t transport_read(transport *t, void *buffer, size_t capacity) {
    if (t->ssl != NULL) {
        tls_call_begins();
        int result = SSL_read(t->ssl, buffer, (int) capacity);
        return result > 0 ? result : tls_status(t, result, "read");
    }
    ssize_t n = read(t->fd, buffer, capacity);
    if (n > 0) {
        return n;
    }
    if (n == 0) {
        return failed("read", "the server closed the connection");
    }
    return errno == EAGAIN || errno == EINTR ? TRANSPORT_WANT_READ : failed("read", strerror(errno));
}

bool transport_has_buffered(const transport *t) {
    return t->ssl != NULL && SSL_has_pending(t->ssl);
}

ssize_t transport_write(transport *t, const void *data, size_t length) {
    if (t->ssl != NULL) {
        tls_call_begins();
        int result = SSL_write(t->ssl, data, (int) length);
        return result > 0 ? result : tls_status(t, result, "write");
    }
    ssize_t n = write(t->fd, data, length);
    if (n >= 0) {
        return n == 0 ? TRANSPORT_WANT_WRITE : n;
    }
    return errno == EAGAIN || errno == EINTR ? TRANSPORT_WANT_WRITE : failed("write", strerror(errno));
}

void transport_close(transport *t) {
    if (t->ssl != NULL) {
        if (SSL_is_init_finished(t->ssl)) {
            SSL_shutdown(t->ssl);
        }
        SSL_free(t->ssl);
        t->ssl = NULL;
    }
    if (t->fd >= 0) {
        close(t->fd);
        t->fd = -1;
    }
}
