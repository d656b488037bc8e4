package dev.anemone.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client, trusting the test certificate and following no redirects, so that tests see them. */
final class Http {

    private static final HttpClient CLIENT;

    static {
        try {
            CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestTls.httpClientContext())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Http() {
    }

    /** GETs {@code uri}, with header fields given as name, value, ... */
    static HttpResponse<String> get(String uri, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(uri)).GET(), headers);
    }

    /** POSTs a form to {@code uri}. */
    static HttpResponse<String> postForm(String uri, String form, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded"), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
