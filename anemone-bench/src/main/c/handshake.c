#define _GNU_SOURCE
#include "handshake.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

static const char GUID[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

size_t handshake_request(handshake *hs, char *out, size_t capacity, const char *path, int port) {
    unsigned char nonce[16];
    if (getrandom(nonce, sizeof nonce, 0) != (ssize_t) sizeof nonce) {
        return 0;
    }
    char key[25];
    EVP_EncodeBlock((unsigned char *) key, nonce, sizeof nonce);

    /* The accept key the server must answer with: base64(SHA-1(key + GUID)). */
    char keyed[sizeof key + sizeof GUID];
    int keyed_length = snprintf(keyed, sizeof keyed, "%s%s", key, GUID);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    if (!EVP_Digest(keyed, (size_t) keyed_length, digest, &digest_length, EVP_sha1(), NULL)) {
        return 0;
    }
    EVP_EncodeBlock((unsigned char *) hs->expected_accept, digest, (int) digest_length);

    int written = snprintf(out, capacity,
            "GET %s HTTP/1.1\r\n"
            "Host: 127.0.0.1:%d\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "\r\n", path, port, key);
    return written > 0 && (size_t) written < capacity ? (size_t) written : 0;
}

/* The end of the head (just past its blank line) in data[0, length), or 0. */
static size_t head_end(const uint8_t *data, size_t length) {
    for (size_t i = 3; i < length; i++) {
        if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
            return i + 1;
        }
    }
    return 0;
}

ssize_t handshake_check(const handshake *hs, const uint8_t *data, size_t length, char *error, size_t error_capacity) {
    size_t head_length = head_end(data, length);
    if (head_length == 0) {
        return 0;
    }
    const char *head = (const char *) data;
    const char *line_end = memchr(head, '\r', head_length);
    if (head_length < 12 || memcmp(head, "HTTP/1.1 101", 12) != 0) {
        snprintf(error, error_capacity, "not upgraded: %.*s", (int) (line_end - head), head);
        return -1;
    }
    /* Header lines, each ending in CRLF, up to the blank line; names are case-insensitive. */
    static const char NAME[] = "Sec-WebSocket-Accept:";
    for (const char *line = line_end + 2; line < head + head_length - 2; ) {
        const char *end = memchr(line, '\r', (size_t) (head + head_length - line));
        if (end - line > (ptrdiff_t) (sizeof NAME - 1) && strncasecmp(line, NAME, sizeof NAME - 1) == 0) {
            const char *value = line + sizeof NAME - 1;
            while (value < end && (*value == ' ' || *value == '\t')) {
                value++;
            }
            const char *value_end = end;
            while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t')) {
                value_end--;
            }
            size_t value_length = (size_t) (value_end - value);
            if (value_length != strlen(hs->expected_accept) || memcmp(value, hs->expected_accept, value_length) != 0) {
                snprintf(error, error_capacity, "wrong Sec-WebSocket-Accept: %.*s", (int) value_length, value);
                return -1;
            }
            return (ssize_t) head_length;
        }
        line = end + 2;
    }
    snprintf(error, error_capacity, "no Sec-WebSocket-Accept in the 101 response");
    return -1;
}
