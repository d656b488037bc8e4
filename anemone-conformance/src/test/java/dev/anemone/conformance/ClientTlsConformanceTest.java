package dev.anemone.conformance;

/**
 * The catalogue's framing, fragmentation, UTF-8, closing and compression chapters against our
 * client over wss://: the raw peer is its server on a JDK {@code SSLServerSocket}, and our client
 * checks its certificate and host name as always.
 */
class ClientTlsConformanceTest extends ConformanceSuite {

    @Override
    Role newRole() throws Exception {
        return new ClientRole(ConformanceTls.create());
    }
}
