package dev.successscore.cli.client;

import dev.successscore.runtime.security.BearerTokens;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where the suite is ({@code --target}), how long a call may take ({@code --deadline}), who calls
 * ({@code --token}) and how the calls travel: plaintext, or TLS with {@code --ca} (mutual TLS with {@code --cert}
 * and {@code --key} too). A command opens channels with {@link #channel}, which send the token on every call, and
 * closes them when it is done.
 */
public final class SuiteTarget {

    /** score-service's default port; the other services listen on the next ports. */
    public static final int SCORE_PORT = 7100;

    @Option(names = "--target", paramLabel = "HOST[:PORT]", defaultValue = "${env:CSS_TARGET:-localhost:7100}",
            description = "score-service of the suite (default ${DEFAULT-VALUE}; env CSS_TARGET). The other "
                    + "services are looked for on the same host at the suite's default ports unless --usage-target, "
                    + "--expertise-target or --health-target say otherwise.")
    String target;

    @Option(names = "--usage-target", paramLabel = "HOST:PORT", description = "usage-service (default HOST:7101)")
    String usageTarget;

    @Option(names = "--expertise-target", paramLabel = "HOST:PORT",
            description = "expertise-service (default HOST:7102)")
    String expertiseTarget;

    @Option(names = "--health-target", paramLabel = "HOST:PORT", description = "health-service (default HOST:7103)")
    String healthTarget;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "deadline of each call, ISO-8601 (default ${DEFAULT-VALUE})", converter = DurationConverter.class)
    Duration deadline;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:CSS_TOKEN}",
            description = "bearer token sent on every call as 'authorization: Bearer JWT' (env CSS_TOKEN); needed "
                    + "when the suite authenticates its callers")
    String token;

    @Option(names = "--ca", paramLabel = "FILE", defaultValue = "${env:CSS_TLS_CA}",
            description = "PEM bundle of the CA certificates that signed the suite's certificates: calls go over TLS "
                    + "and a service must present a certificate naming the host called (env CSS_TLS_CA). Without "
                    + "it, calls travel in plaintext.")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "${env:CSS_TLS_CERT}",
            description = "PEM certificate chain presented to a suite that requires client certificates (mutual "
                    + "TLS; env CSS_TLS_CERT); needs --key and --ca")
    Path certificateChain;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:CSS_TLS_KEY}",
            description = "PEM PKCS#8 private key of --cert (env CSS_TLS_KEY)")
    Path privateKey;

    private ChannelCredentials credentials;

    /** A target for tests and tools. */
    public static SuiteTarget of(String target, Duration deadline) {
        SuiteTarget suiteTarget = new SuiteTarget();
        suiteTarget.target = target;
        suiteTarget.deadline = deadline;
        return suiteTarget;
    }

    /** A target for tests and tools whose services are not on the default ports next to score-service. */
    public static SuiteTarget of(String score, String usage, String expertise, String health, Duration deadline) {
        SuiteTarget suiteTarget = of(score, deadline);
        suiteTarget.usageTarget = usage;
        suiteTarget.expertiseTarget = expertise;
        suiteTarget.healthTarget = health;
        return suiteTarget;
    }

    /**
     * The same target, calling over TLS that trusts the CAs of {@code ca}, presenting {@code certificateChain} and
     * {@code privateKey} when they are not {@code null} (mutual TLS).
     */
    public SuiteTarget withTls(Path ca, Path certificateChain, Path privateKey) {
        this.ca = ca;
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.credentials = null;
        return this;
    }

    /** The same target, calling with {@code token} (none when {@code null}). */
    public SuiteTarget withToken(String token) {
        this.token = token;
        return this;
    }

    public String score() {
        return target.contains(":") ? target : target + ":" + SCORE_PORT;
    }

    public String usage() {
        return usageTarget != null ? usageTarget : host() + ":" + (SCORE_PORT + 1);
    }

    public String expertise() {
        return expertiseTarget != null ? expertiseTarget : host() + ":" + (SCORE_PORT + 2);
    }

    public String health() {
        return healthTarget != null ? healthTarget : host() + ":" + (SCORE_PORT + 3);
    }

    public Duration deadline() {
        return deadline;
    }

    /** The deadline in milliseconds, for {@code withDeadlineAfter}. */
    public long deadlineMillis() {
        return deadline.toMillis();
    }

    /**
     * A channel to {@code address}, over TLS when a CA bundle is given and in plaintext otherwise, sending this
     * target's token (if any) on every call.
     *
     * @throws IllegalArgumentException when the TLS options do not go together or name unusable files
     */
    public ManagedChannel channel(String address) {
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(address, credentials());
        if (token != null && !token.isBlank()) {
            builder.intercept(BearerTokens.of(token));
        }
        return builder.build();
    }

    private synchronized ChannelCredentials credentials() {
        if (credentials == null) {
            credentials = ClientTls.credentials(ca, certificateChain, privateKey);
        }
        return credentials;
    }

    /** A plaintext channel to {@code target}, without a token. */
    public static ManagedChannel open(String target) {
        return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }

    /** Shuts a channel down, waiting briefly for calls in flight. */
    public static void close(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private String host() {
        String score = score();
        return score.substring(0, score.lastIndexOf(':'));
    }

    /** Reads ISO-8601 durations ({@code PT10S}) and the short forms {@code 500ms}, {@code 10s}, {@code 2m}. */
    public static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s") && !text.startsWith("p")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m") && !text.startsWith("p")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
