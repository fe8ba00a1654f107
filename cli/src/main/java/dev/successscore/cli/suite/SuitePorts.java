package dev.successscore.cli.suite;

/**
 * The ports of a local suite. The defaults are fixed and documented; 0 means any free port (tests).
 *
 * @param score     score-service's gRPC port (default 7100)
 * @param usage     usage-service's gRPC port (default 7101)
 * @param expertise expertise-service's gRPC port (default 7102)
 * @param health    health-service's gRPC port (default 7103)
 * @param database  the embedded PostgreSQL's port (default 7109)
 */
public record SuitePorts(int score, int usage, int expertise, int health, int database) {

    /** The documented defaults. */
    public static final SuitePorts DEFAULTS = new SuitePorts(7100, 7101, 7102, 7103, 7109);
    /** Any free ports. */
    public static final SuitePorts ANY = new SuitePorts(0, 0, 0, 0, 0);

    public SuitePorts {
        for (int port : new int[] {score, usage, expertise, health, database}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port must be 0..65535 but was " + port);
            }
        }
    }
}
