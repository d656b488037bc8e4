package dev.anemone.stomp.internal;

import dev.anemone.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Puts encoded frames on a WebSocket: as text when they are UTF-8 (what browsers' STOMP clients expect), else as binary. */
public final class Wire {

    private Wire() {
    }

    /** Sends {@code frame}'s bytes on {@code socket}; false when the socket no longer takes them. */
    public static boolean send(WebSocket socket, byte[] frame) {
        return isUtf8(frame) ? socket.sendText(ByteBuffer.wrap(frame)) : socket.send(ByteBuffer.wrap(frame));
    }

    /** Whether {@code bytes} are valid UTF-8. */
    public static boolean isUtf8(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
