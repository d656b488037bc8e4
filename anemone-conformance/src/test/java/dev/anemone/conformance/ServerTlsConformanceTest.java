package dev.anemone.conformance;

/**
 * The catalogue's framing, fragmentation, UTF-8, closing and compression chapters against our
 * server over TLS: the raw peer is its client on a JDK {@code SSLSocket}.
 */
class ServerTlsConformanceTest extends ConformanceSuite {

    @Override
    Role newRole() throws Exception {
        return new ServerRole(ConformanceTls.create());
    }
}
