package dev.anemone.internal;

import dev.anemone.HttpResponse;

/** What the server answers a plain HTTP request that no handler of the application takes. */
final class DefaultHttp {

    private DefaultHttp() {
    }

    /** 426 on a WebSocket endpoint's path, telling a browser pointed there what it is; 404 elsewhere. */
    static HttpResponse answer(boolean isWebSocketPath) {
        if (isWebSocketPath) {
            return HttpResponse.text(426, "This is a WebSocket endpoint: connect with a WebSocket client")
                    .withHeader("Upgrade", "websocket").withHeader("Connection", "Upgrade");
        }
        return HttpResponse.text(404, "Not Found");
    }
}
