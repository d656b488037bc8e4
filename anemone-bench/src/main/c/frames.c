#include "frames.h"

#include <string.h>

size_t frame_size(size_t payload_length) {
    size_t length_bytes = payload_length < 126 ? 0 : payload_length <= 0xFFFF ? 2 : 8;
    return 2 + length_bytes + 4 + payload_length;
}

/* XORs data with the 4-byte key eight bytes at a time (gcc vectorises the loop further). */
static void mask_copy(uint8_t *out, const uint8_t *data, size_t length, const uint8_t key[4]) {
    uint8_t key8[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    uint64_t mask;
    memcpy(&mask, key8, 8);
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word;
        memcpy(&word, data + i, 8);
        word ^= mask;
        memcpy(out + i, &word, 8);
    }
    for (; i < length; i++) {
        out[i] = data[i] ^ key[i & 3];
    }
}

size_t frame_write(uint8_t *out, int opcode, const uint8_t *payload, size_t length, uint32_t mask_key) {
    uint8_t *at = out;
    *at++ = (uint8_t) (0x80 | opcode);  /* FIN, no RSV bits: every message is one frame */
    if (length < 126) {
        *at++ = (uint8_t) (0x80 | length);
    } else if (length <= 0xFFFF) {
        *at++ = 0x80 | 126;
        *at++ = (uint8_t) (length >> 8);
        *at++ = (uint8_t) length;
    } else {
        *at++ = 0x80 | 127;
        for (int shift = 56; shift >= 0; shift -= 8) {
            *at++ = (uint8_t) ((uint64_t) length >> shift);
        }
    }
    uint8_t key[4];
    memcpy(key, &mask_key, 4);
    memcpy(at, key, 4);
    at += 4;
    mask_copy(at, payload, length, key);
    return (size_t) (at - out) + length;
}

static size_t invalid(frame_event *event, const char *why) {
    event->kind = FRAME_INVALID;
    event->error = why;
    return 0;
}

size_t frame_next(frame_reader *reader, const uint8_t *data, size_t length, frame_event *event) {
    size_t used = 0;
    for (;;) {
        if (reader->in_frame) {
            size_t skip = reader->payload_left < length - used ? (size_t) reader->payload_left : length - used;
            used += skip;
            reader->payload_left -= skip;
            if (reader->payload_left > 0) {
                event->kind = FRAME_NEED_MORE;
                return used;
            }
            reader->in_frame = false;
            if (reader->final_frame) {
                event->kind = FRAME_MESSAGE;
                event->opcode = reader->message_opcode;
                event->length = reader->message_length;
                reader->message_opcode = 0;
                reader->message_length = 0;
                return used;
            }
        }

        /* A header: 2 bytes, then 0, 2 or 8 of length; a server never masks. */
        const uint8_t *header = data + used;
        size_t available = length - used;
        if (available < 2) {
            event->kind = FRAME_NEED_MORE;
            return used;
        }
        bool final_frame = header[0] & 0x80;
        int opcode = header[0] & 0x0F;
        if (header[0] & 0x70) {
            return invalid(event, "a frame with RSV bits set (no extension was agreed)");
        }
        if (header[1] & 0x80) {
            return invalid(event, "a masked frame from the server");
        }
        uint64_t payload_length = header[1] & 0x7F;
        size_t header_length = 2;
        if (payload_length == 126 || payload_length == 127) {
            size_t length_bytes = payload_length == 126 ? 2 : 8;
            if (available < 2 + length_bytes) {
                event->kind = FRAME_NEED_MORE;
                return used;
            }
            payload_length = 0;
            for (size_t i = 0; i < length_bytes; i++) {
                payload_length = payload_length << 8 | header[2 + i];
            }
            header_length += length_bytes;
        }

        if (opcode >= OP_CLOSE) {
            if (!final_frame || payload_length > 125) {
                return invalid(event, "a fragmented or oversized control frame");
            }
            if (available < header_length + payload_length) {
                event->kind = FRAME_NEED_MORE;
                return used;
            }
            event->kind = FRAME_CONTROL;
            event->opcode = opcode;
            event->length = payload_length;
            event->payload = header + header_length;
            return used + header_length + (size_t) payload_length;
        }

        if (opcode == OP_CONTINUATION ? reader->message_opcode == 0 : reader->message_opcode != 0) {
            return invalid(event, "a continuation frame out of place");
        }
        if (opcode != OP_CONTINUATION && opcode != OP_TEXT && opcode != OP_BINARY) {
            return invalid(event, "a frame with an unknown opcode");
        }
        if (opcode != OP_CONTINUATION) {
            reader->message_opcode = opcode;
        }
        used += header_length;
        reader->in_frame = true;
        reader->final_frame = final_frame;
        reader->payload_left = payload_length;
        reader->message_length += payload_length;
        /* The loop skips the payload, or ends the message at once if it is empty. */
    }
}
