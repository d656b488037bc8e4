package dev.anemone.interop;

/** The JDK's java.net.http.WebSocket client (see {@link JdkClientPeer}) against our server. */
class JdkClientAgainstOurServerTest extends PeerClientAgainstOurServerContract {

    JdkClientAgainstOurServerTest() {
        this(false);
    }

    /** Over TLS when {@code tls} is set: see {@link JdkClientAgainstOurTlsServerTest}. */
    JdkClientAgainstOurServerTest(boolean tls) {
        super(() -> { /* java.net.http comes with every JDK since 11 */ }, JdkClientPeer::connect, tls);
    }

    /** The JDK answers a Close with the same code and an empty reason (WebSocketImpl.sendCloseSilently). */
    @Override
    protected String reasonInClientsCloseReply(String ourReason) {
        return "";
    }
}
