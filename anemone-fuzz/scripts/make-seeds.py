#!/usr/bin/env python3
"""Writes the hand-made seed corpus of the fuzz targets (run from anemone-fuzz/).

Each seed is laid out as dev.anemone.fuzz.FuzzInput reads it:
    [flags] [n] [n chunk sizes] [data]
and lands where jazzer-junit looks for it:
    src/test/resources/dev/anemone/fuzz/<TestClass>Inputs/<method>/<name>
Crash inputs that Jazzer writes next to them become regression seeds the same way.
Re-running this script rewrites only the files it names; other files are left alone.
"""
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                    "src", "test", "resources", "dev", "anemone", "fuzz")


def seed(test, method, name, flags, sizes, data):
    folder = os.path.join(ROOT, test + "Inputs", method)
    os.makedirs(folder, exist_ok=True)
    assert len(sizes) < 16
    with open(os.path.join(folder, name), "wb") as f:
        f.write(bytes([flags, len(sizes)] + list(sizes)) + data)


def frame(opcode, payload=b"", fin=True, rsv=0, key=None):
    b0 = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    mask_bit = 0x80 if key is not None else 0
    if n <= 125:
        head = bytes([b0, mask_bit | n])
    elif n <= 0xFFFF:
        head = bytes([b0, mask_bit | 126]) + struct.pack(">H", n)
    else:
        head = bytes([b0, mask_bit | 127]) + struct.pack(">Q", n)
    if key is None:
        return head + payload
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


KEY = bytes.fromhex("37fa213d")


def raw_deflate(data, level=9):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]


# ---------------------------------------------------------------- 1. frames
# flags: bits 0-1 role (0 SERVER, 1 CLIENT, 2 none), bit 2 RSV1 allowed, bit 3 direct, bit 4 little-endian,
# bit 5 offset, bits 6-7 engine limit (16 MiB, 125, 1, 1000). No chunk sizes: one byte at a time.
F = ("FrameDecoderFuzzTest", "frames")
seed(*F, "rfc6455-5.7-unmasked-text-hello", 1, [], bytes.fromhex("810548656c6c6f"))
seed(*F, "rfc6455-5.7-masked-text-hello", 0, [3, 5], bytes.fromhex("818537fa213d7f9f4d5158"))
seed(*F, "rfc6455-5.7-fragmented-unmasked-text", 1, [4], bytes.fromhex("010348656c8002 6c6f".replace(" ", "")))
seed(*F, "rfc6455-5.7-ping-then-masked-pong", 2, [], bytes.fromhex("890548656c6c6f8a8537fa213d7f9f4d5158"))
seed(*F, "rfc6455-5.7-256-byte-binary-little-endian", 1 | 0x10, [1, 200],
     bytes.fromhex("827e0100") + bytes(range(256)))
seed(*F, "rfc6455-5.7-64k-binary-header-direct", 1 | 0x08, [5],
     bytes.fromhex("827f0000000000010000") + bytes(range(16)))
seed(*F, "masked-close-1000-bye-at-offset", 0x20, [], frame(8, b"\x03\xe8bye", key=KEY))
seed(*F, "masked-fragments-utf8-split-ping-between", 0x18, [2, 7],
     frame(1, "κό".encode()[:3], fin=False, key=KEY) + frame(9, b"hb", key=KEY)
     + frame(0, "κόσμε".encode()[3:], key=KEY) + frame(8, b"\x03\xe8", key=KEY))
seed(*F, "masked-text-invalid-utf8-surrogate", 0, [9],
     frame(1, bytes.fromhex("cebae1bdb9cf83cebcceb5eda080656469746564"), key=KEY))
seed(*F, "unmasked-reserved-opcode-3", 1, [], bytes.fromhex("8300"))
seed(*F, "rsv1-allowed-on-decoder-not-engine", 1 | 0x04, [1], bytes.fromhex("c10161"))
seed(*F, "length-top-bit", 1, [3], bytes.fromhex("827f8000000000000000"))
seed(*F, "message-too-big-for-125-limit", 0x40, [60], frame(2, bytes(200), key=KEY))
seed(*F, "close-one-byte-payload", 0, [], frame(8, b"\x03", key=KEY))
seed(*F, "close-code-1005-on-wire", 1, [], frame(8, b"\x03\xed"))
seed(*F, "continuation-without-start", 0, [], frame(0, b"x", key=KEY))
seed(*F, "data-frame-inside-fragmented-message", 1, [2], frame(1, b"a", fin=False) + frame(2, b"b"))
seed(*F, "control-frame-126-bytes", 1, [], bytes.fromhex("897e007e") + bytes(126))

# ---------------------------------------------------------------- 2. handshake
# flags: bit 0 response (client side) rather than request; bits 1-2 limits (8 KiB/100, 64/4, 512/16, 16/1);
# bits 3-5 buffer style.
H = ("HandshakeFuzzTest", "handshake")
RFC_REQUEST = (b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n"
               b"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n")
seed(*H, "rfc6455-1.2-request-one-byte-at-a-time", 0, [], RFC_REQUEST)
seed(*H, "request-with-deflate-offer-and-frame-behind", 0x08, [17],
     RFC_REQUEST[:-2] + b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, "
     b"permessage-deflate; server_no_context_takeover; client_max_window_bits=10, x-webkit-deflate-frame\r\n\r\n"
     + bytes.fromhex("818537fa213d7f9f4d5158"))
seed(*H, "request-content-length-1000000000", 0, [64], RFC_REQUEST[:-2] + b"Content-Length: 1000000000\r\n\r\n")
seed(*H, "request-101-header-lines-over-default-limit", 0, [255, 13],
     b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 101 + b"\r\n")
seed(*H, "request-over-64-byte-limit", 2, [10], RFC_REQUEST)
seed(*H, "request-leading-crlf-bare-lf", 0x10, [5, 1],
     b"\r\n\n" + RFC_REQUEST.replace(b"\r\n", b"\n"))
seed(*H, "request-commas-in-protocol", 0x20, [200],
     RFC_REQUEST[:-2] + b"Sec-WebSocket-Protocol: " + b", " * 1000 + b"\r\n\r\n")
seed(*H, "request-post-http10-version-12", 4, [], b"POST /chat HTTP/1.0\r\nHost: x\r\n\r\n")
seed(*H, "request-http2-version-505", 0, [9], RFC_REQUEST.replace(b" HTTP/1.1\r\n", b" HTTP/2.0\r\n"))
seed(*H, "request-http1-10-version-400", 0, [], RFC_REQUEST.replace(b" HTTP/1.1\r\n", b" HTTP/1.10\r\n"))
seed(*H, "request-line-over-64-byte-limit-414", 2, [7],
     b"\r\n" + RFC_REQUEST.replace(b"GET /chat", b"GET /chat?" + b"q" * 60))
seed(*H, "request-line-fits-64-byte-limit-then-431", 2 | 0x08, [3, 250],
     b"GET /" + b"q" * 48 + b" HTTP/1.1\r\nHost: h\r\n\r\n")
seed(*H, "request-obs-fold-and-space-before-colon", 0, [30],
     b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\nX-A : b\r\n\r\n")
ACCEPT = b"wY+hEWcpxmtrxnaHTn25z3fy1/k="   # for the key that new SplittableRandom(42) gives
seed(*H, "response-101-for-the-fuzz-client-key", 1, [],
     b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
     + ACCEPT + b"\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate; "
     b"client_no_context_takeover; client_max_window_bits=12\r\n\r\n")
seed(*H, "response-101-bad-extension-answer", 1 | 0x08, [7],
     b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
     + ACCEPT + b"\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15; foo\r\n\r\n")
seed(*H, "response-426-with-body", 1, [40],
     b"HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 5\r\n\r\nhello")
seed(*H, "response-101-wrong-accept", 1, [],
     b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
     b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")

# ---------------------------------------------------------------- 3. UTF-8
# flags: bit 3 direct, bit 4 little-endian, bit 5 offset in 0xFF junk. Chunk sizes are the split points.
U = ("Utf8ValidatorFuzzTest", "validate")
seed(*U, "kosme-byte-by-byte", 0, [], "κόσμε".encode())
seed(*U, "boundaries-split-inside-sequences", 0x10, [3, 2],
     bytes.fromhex("7f c280 dfbf e0a080 efbfbf f0908080 f48fbfbf".replace(" ", "")))
seed(*U, "surrogate-ed-a0-80", 0, [1], bytes.fromhex("6162eda080"))
seed(*U, "overlongs", 0, [2], bytes.fromhex("c0af"))
seed(*U, "overlong-3-byte", 0x08, [1], bytes.fromhex("e080af"))
seed(*U, "overlong-4-byte", 0, [2], bytes.fromhex("f08080af"))
seed(*U, "above-u10ffff", 0, [3], bytes.fromhex("f4908080"))
seed(*U, "f5-to-ff", 0, [], bytes.fromhex("41f5"))
seed(*U, "truncated-at-end", 0x20, [1, 1], bytes.fromhex("41e282"))
seed(*U, "lone-continuation", 0, [4], bytes.fromhex("41424380"))
seed(*U, "ascii-fast-path-then-euro-at-offset-le", 0x38, [9, 64],
     b"The quick brown fox jumps over the lazy dog, 0123456789 abcdefgh" + "€".encode() + b"x" * 20)
seed(*U, "noncharacters-fffe-10ffff", 0, [5], "\ufffe\U0010ffff".encode())

# ---------------------------------------------------------------- 4. deflate
# inflate flags: bit 0 CLIENT receiver (unmasked), bits 1-2 agreement, bits 3-5 style.
# data: frames [control][length][payload], control bit 7 FIN, bit 6 RSV1, bits 0-1 (cont, text, binary, ping).
D = ("DeflateFuzzTest", "inflate")


def f(control, payload):
    assert len(payload) < 256
    return bytes([control, len(payload)]) + payload


HELLO = bytes.fromhex("f248cdc9c90700")  # RFC 7692 section 7.2.3.1
seed(*D, "rfc7692-7.2.3.1-hello", 0, [], f(0xC1, HELLO))
seed(*D, "rfc7692-7.2.3.1-hello-fragmented", 0, [3], f(0x41, HELLO[:3]) + f(0x80, HELLO[3:]))
seed(*D, "rfc7692-7.2.3.2-shared-window", 0, [6], f(0xC1, HELLO) + f(0xC1, bytes.fromhex("f200110000")))
seed(*D, "rfc7692-7.2.3.3-no-compression", 1, [2], f(0xC1, bytes.fromhex("0005 00faff 48656c6c6f 00".replace(" ", ""))))
seed(*D, "rfc7692-7.2.3.4-bfinal", 2, [], f(0xC1, bytes.fromhex("f348cdc9c9070000")))
seed(*D, "bomb-100k-zeros-over-64k-limit", 0x08, [50], f(0xC2, raw_deflate(bytes(100_000))))
seed(*D, "garbage-does-not-inflate", 0, [], f(0xC2, bytes.fromhex("ffff00")))
seed(*D, "compressed-invalid-utf8-text", 0x10, [1], f(0xC1, raw_deflate(bytes.fromhex("6f6beda080"))))
seed(*D, "client-unmasked-binary-with-ping-between-fragments", 1 | 0x20, [4],
     f(0x42, raw_deflate(b"binary " * 30)[:10]) + f(0x03, b"ping") + f(0x80, raw_deflate(b"binary " * 30)[10:]))

# roundTrip flags: bit 0 server sends, bit 1 client_no_context_takeover, bit 2 server_no_context_takeover,
# bits 3-5 style, bit 6 threshold 0, bit 7 server keeps context. data[0]: window bits (client 0-2, server 3-5),
# fragment size (bits 6-7). Then messages [control][length][piece]: piece repeated (control & 0x1F)^2 * 64 times,
# bit 5 text.
R = ("DeflateFuzzTest", "roundTrip")
seed(*R, "hello-then-64-hellos-threshold-0", 0x40, [], bytes([0x3F]) + f(0x20, b"Hello") + f(0x21, b"Hello "))
seed(*R, "ticks-context-takeover-server-sends", 0x80 | 0x01, [100],
     bytes([0x3F]) + f(0x21, b'{"symbol":"ACME","price":12.5}') * 3)
seed(*R, "window-8-fragments-13", 0x40 | 0x06 | 0x10, [3, 250],
     bytes([0x40]) + f(0x22, "κόσμε ".encode()) + f(0x02, bytes(range(200))))
seed(*R, "bomb-256k-over-64k-limit", 0x40, [255], bytes([0xBF]) + f(0x1F, b"A" * 200))
seed(*R, "incompressible-binary-fragments-1000", 0x40 | 0x08, [77],
     bytes([0x80 | 0x3F]) + f(0x03, bytes((i * 97 + 13) % 256 for i in range(255))))
