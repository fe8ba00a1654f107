package dev.successscore.cli.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How css secures its calls to a suite: plaintext without a CA bundle; with one ({@code --ca}), TLS that trusts only
 * the bundle's CAs and accepts a server only when its certificate names the host called; with a certificate and its
 * key too ({@code --cert}, {@code --key}), mutual TLS, for suites that require client certificates. The files are
 * read and checked once, when the credentials are made, and a file that is not what it should be is refused with a
 * message naming the option.
 */
final class ClientTls {

    private ClientTls() {
    }

    /**
     * The credentials for these files ({@code null} when not given).
     *
     * @throws IllegalArgumentException when the options do not go together or a file is unreadable or not PEM
     */
    static ChannelCredentials credentials(Path ca, Path certificateChain, Path privateKey) {
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("--cert and --key (env CSS_TLS_CERT, CSS_TLS_KEY) go together: "
                    + "mutual TLS needs the certificate and its private key");
        }
        if (ca == null) {
            if (certificateChain != null) {
                throw new IllegalArgumentException("--cert and --key need --ca (env CSS_TLS_CA), the PEM bundle of "
                        + "the CA certificates that signed the suite's certificates");
            }
            return InsecureChannelCredentials.create();
        }
        byte[] trusted = certificates(ca, "--ca");
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        try {
            builder.trustManager(new ByteArrayInputStream(trusted));
            if (certificateChain != null) {
                builder.keyManager(new ByteArrayInputStream(certificates(certificateChain, "--cert")),
                        new ByteArrayInputStream(privateKey(privateKey)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot use the TLS files: " + e.getMessage(), e);
        }
        return builder.build();
    }

    private static byte[] certificates(Path file, String option) {
        byte[] pem = read(file, option);
        try {
            if (CertificateUtils.getX509Certificates(new ByteArrayInputStream(pem)).length > 0) {
                return pem;
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(option + " " + file + " holds no readable PEM certificate: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException(option + " " + file + " holds no PEM certificate");
    }

    private static byte[] privateKey(Path file) {
        byte[] pem = read(file, "--key");
        if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("--key " + file + " must hold an unencrypted PKCS#8 private key "
                    + "(-----BEGIN PRIVATE KEY-----); convert one with `openssl pkcs8 -topk8 -nocrypt`");
        }
        try {
            CertificateUtils.getPrivateKey(new ByteArrayInputStream(pem));
            return pem;
        } catch (Exception e) {
            throw new IllegalArgumentException("--key " + file + " holds no readable RSA or EC private key: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e, e);
        }
    }
}
