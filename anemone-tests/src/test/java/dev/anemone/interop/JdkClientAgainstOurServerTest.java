package dev.anemone.interop;

/** The JDK's java.net.http.WebSocket client (see {@link JdkClientPeer}) against our server. */
class JdkClientAgainstOurServerTest extends PeerClientAgainstOurServerContract {

    JdkClientAgainstOurServerTest() {
        super(() -> { /* java.net.http comes with every JDK since 11 */ }, JdkClientPeer::connect);
    }

    /** The JDK answers a Close with the same code and an empty reason (WebSocketImpl.sendCloseSilently). */
    @Override
    protected String reasonInClientsCloseReply(String ourReason) {
        return JdkClientPeer.REASON_IN_CLOSE_REPLY;
    }
}
