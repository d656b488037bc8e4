package dev.anemone.interop;

/** The JDK's java.net.http.WebSocket client against our server over TLS, checking the certificate and host name. */
class JdkClientAgainstOurTlsServerTest extends JdkClientAgainstOurServerTest {

    JdkClientAgainstOurTlsServerTest() {
        super(true);
    }
}
