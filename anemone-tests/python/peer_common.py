"""Shared by client.py and echo_server.py: the command line, the deterministic payloads (the same
as the Java and Node peers build), digests, and the JSON-lines reports on stdout. Written for
websockets 10.4 (Debian's python3-websockets) and its asyncio API."""

import hashlib
import json
import ssl
import sys

DEFLATE_OPTION = "--deflate="
TLS_OPTIONS = ("--cacert=", "--tls-cert=", "--tls-key=")


def tls_context(argv, server):
    """Takes the TLS options out of the command line: --cacert=FILE (a client trusts the
    certificates of that PEM file, and checks the host name as always), --tls-cert=FILE and
    --tls-key=FILE (a server speaks TLS with that chain and key). Returns the other arguments and
    an ssl.SSLContext, or None without them."""
    files = {}
    rest = []
    for arg in argv:
        option = next((o for o in TLS_OPTIONS if arg.startswith(o)), None)
        if option is None:
            rest.append(arg)
        else:
            files[option] = arg[len(option):]
    if not files:
        return rest, None
    if server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(files["--tls-cert="], files["--tls-key="])
    else:
        context = ssl.create_default_context(cafile=files["--cacert="])
    return rest, context


def command_line(argv):
    """Splits the command line into positional arguments and the --deflate=PARAMS option: RFC 7692
    parameters as in Sec-WebSocket-Extensions, ';'-separated, possibly none, such as
    "server_max_window_bits=10;client_max_window_bits=11". Returns the arguments and the
    parameters as keyword arguments of websockets' PerMessageDeflateFactory classes (a flag as
    True, a window size as an int), or None without the option."""
    args = [arg for arg in argv if not arg.startswith(DEFLATE_OPTION)]
    options = [arg[len(DEFLATE_OPTION):] for arg in argv if arg.startswith(DEFLATE_OPTION)]
    if not options:
        return args, None
    parameters = {}
    for parameter in (p.strip() for p in options[-1].split(";")):
        if parameter:
            name, equals, value = (part.strip() for part in parameter.partition("="))
            parameters[name] = int(value) if equals else True
    return args, parameters


def deflate_extensions(factory, parameters):
    """The `extensions` argument of connect() or serve(): the factory with these parameters and
    the memLevel websockets uses by default, or None (compression=None then means none at all)."""
    if parameters is None:
        return None
    return [factory(**parameters, compress_settings={"memLevel": 5})]


def extensions_header(headers):
    """The Sec-WebSocket-Extensions value of a handshake's headers, or ''."""
    return headers.get("Sec-WebSocket-Extensions", "")


# One unit of text with 1-, 2-, 3- and 4-byte UTF-8 characters.
UNIT = "Anemone \u00e9\u00fc \u03a9\u03bc \u2194 \u20ac \U0001F30A\U0001F41A | "


def text_payload(size):
    """Exactly `size` bytes of UTF-8: whole units, then as many characters as fit, then '.' padding."""
    unit_bytes = len(UNIT.encode("utf-8"))
    parts = [UNIT * (size // unit_bytes)]
    left = size % unit_bytes
    for ch in UNIT:
        width = len(ch.encode("utf-8"))
        if width > left:
            break
        parts.append(ch)
        left -= width
    parts.append("." * left)
    return "".join(parts)


def binary_payload(size):
    """`size` bytes, byte i being i % 251."""
    return (bytes(range(251)) * (size // 251 + 1))[:size]


def payload(kind, size):
    if kind == "text":
        return text_payload(size)
    if kind == "binary":
        return binary_payload(size)
    raise ValueError("unknown payload type: " + kind)


def slices(data, count):
    """`count` slices of nearly equal length (characters for text, bytes for binary)."""
    return [data[k * len(data) // count:(k + 1) * len(data) // count] for k in range(count)]


async def send_fragments(websocket, kind, size, count):
    """Sends a generated message as `count` frames: websockets fragments an iterable."""
    await websocket.send(slices(payload(kind, size), count))


def report(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def message_event(message, **extra):
    data = message.encode("utf-8") if isinstance(message, str) else message
    kind = "text" if isinstance(message, str) else "binary"
    return {"event": "message", **extra, "type": kind, "length": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def close_event(websocket, **extra):
    """The close as a browser reports it: code and reason received, clean if Close frames went both ways."""
    return {"event": "close", **extra, "code": websocket.close_code, "reason": websocket.close_reason,
            "wasClean": websocket.close_rcvd is not None and websocket.close_sent is not None}
