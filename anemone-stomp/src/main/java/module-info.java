/**
 * STOMP 1.0, 1.1 and 1.2 over Anemone's WebSocket: the frame codec, an embedded broker
 * ({@code StompBroker}), a client ({@code StompClient}) and a relay to an external broker such as
 * RabbitMQ ({@code StompRelay}). The book's stock ticker over RabbitMQ (an AMQP price daemon, and
 * the STOMP ticker with its page) is in {@code dev.anemone.stomp.ticker}. The broker's sessions and
 * destinations in {@code dev.anemone.stomp.internal} are not exported.
 */
module dev.anemone.stomp {
    requires transitive dev.anemone;
    requires com.rabbitmq.client;

    exports dev.anemone.stomp;
    exports dev.anemone.stomp.ticker;
}
