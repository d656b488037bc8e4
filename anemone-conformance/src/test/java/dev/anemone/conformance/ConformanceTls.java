package dev.anemone.conformance;

import dev.anemone.ClientOptions;
import dev.anemone.ClientTls;
import dev.anemone.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The catalogue over TLS: a self-signed certificate for 127.0.0.1 made with the JDK's keytool,
 * our side speaking TLS with it, and the raw peer on a JDK {@code SSLSocket} (a {@link Socket}
 * like any other to {@link RawPeer}). Only the chapters the issue asks for run over TLS:
 * framing, fragmentation, UTF-8, closing and compression.
 */
final class ConformanceTls {

    /** The chapters run over TLS, by the number their case ids start with. */
    private static final Set<String> CHAPTERS = Set.of("1", "5", "6", "7", "12", "13");
    private static final char[] PASSWORD = "conformance".toCharArray();

    private final KeyStore keyStore;

    private ConformanceTls(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /** Makes the certificate. */
    static ConformanceTls create() throws IOException, GeneralSecurityException, InterruptedException {
        Path folder = Files.createTempDirectory("anemone-conformance-tls-");
        Path store = folder.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-keysize", "256", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt"))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(store);
        Files.delete(folder);
        return new ConformanceTls(keys);
    }

    /** Whether case {@code c} is one of the chapters run over TLS. */
    static boolean covers(Case c) {
        return CHAPTERS.contains(c.id().substring(0, c.id().indexOf('.')));
    }

    /** Our server's identity. */
    TlsOptions server() {
        return TlsOptions.fromKeyStore(keyStore, PASSWORD);
    }

    /** Our client, trusting the certificate (its host name, 127.0.0.1, still checked). */
    ClientOptions clientOptions() {
        return ClientOptions.builder().trustStore(keyStore).build();
    }

    /** An unconnected socket for the raw peer as client; what it checks is our server, not the certificate. */
    Socket clientSocket() throws IOException {
        return ClientTls.insecureTrustAllCertificates().sslContext().getSocketFactory().createSocket();
    }

    /** A listening socket for the raw peer as server. */
    ServerSocket serverSocket(InetAddress address) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance("NewSunX509");
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context.getServerSocketFactory().createServerSocket(0, 50, address);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TLS with a self-signed certificate for 127.0.0.1";
    }
}
