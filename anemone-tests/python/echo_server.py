"""A websockets echo server for the interop tests.
    /usr/bin/python3 echo_server.py [PROTOCOL[,PROTOCOL...]] [--deflate=PARAMS] [--tls-cert=FILE --tls-key=FILE]
--deflate accepts permessage-deflate with those parameters (see peer_common.command_line);
without it websockets accepts its default. Listens on 127.0.0.1, port 0, and prints the port as
its first stdout line; then reports open (with the agreed Sec-WebSocket-Extensions), message,
pong, close and refused as JSON lines, each with the connection's path. Handshakes for /forbidden
are refused with 403. Every message is echoed with its type, except these text commands:
    fragments:TYPE:SIZE:COUNT  sends a generated message of SIZE bytes as COUNT frames
    ping:HEX                   pings with that payload (the pong is reported)
    close:CODE:REASON          closes with that code and reason"""

import asyncio
import sys
from http import HTTPStatus

import websockets
from websockets.exceptions import ConnectionClosed
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory

from peer_common import (tls_context, close_event, command_line, deflate_extensions, extensions_header, message_event, report,
                         send_fragments)

COMMANDS = ("fragments", "ping", "close")


async def refuse_forbidden(path, request_headers):
    if path.split("?")[0] == "/forbidden":
        report({"event": "refused", "path": path, "status": 403})
        return HTTPStatus.FORBIDDEN, [], b"Forbidden by the echo server\n"
    return None


async def pong_reported(websocket, data):
    await (await websocket.ping(data))
    report({"event": "pong", "path": websocket.path, "payload": data.hex()})


async def handle(websocket):
    path = websocket.path
    report({"event": "open", "path": path, "protocol": websocket.subprotocol or "",
            "extensions": extensions_header(websocket.response_headers)})
    try:
        async for message in websocket:
            command = message.split(":") if isinstance(message, str) and len(message) < 200 else [""]
            if command[0] not in COMMANDS:
                report(message_event(message, path=path))
                await websocket.send(message)
            elif command[0] == "fragments":
                await send_fragments(websocket, command[1], int(command[2]), int(command[3]))
            elif command[0] == "ping":
                asyncio.create_task(pong_reported(websocket, bytes.fromhex(command[1])))
            else:
                await websocket.close(int(command[1]), ":".join(command[2:]))
    except ConnectionClosed:
        pass
    await websocket.wait_closed()
    report(close_event(websocket, path=path))


async def main(protocols, deflate, tls):
    extensions = deflate_extensions(ServerPerMessageDeflateFactory, deflate)
    async with websockets.serve(handle, "127.0.0.1", 0, subprotocols=protocols or None, max_size=None, ssl=tls,
                                ping_interval=None, process_request=refuse_forbidden, extensions=extensions,
                                compression="deflate" if extensions is None else None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    PLAIN_ARGS, TLS = tls_context(sys.argv[1:], server=True)
    ARGS, DEFLATE = command_line(PLAIN_ARGS)
    asyncio.run(main([p for p in (ARGS[0] if ARGS else "").split(",") if p], DEFLATE, TLS))
