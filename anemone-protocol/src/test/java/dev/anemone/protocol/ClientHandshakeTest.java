package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.1: the client's request, and its checks of the server's answer. */
class ClientHandshakeTest {

    private static final WebSocketUri URI = WebSocketUri.parse("ws://server.example.com/chat?room=1");

    private static ClientHandshake handshake(List<String> protocols, List<String> extensions, HttpHeaders extra) {
        return new ClientHandshake(URI, protocols, extensions, extra, new SecureRandom());
    }

    private static ClientHandshake plain() {
        return handshake(List.of("chat", "superchat"), List.of("permessage-deflate; client_max_window_bits"), null);
    }

    private static HttpRequestHead parsedRequest(ClientHandshake client) throws HandshakeException {
        return ServerHandshakeTest.head(new String(client.request(), StandardCharsets.ISO_8859_1), HeadLimits.defaults());
    }

    private static HttpResponseHead response(String head) throws HandshakeException {
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        assertThat(parser.feed(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        return parser.response();
    }

    /** A 101 as a correct server would send it for {@code client}, with {@code extra} header lines. */
    private static String switching(ClientHandshake client, String extra) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(client.key()) + "\r\n" + extra + "\r\n";
    }

    private static HandshakeException refusal(ClientHandshake client, String head) {
        HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client.check(response(head)));
        assertThat(e).as("refused: %s", head).isNotNull();
        return e;
    }

    // ---------------------------------------------------------------- the request

    @Test
    void rfc6455_4_1_theRequestHasEveryRequiredField() throws HandshakeException {
        ClientHandshake client = plain();

        HttpRequestHead request = parsedRequest(client);

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/chat?room=1");
        assertThat(request.version()).isEqualTo("HTTP/1.1");
        assertThat(request.headers().get("Host")).isEqualTo("server.example.com");
        assertThat(request.headers().get("Upgrade")).isEqualTo("websocket");
        assertThat(request.headers().get("Connection")).isEqualTo("Upgrade");
        assertThat(request.headers().get("Sec-WebSocket-Key")).isEqualTo(client.key());
        assertThat(request.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(request.headers().elements("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat");
        assertThat(request.headers().get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate; client_max_window_bits");
        assertThat(new String(client.request(), StandardCharsets.ISO_8859_1)).endsWith("\r\n\r\n");
    }

    @Test
    void rfc6455_4_1_aServerAcceptsTheRequest() throws HandshakeException {
        OpeningRequest seen = ServerHandshake.check(parsedRequest(plain()));

        assertThat(seen.protocols()).containsExactly("chat", "superchat");
    }

    @Test
    void rfc6455_4_1_theKeyIsBase64Of16FreshRandomBytes() {
        SplittableRandom shared = new SplittableRandom(1);
        ClientHandshake first = new ClientHandshake(URI, List.of(), List.of(), null, shared);
        ClientHandshake second = new ClientHandshake(URI, List.of(), List.of(), null, shared);

        assertThat(AcceptKey.isWellFormed(first.key())).isTrue();
        assertThat(AcceptKey.isWellFormed(second.key())).isTrue();
        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(plain().key()).isNotEqualTo(plain().key());
    }

    @Test
    void rfc6455_4_1_withoutOffersThereAreNoProtocolOrExtensionHeaders() {
        String request = new String(handshake(List.of(), List.of(), null).request(), StandardCharsets.ISO_8859_1);

        assertThat(request).doesNotContainIgnoringCase("Sec-WebSocket-Protocol").doesNotContainIgnoringCase("Extensions");
    }

    @Test
    void rfc6455_4_1_extraHeadersGoOutInOrder() throws HandshakeException {
        HttpHeaders extra = new HttpHeaders().add("Origin", "https://example.com").add("Cookie", "a=1; b=2")
                .add("Authorization", "Bearer abc.def");

        HttpRequestHead request = parsedRequest(handshake(List.of(), List.of(), extra));

        assertThat(request.headers().get("Origin")).isEqualTo("https://example.com");
        assertThat(request.headers().get("Cookie")).isEqualTo("a=1; b=2");
        assertThat(request.headers().get("Authorization")).isEqualTo("Bearer abc.def");
        int origin = request.headers().toString().indexOf("Origin");
        assertThat(request.headers().toString().indexOf("Cookie")).isGreaterThan(origin);
    }

    @ParameterizedTest(name = "RFC 6455 4.1: {0} is set by the handshake itself")
    @ValueSource(strings = {"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "HOST", "sec-websocket-key"})
    void rfc6455_4_1_reservedHeadersAreRefused(String name) {
        assertThatThrownBy(() -> handshake(List.of(), List.of(), new HttpHeaders().add(name, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void rfc6455_4_1_subprotocolsMustBeDistinctTokens() {
        assertThatThrownBy(() -> handshake(List.of("a b"), List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handshake(List.of("chat", "chat"), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handshake(List.of(""), List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHostHeaderCarriesANonDefaultPortAndIpv6Brackets() throws HandshakeException {
        ClientHandshake client = new ClientHandshake(WebSocketUri.parse("wss://[::1]:8443/"), List.of(), List.of(),
                null, new SecureRandom());

        assertThat(parsedRequest(client).headers().get("Host")).isEqualTo("[::1]:8443");
    }

    // ---------------------------------------------------------------- the answer

    @Test
    void rfc6455_4_1_aCorrect101Succeeds() throws HandshakeException {
        ClientHandshake client = plain();

        HandshakeResult result = client.check(response(switching(client,
                "Sec-WebSocket-Protocol: superchat\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n")));

        assertThat(result.protocol()).isEqualTo("superchat");
        assertThat(result.extensions()).containsExactly("permessage-deflate; server_no_context_takeover");
        assertThat(result.headers().get("Sec-WebSocket-Accept")).isEqualTo(AcceptKey.of(client.key()));
    }

    @Test
    void rfc6455_4_1_theServersOwn101IsAccepted() throws HandshakeException {
        ClientHandshake client = plain();
        OpeningRequest seen = ServerHandshake.check(parsedRequest(client));
        String answer = new String(ServerHandshake.accept(seen, "chat", null, null), StandardCharsets.ISO_8859_1);

        assertThat(client.check(response(answer)).protocol()).isEqualTo("chat");
    }

    @Test
    void rfc6455_4_1_noSubprotocolAndNoExtensionIsFine() throws HandshakeException {
        ClientHandshake client = plain();

        HandshakeResult result = client.check(response(switching(client, "")));

        assertThat(result.protocol()).isNull();
        assertThat(result.extensions()).isEmpty();
    }

    @Test
    void rfc6455_4_1_upgradeAndConnectionAreCaseInsensitiveTokens() throws HandshakeException {
        ClientHandshake client = plain();
        String head = "HTTP/1.1 101 OK\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, upgrade\r\n"
                + "sec-websocket-accept: " + AcceptKey.of(client.key()) + "\r\n\r\n";

        assertThat(client.check(response(head)).protocol()).isNull();
    }

    @Test
    void rfc6455_4_1_aStatusOtherThan101ExposesStatusHeadersAndBody() {
        ClientHandshake client = plain();

        HandshakeException e = refusal(client, "HTTP/1.1 403 Forbidden\r\nX-Reason: origin\r\nContent-Length: 4\r\n\r\n");
        HandshakeException withBody = e.withBody("nope".getBytes(StandardCharsets.US_ASCII));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.headers().get("X-Reason")).isEqualTo("origin");
        assertThat(e.getMessage()).contains("403");
        assertThat(withBody.status()).isEqualTo(403);
        assertThat(withBody.headers().get("x-reason")).isEqualTo("origin");
        assertThat(withBody.body()).asString(StandardCharsets.US_ASCII).isEqualTo("nope");
    }

    @Test
    void rfc6455_4_4_a426ExposesTheServersVersions() {
        HandshakeException e = refusal(plain(), "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\n\r\n");

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().elements("Sec-WebSocket-Version")).containsExactly("13", "8");
    }

    @Test
    void rfc6455_4_1_aBad101FailsWithStatus0NamingTheProblem() {
        ClientHandshake client = plain();
        String accept = "Sec-WebSocket-Accept: " + AcceptKey.of(client.key()) + "\r\n";

        assertThat(refusal(client, "HTTP/1.1 101 OK\r\nConnection: Upgrade\r\n" + accept + "\r\n"))
                .satisfies(e -> assertThat(e.status()).isZero()).hasMessageContaining("Upgrade");
        assertThat(refusal(client, "HTTP/1.1 101 OK\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n" + accept + "\r\n"))
                .hasMessageContaining("Upgrade");
        assertThat(refusal(client, "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n" + accept + "\r\n"))
                .satisfies(e -> assertThat(e.status()).isZero()).hasMessageContaining("Connection");
        assertThat(refusal(client, "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
                .satisfies(e -> assertThat(e.status()).isZero()).hasMessageContaining("Sec-WebSocket-Accept");
    }

    @Test
    void rfc6455_4_1_aWrongAcceptValueIsRefused() {
        ClientHandshake client = plain();
        String wrong = "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";   // the RFC's, for another key

        assertThat(refusal(client, wrong)).hasMessageContaining("Sec-WebSocket-Accept");
        assertThat(refusal(client, switching(client, "").replace(AcceptKey.of(client.key()), AcceptKey.of(client.key()).toLowerCase())))
                .hasMessageContaining("Sec-WebSocket-Accept");
    }

    @Test
    void rfc6455_4_1_aSubprotocolThatWasNotOfferedIsRefused() {
        ClientHandshake client = plain();
        ClientHandshake offeringNone = handshake(List.of(), List.of(), null);

        assertThat(refusal(client, switching(client, "Sec-WebSocket-Protocol: mqtt\r\n"))).hasMessageContaining("mqtt");
        assertThat(refusal(client, switching(client, "Sec-WebSocket-Protocol: chat, superchat\r\n")).status()).isZero();
        assertThat(refusal(offeringNone, switching(offeringNone, "Sec-WebSocket-Protocol: chat\r\n")).status()).isZero();
    }

    @Test
    void rfc6455_4_1_anExtensionThatWasNotOfferedIsRefused() {
        ClientHandshake client = plain();
        ClientHandshake offeringNone = handshake(List.of(), List.of(), null);

        assertThat(refusal(client, switching(client, "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n")))
                .hasMessageContaining("x-webkit-deflate-frame");
        assertThat(refusal(offeringNone, switching(offeringNone, "Sec-WebSocket-Extensions: permessage-deflate\r\n")))
                .hasMessageContaining("permessage-deflate");
    }

    @Test
    void rfc6455_4_1_framesRightBehindThe101StayInTheBuffer() throws HandshakeException {
        ClientHandshake client = plain();
        byte[] wire = Hex.concat(switching(client, "").getBytes(StandardCharsets.ISO_8859_1), Hex.bytes("81 02 6869"));
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap(wire);

        assertThat(parser.feed(in)).isTrue();
        client.check(parser.response());

        assertThat(RecordingPeer.open(Role.CLIENT).receive(Hex.remaining(in)).events()).containsExactly("text hi");
    }
}
