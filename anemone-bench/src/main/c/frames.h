/*
 * WebSocket frames (RFC 6455 section 5): writing the client's masked frames, and reading the
 * server's unmasked ones from a byte stream that may split a frame anywhere or hold several.
 */
#ifndef ANEMONE_LOAD_FRAMES_H
#define ANEMONE_LOAD_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    OP_CONTINUATION = 0x0,
    OP_TEXT = 0x1,
    OP_BINARY = 0x2,
    OP_CLOSE = 0x8,
    OP_PING = 0x9,
    OP_PONG = 0xA
};

/* The longest header a client frame has: 2 bytes, an 8-byte length and a 4-byte mask key. */
#define FRAME_MAX_HEADER 14

/* Bytes a masked client frame of `payload_length` takes on the wire. */
size_t frame_size(size_t payload_length);

/*
 * Writes one final, masked frame of `payload` to `out` (frame_size(length) bytes of room), the
 * payload masked with `mask_key`; returns the bytes written.
 */
size_t frame_write(uint8_t *out, int opcode, const uint8_t *payload, size_t length, uint32_t mask_key);

/* What the reader found next in the server's stream. */
typedef enum {
    FRAME_NEED_MORE,  /* nothing complete yet: read more and call again with what is left */
    FRAME_MESSAGE,    /* the last frame of a data message: opcode and length are the message's */
    FRAME_CONTROL,    /* a whole control frame, payload pointing into the caller's buffer */
    FRAME_INVALID     /* the server broke the protocol; error says how */
} frame_event_kind;

typedef struct {
    frame_event_kind kind;
    int opcode;
    uint64_t length;
    const uint8_t *payload;
    const char *error;
} frame_event;

/*
 * The reader's state between calls. A data frame's payload is skipped as it arrives, so the
 * caller never needs room for a whole message: only a header (at most 14 bytes) or a control
 * frame (at most 127) must sit in its buffer in one piece.
 */
typedef struct {
    uint64_t payload_left;    /* bytes of the current data frame's payload not yet seen */
    bool in_frame;            /* inside a data frame's payload */
    bool final_frame;         /* the current data frame ends its message */
    int message_opcode;       /* text or binary while a message is under way, else 0 */
    uint64_t message_length;  /* payload bytes of the message so far */
} frame_reader;

/*
 * Reads from data[0, length) up to the next event, and returns how many bytes it consumed; the
 * caller drops those and calls again (with the rest, plus whatever it reads next) until the
 * event is FRAME_NEED_MORE.
 */
size_t frame_next(frame_reader *reader, const uint8_t *data, size_t length, frame_event *event);

#endif
