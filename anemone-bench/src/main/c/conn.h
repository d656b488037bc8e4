/*
 * One WebSocket client connection of the echo load, and the run they share: connect, TLS
 * handshake, upgrade, then keep `depth` messages in flight, counting each echo and timing it
 * from the moment its message was written out.
 */
#ifndef ANEMONE_LOAD_CONN_H
#define ANEMONE_LOAD_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "frames.h"
#include "handshake.h"
#include "histogram.h"
#include "transport.h"

/* What every connection does, and what they count together. One thread: no locks. */
typedef struct {
    int port;
    const char *path;
    SSL_CTX *tls;              /* NULL in the clear */
    int depth;                 /* messages in flight per connection */
    int opcode;                /* OP_TEXT or OP_BINARY */
    const uint8_t *payload;
    size_t payload_length;
    int epoll_fd;
    bool sending;              /* after GO */
    uint64_t mask_state;       /* xorshift state for the frames' mask keys */

    int opened;                /* connections upgraded */
    uint64_t messages;         /* echoes received that matched what was sent */
    uint64_t errors;           /* wrong echoes, and connections lost after opening */
    histogram latency;         /* send to echo, nanoseconds, since the last snapshot */
    char open_failure[320];    /* set when a connection fails before it opened */
} echo_run;

/*
 * What a connection keeps of a read between reads: a partial upgrade response, frame header or
 * control frame. Data frames' payloads are skipped as they arrive, so they need no room.
 */
#define CONN_CARRY_CAPACITY 4096

typedef enum { CONN_CONNECTING, CONN_TLS_HANDSHAKE, CONN_UPGRADING, CONN_OPEN, CONN_CLOSED } conn_state;

typedef struct {
    int id;
    transport transport;
    conn_state state;
    handshake handshake;
    uint32_t interest;         /* the epoll events asked for */
    uint8_t carry[CONN_CARRY_CAPACITY];  /* bytes read and not yet consumed: a partial head or header */
    size_t carry_length;
    uint8_t *out;              /* frames owed to the socket, from out_start to out_length */
    size_t out_start, out_length, out_capacity;
    frame_reader reader;
    uint64_t *sent_at;         /* ring of send times of the messages in flight, oldest first */
    unsigned oldest, in_flight;
    unsigned owed;             /* messages to send at the next flush */
} conn;

static inline uint64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t) now.tv_sec * 1000000000u + (uint64_t) now.tv_nsec;
}

/* Starts connecting (registered with the run's epoll, data.ptr = c); false on failure. */
bool conn_start(conn *c, int id, echo_run *run);

/* Handles what epoll reported for c. A failure is recorded in the run (see echo_run). */
void conn_event(conn *c, echo_run *run, uint32_t events);

/* Puts `depth` messages in flight on an open connection (the run's GO). */
void conn_go(conn *c, echo_run *run);

#endif
