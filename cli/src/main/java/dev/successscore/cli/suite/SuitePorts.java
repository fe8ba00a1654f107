package dev.successscore.cli.suite;

/**
 * The ports of a local suite. The defaults are fixed and documented; 0 means any free port (tests).
 *
 * @param score            score-service's gRPC port (default 7100)
 * @param usage            usage-service's gRPC port (default 7101)
 * @param expertise        expertise-service's gRPC port (default 7102)
 * @param health           health-service's gRPC port (default 7103)
 * @param database         the embedded PostgreSQL's port (default 7109)
 * @param scoreMetrics     score-service's metrics port (default 9100)
 * @param usageMetrics     usage-service's metrics port (default 9101)
 * @param expertiseMetrics expertise-service's metrics port (default 9102)
 * @param healthMetrics    health-service's metrics port (default 9103)
 * @param scoreProbe       score-service's plaintext health port, opened only with TLS (default 9200)
 * @param usageProbe       usage-service's plaintext health port, opened only with TLS (default 9201)
 * @param expertiseProbe   expertise-service's plaintext health port, opened only with TLS (default 9202)
 * @param healthProbe      health-service's plaintext health port, opened only with TLS (default 9203)
 */
public record SuitePorts(int score, int usage, int expertise, int health, int database,
                         int scoreMetrics, int usageMetrics, int expertiseMetrics, int healthMetrics,
                         int scoreProbe, int usageProbe, int expertiseProbe, int healthProbe) {

    /** The documented defaults. */
    public static final SuitePorts DEFAULTS = new SuitePorts(7100, 7101, 7102, 7103, 7109, 9100, 9101, 9102, 9103,
            9200, 9201, 9202, 9203);
    /** Any free ports. */
    public static final SuitePorts ANY = new SuitePorts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public SuitePorts {
        for (int port : new int[] {score, usage, expertise, health, database, scoreMetrics, usageMetrics,
                expertiseMetrics, healthMetrics, scoreProbe, usageProbe, expertiseProbe, healthProbe}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port must be 0..65535 but was " + port);
            }
        }
    }

    /** Every fixed port moved by {@code offset} (a second suite beside the first); "any free port" stays so. */
    public SuitePorts shiftedBy(int offset) {
        return new SuitePorts(shift(score, offset), shift(usage, offset), shift(expertise, offset),
                shift(health, offset), shift(database, offset), shift(scoreMetrics, offset),
                shift(usageMetrics, offset), shift(expertiseMetrics, offset), shift(healthMetrics, offset),
                shift(scoreProbe, offset), shift(usageProbe, offset), shift(expertiseProbe, offset),
                shift(healthProbe, offset));
    }

    private static int shift(int port, int offset) {
        return port == 0 ? 0 : port + offset;
    }
}
