package dev.anemone.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes the SSL engines of both roles with one policy: TLS 1.3 and 1.2 only, forward-secret AEAD
 * cipher suites only, ALPN {@code http/1.1}; a client also sends SNI and, unless told otherwise,
 * checks that the certificate names the host it asked for.
 */
final class TlsEngines {

    static final String TLS_13 = "TLSv1.3";
    static final String TLS_12 = "TLSv1.2";
    private static final String[] PROTOCOLS = {TLS_13, TLS_12};
    /** In order of preference: the TLS 1.3 suites, then TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305. */
    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** WebSocket's opening handshake is HTTP/1.1, and so is what a server serves beside it. */
    private static final String[] ALPN = {"http/1.1"};
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TlsEngines() {
    }

    /** An engine for the server's side of one connection, speaking {@code protocols} (some of ours). */
    static SSLEngine server(SSLContext context, List<String> protocols) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = restricted(engine);
        parameters.setProtocols(protocols.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * An engine for a client connecting to {@code host}, sending it as SNI unless it is an IP
     * address (RFC 6066 section 3 forbids literal addresses there); with {@code verifyHostName},
     * the handshake fails unless the server's certificate names {@code host}.
     */
    static SSLEngine client(SSLContext context, String host, int port, boolean verifyHostName) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = restricted(engine);
        if (verifyHostName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpAddress(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLParameters restricted(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        Set<String> supported = Set.of(engine.getSupportedCipherSuites());
        List<String> suites = new ArrayList<>();
        for (String suite : CIPHER_SUITES) {
            if (supported.contains(suite)) {
                suites.add(suite);
            }
        }
        parameters.setCipherSuites(suites.toArray(String[]::new));
        parameters.setApplicationProtocols(ALPN);
        return parameters;
    }

    static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /** Whether the engine's handshake agreed on TLS 1.2. */
    static boolean isTls12(SSLEngine engine) {
        return TLS_12.equals(engine.getSession().getProtocol());
    }
}
