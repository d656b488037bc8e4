package dev.anemone.sockjs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The JDK's HTTP client as the protocol tests use it: whole answers, and streams read piece by piece with timeouts. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static String newSession() {
        return "/000/" + UUID.randomUUID();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    static HttpResponse<String> options(String url, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.sendAsync(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .get(15, TimeUnit.SECONDS);
    }

    /** A response read as it streams. */
    static final class Stream implements AutoCloseable {
        final HttpResponse<InputStream> response;

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
        }

        static Stream open(String method, String url) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("") : HttpRequest.BodyPublishers.noBody())
                    .build();
            return new Stream(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(15, TimeUnit.SECONDS));
        }

        /** Exactly the next {@code length} bytes of the body (or fewer at its end), within 10 s. */
        String read(int length) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(response.body().readNBytes(length), StandardCharsets.UTF_8);
                } catch (IOException failed) {
                    throw new IllegalStateException(failed);
                }
            }).get(10, TimeUnit.SECONDS);
        }

        /** Exactly {@code expected}'s length of bytes, to compare with it. */
        String read(String expected) throws Exception {
            return read(expected.getBytes(StandardCharsets.UTF_8).length);
        }

        /** Everything to the end of the body, within 10 s. */
        String rest() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException failed) {
                    throw new IllegalStateException(failed);
                }
            }).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }
}
