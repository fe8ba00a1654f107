package dev.successscore.runtime.tls;

import io.grpc.TlsServerCredentials;

import java.util.Locale;

/** Whether a TLS server demands a certificate from its clients ({@value TlsSettings#CLIENT_AUTH}). */
public enum ClientAuth {

    /** Mutual TLS: a client without a certificate signed by the trusted CA is refused during the handshake. */
    REQUIRE,
    /**
     * A client may present a certificate (and it is then checked against the trusted CA) or none, for ports that
     * external API clients reach with tokens only.
     */
    OPTIONAL;

    /** Reads {@code require} or {@code optional}, in any case. */
    public static ClientAuth parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "require" -> REQUIRE;
            case "optional" -> OPTIONAL;
            default -> throw new IllegalArgumentException("Configuration variable " + TlsSettings.CLIENT_AUTH
                    + " must be require or optional but was '" + text + "'");
        };
    }

    TlsServerCredentials.ClientAuth toGrpc() {
        return this == REQUIRE ? TlsServerCredentials.ClientAuth.REQUIRE : TlsServerCredentials.ClientAuth.OPTIONAL;
    }
}
