package dev.anemone.stomp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where and how {@link StompRelay} reaches the external broker.
 *
 * @param host the broker's STOMP host, such as RabbitMQ's {@code 127.0.0.1}
 * @param port its STOMP port (RabbitMQ: 61613)
 * @param virtualHost the CONNECT frame's {@code host} sent to the broker (RabbitMQ's virtual host,
 *     {@code "/"}); null passes on the client's own
 * @param credentials maps the client's login and passcode to those the broker sees; null from it
 *     refuses the client with ERROR
 * @param frameLimits the largest frame accepted from a client
 * @param connectTimeout how long connecting to the broker may take
 */
public record StompRelayOptions(String host, int port, String virtualHost, UnaryOperator<StompCredentials> credentials,
                                StompLimits frameLimits, Duration connectTimeout) {

    /** Checks the values. */
    public StompRelayOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(frameLimits, "frameLimits");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** Relays to {@code host}:{@code port}, passing credentials and host through, with default frame limits and a 5 s connect timeout. */
    public static StompRelayOptions to(String host, int port) {
        return new StompRelayOptions(host, port, null, UnaryOperator.identity(), StompLimits.defaults(), Duration.ofSeconds(5));
    }

    /** These options with the broker's virtual host. */
    public StompRelayOptions withVirtualHost(String value) {
        return new StompRelayOptions(host, port, value, credentials, frameLimits, connectTimeout);
    }

    /** These options mapping credentials with {@code mapping}. */
    public StompRelayOptions withCredentials(UnaryOperator<StompCredentials> mapping) {
        return new StompRelayOptions(host, port, virtualHost, mapping, frameLimits, connectTimeout);
    }

    /** These options logging every session in as {@code login} / {@code passcode}, whatever the client sent. */
    public StompRelayOptions withLogin(String login, String passcode) {
        StompCredentials fixed = new StompCredentials(login, passcode);
        return withCredentials(client -> fixed);
    }
}
