package dev.anemone;

import java.nio.ByteBuffer;

/**
 * Sends every message back as it came, text as text and binary as binary, without decoding or
 * copying it: the server of the book's first chapter, and the peer of every echo test and
 * benchmark. Extend it to add logging or other behaviour around the echo.
 */
public class EchoListener implements WebSocketListener {

    @Override
    public void onTextUtf8(WebSocket socket, ByteBuffer utf8) {
        socket.sendText(utf8);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.send(data);
    }
}
