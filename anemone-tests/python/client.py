"""A websockets client for the interop tests.
    /usr/bin/python3 client.py URL [PROTOCOL[,PROTOCOL...]] [--deflate=PARAMS] [--cacert=FILE]
--deflate offers permessage-deflate with exactly those parameters (see peer_common.command_line);
without it websockets offers its default. Reports open (with the agreed Sec-WebSocket-Extensions),
message (type, length, sha256), pong, close and handshake-failed as JSON lines on stdout, and runs
the commands read from stdin, one a line:
    send:TYPE:SIZE             sends a generated text or binary message of SIZE bytes
    fragments:TYPE:SIZE:COUNT  sends it as COUNT frames
    ping:HEX                   pings with that payload (the pong is reported)
    close:CODE:REASON          starts the closing handshake"""

import asyncio
import sys
import threading

import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatusCode
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

from peer_common import (tls_context, close_event, command_line, deflate_extensions, extensions_header, message_event, payload,
                         report, send_fragments)


def read_commands(loop, queue):
    """Reads stdin on a daemon thread, which cannot keep the process alive."""
    for line in sys.stdin:
        loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))


async def run_command(websocket, line):
    op, _, rest = line.partition(":")
    args = rest.split(":")
    if op == "send":
        await websocket.send(payload(args[0], int(args[1])))
    elif op == "fragments":
        await send_fragments(websocket, args[0], int(args[1]), int(args[2]))
    elif op == "ping":
        data = bytes.fromhex(args[0])
        await (await websocket.ping(data))
        report({"event": "pong", "payload": data.hex()})
    elif op == "close":
        code, _, reason = rest.partition(":")
        await websocket.close(int(code), reason)
    else:
        report({"event": "error", "message": "unknown command: " + line})


async def run_commands(websocket, queue):
    while True:
        line = await queue.get()
        try:
            await run_command(websocket, line)
        except ConnectionClosed:
            return


async def main(url, protocols, deflate, tls):
    extensions = deflate_extensions(ClientPerMessageDeflateFactory, deflate)
    try:
        websocket = await websockets.connect(url, subprotocols=protocols, max_size=None, ping_interval=None, ssl=tls,
                                             extensions=extensions,
                                             compression="deflate" if extensions is None else None)
    except InvalidStatusCode as refusal:
        report({"event": "handshake-failed", "status": refusal.status_code})
        return
    report({"event": "open", "protocol": websocket.subprotocol or "",
            "extensions": extensions_header(websocket.response_headers)})
    queue = asyncio.Queue()
    threading.Thread(target=read_commands, args=(asyncio.get_running_loop(), queue), daemon=True).start()
    commands = asyncio.create_task(run_commands(websocket, queue))
    try:
        async for message in websocket:
            report(message_event(message))
    except ConnectionClosed:
        pass
    await websocket.wait_closed()
    commands.cancel()
    report(close_event(websocket))


if __name__ == "__main__":
    PLAIN_ARGS, TLS = tls_context(sys.argv[1:], server=False)
    ARGS, DEFLATE = command_line(PLAIN_ARGS)
    asyncio.run(main(ARGS[0], ARGS[1].split(",") if len(ARGS) > 1 else None, DEFLATE, TLS))
