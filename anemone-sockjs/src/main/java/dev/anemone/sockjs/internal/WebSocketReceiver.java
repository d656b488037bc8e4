package dev.anemone.sockjs.internal;

import dev.anemone.WebSocket;
import dev.anemone.protocol.CloseStatus;

/** A receiver that is a WebSocket: each frame is one text message, for the session's whole life. */
final class WebSocketReceiver implements Receiver {

    private final WebSocket socket;

    WebSocketReceiver(WebSocket socket) {
        this.socket = socket;
    }

    @Override
    public boolean send(String frame) {
        socket.send(frame);
        return true;
    }

    @Override
    public void end(int code, String reason) {
        // The close frame already told the client the code; the WebSocket's own close must carry
        // one a WebSocket may send (2010, 1006 and the like may not).
        if (CloseStatus.isSendableByApplication(code)) {
            socket.close(code, reason);
        } else {
            socket.close();
        }
    }
}
