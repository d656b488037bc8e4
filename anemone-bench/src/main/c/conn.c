#define _GNU_SOURCE
#include "conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

/*
 * One thread, so one read buffer serves every connection: its carry (what the previous read
 * left unconsumed) goes first, then as much as the socket holds, up to this much a call.
 */
#define READ_CAPACITY (256 * 1024)
static uint8_t read_buffer[CONN_CARRY_CAPACITY + READ_CAPACITY];
/* Lost connections are counted as errors; the first few also go to stderr, for the log. */
#define ERRORS_LOGGED 5

static uint32_t next_mask_key(echo_run *run) {
    /* xorshift64: a fresh mask key per frame costs three shifts. */
    uint64_t x = run->mask_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    run->mask_state = x;
    return (uint32_t) (x >> 16);
}

static void want(conn *c, echo_run *run, uint32_t events) {
    if (c->interest != events) {
        struct epoll_event event = {.events = events, .data.ptr = c};
        epoll_ctl(run->epoll_fd, EPOLL_CTL_MOD, c->transport.fd, &event);
        c->interest = events;
    }
}

/*
 * Before OPEN a failure fails the whole run (the harness gets ERROR); after it, the connection
 * is counted as an error and dropped while the others go on.
 */
static void fail(conn *c, echo_run *run, const char *why) {
    if (c->state != CONN_OPEN) {
        snprintf(run->open_failure, sizeof run->open_failure, "connection %d: %s", c->id, why);
    } else {
        run->errors++;
        if (run->errors <= ERRORS_LOGGED) {
            fprintf(stderr, "anemone-load: connection %d lost: %s\n", c->id, why);
        }
    }
    epoll_ctl(run->epoll_fd, EPOLL_CTL_DEL, c->transport.fd, NULL);
    transport_close(&c->transport);
    c->state = CONN_CLOSED;
}

static bool reserve_out(conn *c, size_t more) {
    if (c->out_length + more <= c->out_capacity) {
        return true;
    }
    size_t capacity = c->out_capacity * 2 > c->out_length + more ? c->out_capacity * 2 : c->out_length + more;
    uint8_t *out = realloc(c->out, capacity);
    if (out == NULL) {
        return false;
    }
    c->out = out;
    c->out_capacity = capacity;
    return true;
}

/*
 * Adds the messages owed to the output, each with its send time in the ring, and writes all the
 * output in one call where the socket takes it; what it does not take waits for EPOLLOUT.
 */
static void flush(conn *c, echo_run *run) {
    if (run->sending && c->state == CONN_OPEN && c->owed > 0) {
        if (!reserve_out(c, c->owed * frame_size(run->payload_length))) {
            fail(c, run, "out of memory");
            return;
        }
        uint64_t now = monotonic_ns();
        for (; c->owed > 0; c->owed--) {
            c->sent_at[(c->oldest + c->in_flight) % (unsigned) run->depth] = now;
            c->in_flight++;
            c->out_length += frame_write(c->out + c->out_length, run->opcode, run->payload, run->payload_length,
                    next_mask_key(run));
        }
    }
    while (c->out_start < c->out_length) {
        ssize_t n = transport_write(&c->transport, c->out + c->out_start, c->out_length - c->out_start);
        if (n == TRANSPORT_FAILED) {
            fail(c, run, transport_error());
            return;
        }
        if (n <= 0) {
            break;
        }
        c->out_start += (size_t) n;
    }
    if (c->out_start == c->out_length) {
        c->out_start = c->out_length = 0;
    }
    want(c, run, EPOLLIN | (c->out_length > 0 ? EPOLLOUT : 0));
}

static void upgrade(conn *c, echo_run *run) {
    char request[1024];
    size_t length = handshake_request(&c->handshake, request, sizeof request, run->path, run->port);
    if (length == 0 || !reserve_out(c, length)) {
        fail(c, run, "cannot make the upgrade request");
        return;
    }
    memcpy(c->out + c->out_length, request, length);
    c->out_length += length;
    c->state = CONN_UPGRADING;
    flush(c, run);
}

static void tls_handshake(conn *c, echo_run *run) {
    int result = transport_handshake(&c->transport, run->tls);
    if (result == 1) {
        upgrade(c, run);
    } else if (result == TRANSPORT_FAILED) {
        fail(c, run, transport_error());
    } else {
        want(c, run, result == TRANSPORT_WANT_WRITE ? EPOLLIN | EPOLLOUT : EPOLLIN);
    }
}

/* An echo came back: its message is the oldest in flight (a server answers in order). */
static void echoed(conn *c, echo_run *run, const frame_event *event, uint64_t now) {
    if (c->in_flight == 0) {
        run->errors++;
        return;
    }
    uint64_t sent = c->sent_at[c->oldest];
    c->oldest = (c->oldest + 1) % (unsigned) run->depth;
    c->in_flight--;
    c->owed++;
    if (event->opcode != run->opcode || event->length != run->payload_length) {
        run->errors++;
        return;
    }
    run->messages++;
    histogram_record(&run->latency, now - sent);
}

static void control(conn *c, echo_run *run, const frame_event *event) {
    if (event->opcode == OP_PING) {
        /* Answered at the next flush, with the ping's payload as RFC 6455 asks. */
        if (reserve_out(c, frame_size(event->length))) {
            c->out_length += frame_write(c->out + c->out_length, OP_PONG, event->payload, event->length,
                    next_mask_key(run));
        }
    } else if (event->opcode == OP_CLOSE) {
        char why[64];
        int code = event->length >= 2 ? event->payload[0] << 8 | event->payload[1] : 1005;
        snprintf(why, sizeof why, "the server sent close %d", code);
        fail(c, run, why);
    }
}

/*
 * Takes what was read, data[0, length): first the upgrade response, then frames. Sets *used to
 * the bytes consumed; false if the connection failed.
 */
static bool consume(conn *c, echo_run *run, const uint8_t *data, size_t length, uint64_t now, size_t *used) {
    size_t at = 0;
    *used = 0;
    if (c->state == CONN_UPGRADING) {
        char error[256];
        ssize_t head = handshake_check(&c->handshake, data, length, error, sizeof error);
        if (head < 0) {
            fail(c, run, error);
            return false;
        }
        if (head == 0) {
            return true;
        }
        at = (size_t) head;
        c->state = CONN_OPEN;
        run->opened++;
        if (run->sending) {
            c->owed += (unsigned) run->depth;
        }
    }
    for (;;) {
        frame_event event;
        at += frame_next(&c->reader, data + at, length - at, &event);
        if (event.kind == FRAME_NEED_MORE) {
            break;
        }
        if (event.kind == FRAME_INVALID) {
            fail(c, run, event.error);
            return false;
        }
        if (event.kind == FRAME_MESSAGE) {
            echoed(c, run, &event, now);
        } else {
            control(c, run, &event);
            if (c->state == CONN_CLOSED) {
                return false;
            }
        }
    }
    *used = at;
    return true;
}

/* Reads what the socket (and TLS's read-ahead) holds, consumes it, then flushes the echoes owed. */
static void receive(conn *c, echo_run *run) {
    for (;;) {
        memcpy(read_buffer, c->carry, c->carry_length);
        ssize_t n = transport_read(&c->transport, read_buffer + c->carry_length, READ_CAPACITY);
        if (n == TRANSPORT_FAILED) {
            fail(c, run, transport_error());
            return;
        }
        if (n <= 0) {
            break;
        }
        size_t length = c->carry_length + (size_t) n;
        size_t used;
        if (!consume(c, run, read_buffer, length, monotonic_ns(), &used)) {
            return;
        }
        if (length - used > CONN_CARRY_CAPACITY) {
            fail(c, run, "an upgrade response head too long");
            return;
        }
        c->carry_length = length - used;
        memcpy(c->carry, read_buffer + used, c->carry_length);
        /* A short read emptied the socket; more would cost a read(2) that finds nothing. */
        if ((size_t) n < READ_CAPACITY && !transport_has_buffered(&c->transport)) {
            break;
        }
    }
    flush(c, run);
}

bool conn_start(conn *c, int id, echo_run *run) {
    memset(c, 0, sizeof *c);
    c->id = id;
    c->sent_at = calloc((size_t) run->depth, sizeof *c->sent_at);
    if (c->sent_at == NULL) {
        snprintf(run->open_failure, sizeof run->open_failure, "connection %d: out of memory", id);
        return false;
    }
    if (!transport_connect(&c->transport, run->port)) {
        snprintf(run->open_failure, sizeof run->open_failure, "connection %d: %s", id, transport_error());
        return false;
    }
    c->state = CONN_CONNECTING;
    c->interest = EPOLLOUT;
    struct epoll_event event = {.events = c->interest, .data.ptr = c};
    if (epoll_ctl(run->epoll_fd, EPOLL_CTL_ADD, c->transport.fd, &event) < 0) {
        snprintf(run->open_failure, sizeof run->open_failure, "connection %d: epoll_ctl failed", id);
        return false;
    }
    return true;
}

void conn_event(conn *c, echo_run *run, uint32_t events) {
    switch (c->state) {
        case CONN_CONNECTING:
            if (!transport_connected(&c->transport)) {
                fail(c, run, transport_error());
            } else if (run->tls != NULL) {
                c->state = CONN_TLS_HANDSHAKE;
                tls_handshake(c, run);
            } else {
                upgrade(c, run);
            }
            return;
        case CONN_TLS_HANDSHAKE:
            tls_handshake(c, run);
            return;
        case CONN_UPGRADING:
        case CONN_OPEN:
            if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                receive(c, run);  /* flushes too */
            } else {
                flush(c, run);
            }
            return;
        case CONN_CLOSED:
            return;
    }
}

void conn_go(conn *c, echo_run *run) {
    if (c->state == CONN_OPEN) {
        c->owed += (unsigned) run->depth;
        flush(c, run);
    }
}
