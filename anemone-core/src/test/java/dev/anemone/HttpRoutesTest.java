package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing by method and path: exact paths, templates, prefixes, 404 and 405 with Allow, HEAD from GET. */
class HttpRoutesTest {

    private WebSocketServer server;
    private Http http;

    @BeforeEach
    void start() {
        HttpHandler echoPath = (request, exchange) -> exchange.respond(HttpResponse.text(200, "prefix " + request.path()));
        server = Servers.echo().http(new HttpRoutes()
                .get("/rooms", (request, exchange) -> exchange.respond(HttpResponse.text(200, "all rooms")))
                .post("/rooms", (request, exchange) -> exchange.respond(HttpResponse.text(201, "created")))
                .get("/rooms/{room}/messages/{id}", (request, exchange) -> exchange.respond(HttpResponse.text(200,
                        request.pathParameter("room") + " #" + request.pathParameter("id"))))
                .delete("/rooms/{room}", (request, exchange) -> exchange.respond(HttpResponse.of(204)))
                .prefix("/assets", echoPath))
                .start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void exactPathsByMethod() throws Exception {
        assertThat(http.get("/rooms").body()).isEqualTo("all rooms\n");
        java.net.http.HttpResponse<String> created = http.send(http.request("/rooms")
                .POST(BodyPublishers.noBody()).build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("created\n");
    }

    @Test
    void templateValuesArePercentDecoded() throws Exception {
        assertThat(http.get("/rooms/caf%C3%A9%20noir/messages/42").body()).isEqualTo("café noir #42\n");
        assertThat(http.get("/rooms//messages/42").statusCode()).as("an empty segment is no value").isEqualTo(404);
    }

    @Test
    void rfc9110_15_5_6_aPathWithoutTheMethodGets405NamingTheMethodsItHas() throws Exception {
        java.net.http.HttpResponse<String> put = http.send(http.request("/rooms").PUT(BodyPublishers.noBody()).build());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(http.get("/rooms/lobby").headers().firstValue("Allow")).hasValue("DELETE");
    }

    @Test
    void unknownPathsGet404() throws Exception {
        java.net.http.HttpResponse<String> missing = http.get("/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("Not Found\n");
    }

    @Test
    void aPrefixTakesItsPathAndThoseBelowButNotLookalikes() throws Exception {
        assertThat(http.get("/assets").body()).isEqualTo("prefix /assets\n");
        assertThat(http.get("/assets/css/site.css").body()).isEqualTo("prefix /assets/css/site.css\n");
        assertThat(http.get("/assetsx").statusCode()).isEqualTo(404);
    }

    @Test
    void rfc9110_9_3_2_headOnAGetRouteHasTheHeadersButNoBody() throws Exception {
        java.net.http.HttpResponse<String> head = http.send(http.request("/rooms")
                .method("HEAD", BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(head.body()).isEmpty();
        assertThat(http.get("/rooms").body()).as("the connection is still in step").isEqualTo("all rooms\n");
    }

    @Test
    void rfc9110_15_3_5_noContentHasNoBodyAndNoLength() throws Exception {
        java.net.http.HttpResponse<String> deleted = http.send(http.request("/rooms/lobby").DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.headers().firstValue("Content-Length")).isEmpty();
        assertThat(http.get("/rooms").body()).isEqualTo("all rooms\n");
    }
}
