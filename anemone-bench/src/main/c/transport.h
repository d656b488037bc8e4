/*
 * Bytes over one non-blocking TCP connection, in the clear or through OpenSSL's TLS 1.3: the
 * rest of the generator reads and writes without knowing which.
 */
#ifndef ANEMONE_LOAD_TRANSPORT_H
#define ANEMONE_LOAD_TRANSPORT_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What a call could not finish for: wait for the socket to become readable or writable. */
#define TRANSPORT_WANT_READ 0
#define TRANSPORT_WANT_WRITE (-2)
/* The connection is closed or broken; transport_error() says how. */
#define TRANSPORT_FAILED (-1)

typedef struct {
    int fd;
    SSL *ssl;  /* NULL in the clear */
} transport;

/* The only TLS 1.3 suite the generators offer (the Java one too), so that every server runs it. */
#define BENCH_CIPHER_SUITE "TLS_AES_128_GCM_SHA256"

/*
 * A TLS 1.3 client context that offers BENCH_CIPHER_SUITE alone, verifies nothing (the bench's
 * certificate is made per run) and reads ahead, so that a record costs one read(2) rather than
 * two. NULL with a message on stderr if OpenSSL refuses.
 */
SSL_CTX *transport_tls_context(void);

/* Opens a non-blocking socket to 127.0.0.1:port, its connect under way; false on failure. */
bool transport_connect(transport *t, int port);

/* Whether the connect finished well (call when the socket became writable). */
bool transport_connected(transport *t);

/*
 * Moves the TLS handshake on (SNI "localhost"): 1 when done, TRANSPORT_WANT_READ or
 * TRANSPORT_WANT_WRITE when it waits for the socket, TRANSPORT_FAILED when it failed.
 */
int transport_handshake(transport *t, SSL_CTX *context);

/* Reads up to `capacity` bytes: the count, TRANSPORT_WANT_READ/WRITE, or TRANSPORT_FAILED. */
ssize_t transport_read(transport *t, void *buffer, size_t capacity);

/*
 * Whether bytes already taken off the socket wait to be read (TLS reads ahead): the socket will
 * not signal them again.
 */
bool transport_has_buffered(const transport *t);

/* Writes up to `length` bytes: the count, TRANSPORT_WANT_READ/WRITE, or TRANSPORT_FAILED. */
ssize_t transport_write(transport *t, const void *data, size_t length);

/* What the last TRANSPORT_FAILED was about. */
const char *transport_error(void);

/* Closes the socket (after a TLS close_notify if the handshake was done). */
void transport_close(transport *t);

#endif
