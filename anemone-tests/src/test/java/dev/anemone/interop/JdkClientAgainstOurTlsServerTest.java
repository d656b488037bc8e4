package dev.anemone.interop;

/** The JDK's java.net.http.WebSocket client against our server over TLS, checking the certificate and host name. */
class JdkClientAgainstOurTlsServerTest extends PeerClientAgainstOurServerContract {

    JdkClientAgainstOurTlsServerTest() {
        super(() -> { /* java.net.http comes with every JDK since 11 */ }, JdkClientPeer::connect, true);
    }

    @Override
    protected String reasonInClientsCloseReply(String ourReason) {
        return JdkClientPeer.REASON_IN_CLOSE_REPLY;
    }
}
