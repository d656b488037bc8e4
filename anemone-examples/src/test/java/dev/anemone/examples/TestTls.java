package dev.anemone.examples;

import dev.anemone.ClientOptions;
import dev.anemone.TlsOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate for localhost, made once by the JDK's keytool, and clients that trust it. */
final class TestTls {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Path STORE;
    private static final KeyStore KEYS;

    static {
        try {
            Path folder = Files.createTempDirectory("anemone-examples-tls");
            STORE = folder.resolve("server.p12");
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keystore", STORE.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                    "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1"))
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KEYS = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(STORE)) {
                KEYS.load(in, PASSWORD);
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestTls() {
    }

    static TlsOptions server() {
        return TlsOptions.fromPkcs12(STORE, PASSWORD);
    }

    /** Our client's options trusting the certificate, with these extra header fields (name, value, ...). */
    static ClientOptions client(String... headers) {
        ClientOptions.Builder builder = ClientOptions.builder().trustStore(KEYS);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    /** An SSL context for the JDK's HTTP client that trusts the certificate. */
    static SSLContext httpClientContext() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(KEYS);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
