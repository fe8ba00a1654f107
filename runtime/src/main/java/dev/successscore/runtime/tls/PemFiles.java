package dev.successscore.runtime.tls;

import io.grpc.util.CertificateUtils;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Reads and checks the PEM contents of the TLS files, with messages that name the file and its variable. */
final class PemFiles {

    private static final byte[] CHALLENGE = "successscore key pair check".getBytes(StandardCharsets.US_ASCII);

    private PemFiles() {
    }

    /** A certificate chain, this service's own certificate first, and the private key of that certificate. */
    record Identity(X509Certificate[] chain, PrivateKey key) {

        X509Certificate certificate() {
            return chain[0];
        }
    }

    /**
     * The certificate chain and private key, checked to belong together.
     *
     * @throws IllegalArgumentException when a file is not what it should be
     */
    static Identity identity(byte[] chainPem, Path chainFile, byte[] keyPem, Path keyFile) {
        X509Certificate[] chain = certificates(chainPem, chainFile, TlsSettings.CERT);
        PrivateKey key = privateKey(keyPem, keyFile);
        if (!belongTogether(key, chain[0])) {
            throw new IllegalArgumentException("The private key " + keyFile + " (" + TlsSettings.KEY
                    + ") does not belong to the certificate " + chain[0].getSubjectX500Principal() + " in " + chainFile
                    + " (" + TlsSettings.CERT + ")");
        }
        return new Identity(chain, key);
    }

    /** The CA certificates of a bundle. */
    static X509Certificate[] trustedCertificates(byte[] bundlePem, Path bundleFile) {
        return certificates(bundlePem, bundleFile, TlsSettings.CA);
    }

    private static X509Certificate[] certificates(byte[] pem, Path file, String variable) {
        X509Certificate[] certificates;
        try {
            certificates = CertificateUtils.getX509Certificates(new ByteArrayInputStream(pem));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(file + " (" + variable + ") holds no readable PEM certificates: " + e,
                    e);
        }
        if (certificates.length == 0) {
            throw new IllegalArgumentException(file + " (" + variable + ") holds no PEM certificate");
        }
        return certificates;
    }

    private static PrivateKey privateKey(byte[] pem, Path file) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            boolean traditional = text.contains("-----BEGIN RSA PRIVATE KEY-----")
                    || text.contains("-----BEGIN EC PRIVATE KEY-----");
            throw new IllegalArgumentException(file + " (" + TlsSettings.KEY + ") must hold an unencrypted PKCS#8 "
                    + "private key (-----BEGIN PRIVATE KEY-----)" + (traditional
                    ? "; convert it with `openssl pkcs8 -topk8 -nocrypt`, or have cert-manager write PKCS8" : ""));
        }
        try {
            return CertificateUtils.getPrivateKey(new ByteArrayInputStream(pem));
        } catch (Exception e) {
            throw new IllegalArgumentException(file + " (" + TlsSettings.KEY + ") holds no readable RSA or EC "
                    + "PKCS#8 private key: " + e, e);
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
