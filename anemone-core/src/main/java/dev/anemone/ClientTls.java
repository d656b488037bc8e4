package dev.anemone;

import dev.anemone.internal.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whom a client trusts on {@code wss://} connections. By default ({@link #systemTrust()}) the
 * server's certificate chain must lead to a certificate authority the JDK trusts, and the
 * certificate must name the host of the URI (its DNS name or IP address): both are checked on
 * every connection, and a failure fails the connection with an {@code SSLHandshakeException}.
 *
 * <p>Other trust stores replace the JDK's ({@link #trusting(Path)}, {@link #trusting(KeyStore)});
 * the host name is still checked. Only {@link #insecureTrustAllCertificates()} checks nothing.
 * The client sends the host as SNI, and speaks TLS 1.3 and 1.2 only.
 */
public final class ClientTls {

    /** The JDK's trust, whose context is loaded only when a wss:// connection needs it. */
    private static final ClientTls SYSTEM = new ClientTls(null, true);

    private static final class SystemContext {
        static final SSLContext INSTANCE = defaultContext();
    }

    private final SSLContext context;
    private final boolean verifiesHostName;

    private ClientTls(SSLContext context, boolean verifiesHostName) {
        this.context = context;
        this.verifiesHostName = verifiesHostName;
    }

    /** The JDK's trusted authorities ({@code cacerts}, or {@code javax.net.ssl.trustStore}); the default. */
    public static ClientTls systemTrust() {
        return SYSTEM;
    }

    /**
     * Trusts the certificates of a PEM file instead of the JDK's authorities: a private CA, or a
     * development certificate (such as {@code anemone cert} writes) trusted as it is.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no certificate
     */
    public static ClientTls trusting(Path pemCertificates) {
        try {
            return trusting(PemFiles.trustStore(PemFiles.certificates(pemCertificates)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pemCertificates + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust " + pemCertificates + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the certificate entries of {@code trustStore} instead of the JDK's authorities. */
    public static ClientTls trusting(KeyStore trustStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            return new ClientTls(context(trust.getTrustManagers()), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store: " + e.getMessage(), e);
        }
    }

    /** Uses an {@link SSLContext} made elsewhere, for its trust and client keys; the host name is still checked. */
    public static ClientTls using(SSLContext context) {
        return new ClientTls(Objects.requireNonNull(context), true);
    }

    /**
     * <b>Turns off every check of the server's identity</b>: any certificate is accepted, for any
     * host, so anyone between the client and the server can read and change the traffic. For a
     * development server whose certificate is at hand, prefer {@link #trusting(Path)}; never use
     * this in production.
     */
    public static ClientTls insecureTrustAllCertificates() {
        return new ClientTls(context(new TrustManager[] {new TrustingAll()}), false);
    }

    /** The context every connection's engine is made from. */
    public SSLContext sslContext() {
        return context != null ? context : SystemContext.INSTANCE;
    }

    /** Whether the certificate must name the host connected to: false only for {@link #insecureTrustAllCertificates()}. */
    public boolean verifiesHostName() {
        return verifiesHostName;
    }

    private static SSLContext context(TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no TLS", e);
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK offers no TLS", e);
        }
    }

    /** Accepts every chain: what {@link #insecureTrustAllCertificates()} means. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
