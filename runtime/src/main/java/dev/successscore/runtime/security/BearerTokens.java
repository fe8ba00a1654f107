package dev.successscore.runtime.security;

import dev.successscore.runtime.config.Settings;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client side of caller authentication: an interceptor that sends {@code authorization: Bearer <token>} on
 * every call. A service calling another service (score-service following the event feeds, expertise-service asking
 * usage-service for rosters) sends its own service token, read from the file {@value #SERVICE_TOKEN_FILE} names
 * (read again when the file changes, so a token renewed by the platform is picked up without a restart; a file
 * that turns empty or unreadable meanwhile keeps the token read before).
 */
public final class BearerTokens {

    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    /** The file holding the token a service presents to the services it calls. */
    public static final String SERVICE_TOKEN_FILE = "CSS_AUTH_SERVICE_TOKEN_FILE";

    private BearerTokens() {
    }

    /** An interceptor sending {@code token} on every call. */
    public static ClientInterceptor of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        String stripped = token.strip();
        return supplied(() -> stripped);
    }

    /** An interceptor sending the token in {@code file} on every call, read again whenever the file changes. */
    public static ClientInterceptor fromFile(Path file) {
        return supplied(new FileToken(file));
    }

    /**
     * The interceptor that sends this service's own token ({@value #SERVICE_TOKEN_FILE}), if one is configured.
     * Without one, calls go without a token: fine when the called services run with authentication disabled.
     */
    public static Optional<ClientInterceptor> serviceToken(Settings settings) {
        return settings.optional(SERVICE_TOKEN_FILE).map(value -> fromFile(settings.path(SERVICE_TOKEN_FILE, null)));
    }

    private static ClientInterceptor supplied(Supplier<String> token) {
        return new ClientInterceptor() {
            @Override
            public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                                       CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<RespT> listener, Metadata headers) {
                        headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token.get());
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    /**
     * A token file, read again when it changes. A file that turns empty or unreadable after a token was read (a
     * Secret being replaced) keeps that token in use, logged once, until the file changes again.
     */
    private static final class FileToken implements Supplier<String> {

        private final Path file;
        private FileVersion seen;
        private String token;

        FileToken(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            get(); // a missing or empty file fails at start, not at the first call
        }

        @Override
        public synchronized String get() {
            FileVersion version = FileVersion.ofOrUnreadable(file);
            if (token != null && version.equals(seen)) {
                return token;
            }
            seen = version;
            String read;
            try {
                read = Files.readString(file).strip();
            } catch (IOException e) {
                if (token == null) {
                    throw new UncheckedIOException("Could not read the token file " + file, e);
                }
                log.warn("Could not read the token file {}; sending the token read before until it changes again: {}",
                        file, e.toString());
                return token;
            }
            if (read.isEmpty()) {
                if (token == null) {
                    throw new IllegalStateException("The token file " + file + " is empty");
                }
                log.warn("The token file {} is empty; sending the token read before until it changes again", file);
                return token;
            }
            token = read;
            return token;
        }
    }
}
