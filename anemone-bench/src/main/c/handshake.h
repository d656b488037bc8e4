/*
 * The client's side of the opening handshake (RFC 6455 section 4.1): a GET with a random
 * Sec-WebSocket-Key, and the check of the answer (status 101, the matching accept key).
 */
#ifndef ANEMONE_LOAD_HANDSHAKE_H
#define ANEMONE_LOAD_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
    char expected_accept[29];  /* base64 of a SHA-1: 28 characters */
} handshake;

/*
 * Writes the upgrade request for `path` on 127.0.0.1:`port` into out (room for `capacity`
 * bytes) with a fresh key, remembering the accept key it asks for; returns its length, or 0 if
 * it does not fit.
 */
size_t handshake_request(handshake *hs, char *out, size_t capacity, const char *path, int port);

/*
 * Checks the server's answer in data[0, length): returns the length of the response head when
 * it is complete and right, 0 when it is not complete yet, -1 when it is wrong (error then says
 * why, in at most `error_capacity` bytes).
 */
ssize_t handshake_check(const handshake *hs, const uint8_t *data, size_t length, char *error, size_t error_capacity);

#endif
