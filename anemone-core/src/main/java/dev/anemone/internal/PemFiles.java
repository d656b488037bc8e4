package dev.anemone.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files servers are usually given (RFC 7468): a certificate chain, leaf first, and
 * its private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA; and CA certificates
 * to trust. Turns them into the key stores the JDK's TLS wants.
 */
public final class PemFiles {

    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The PKCS#8 private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)"
                    + otherFormat(text));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the key is not valid Base64", e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // Try the next algorithm.
            }
        }
        throw new IllegalArgumentException(file + " holds a PKCS#8 key of no algorithm this JDK reads (RSA, EC, EdDSA)");
    }

    private static String otherFormat(String text) {
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return "; it is encrypted: decrypt it with `openssl pkcs8 -in KEY -out KEY.pem`";
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return "; it is in the older PKCS#1/SEC1 form: convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem`";
        }
        return "";
    }

    /**
     * A key store holding {@code key} with its {@code chain}, protected by {@code password}.
     *
     * @throws IllegalArgumentException when the key does not belong to the chain's first certificate
     */
    public static KeyStore keyStore(List<X509Certificate> chain, PrivateKey key, char[] password) throws GeneralSecurityException {
        if (!belongTogether(key, chain.get(0))) {
            throw new IllegalArgumentException("the private key does not belong to the first certificate of the chain ("
                    + chain.get(0).getSubjectX500Principal() + ")");
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
        return store;
    }

    /** A key store trusting {@code certificates}. */
    public static KeyStore trustStore(List<X509Certificate> certificates) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException impossible) {
            throw new GeneralSecurityException(impossible);
        }
        return store;
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm());
        }
        try {
            byte[] probe = "anemone".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException mismatched) {
            return false;
        }
    }
}
