/**
 * The SockJS 0.3 protocol's server side on Anemone's HTTP exchange: {@link dev.anemone.sockjs.SockJsService}
 * serves WebSocket, xhr-streaming, xhr-polling, eventsource, htmlfile and jsonp-polling clients,
 * each session a {@code dev.anemone.WebSocket} to the application. The sessions and transports in
 * {@code dev.anemone.sockjs.internal} are not exported.
 */
module dev.anemone.sockjs {
    requires transitive dev.anemone;

    exports dev.anemone.sockjs;
}
