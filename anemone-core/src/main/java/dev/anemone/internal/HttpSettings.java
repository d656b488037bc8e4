package dev.anemone.internal;

import dev.anemone.HttpHandler;
import java.time.Duration;

/**
 * How a server answers the plain HTTP requests on its port; shared by all its connections.
 *
 * @param handler the application's handler, or null for none (426 on WebSocket paths, 404 elsewhere)
 * @param maxBodyBytes the largest request body read; past it, 413
 * @param keepAliveTimeout how long a kept-alive connection may wait for its next request
 */
public record HttpSettings(HttpHandler handler, long maxBodyBytes, Duration keepAliveTimeout) {
}
