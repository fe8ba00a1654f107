package dev.successscore.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The services' runtime contract, as the chart and the images must honour it. */
public enum ServiceContract {
    SCORE("score-service", "dev.successscore.score.ScoreServiceApp", 7100, 9100, 9200, "CSS_SCORE",
            "dev/successscore/score/"),
    USAGE("usage-service", "dev.successscore.usage.UsageServiceApp", 7101, 9101, 9201, "CSS_USAGE",
            "dev/successscore/usage/"),
    EXPERTISE("expertise-service", "dev.successscore.expertise.ExpertiseServiceApp", 7102, 9102, 9202,
            "CSS_EXPERTISE", "dev/successscore/expertise/"),
    HEALTH("health-service", "dev.successscore.health.HealthServiceApp", 7103, 9103, 9203, "CSS_HEALTH",
            "dev/successscore/health/");

    private final String service;
    private final String mainClass;
    private final int grpcPort;
    private final int metricsPort;
    private final int probePort;
    private final String envPrefix;
    private final String classesFolder;

    ServiceContract(String service, String mainClass, int grpcPort, int metricsPort, int probePort,
            String envPrefix, String classesFolder) {
        this.service = service;
        this.mainClass = mainClass;
        this.grpcPort = grpcPort;
        this.metricsPort = metricsPort;
        this.probePort = probePort;
        this.envPrefix = envPrefix;
        this.classesFolder = classesFolder;
    }

    /** The service's name: its module, its app.kubernetes.io/name label. */
    public String service() {
        return service;
    }

    public String artifactId() {
        return "successscore-" + service;
    }

    public String mainClass() {
        return mainClass;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    /**
     * The plaintext port serving only grpc.health.v1.Health for the kubelet's probes while the gRPC port speaks
     * TLS; without TLS there is none.
     */
    public int probePort() {
        return probePort;
    }

    public String portEnv() {
        return envPrefix + "_PORT";
    }

    public String metricsPortEnv() {
        return envPrefix + "_METRICS_PORT";
    }

    public String probePortEnv() {
        return envPrefix + "_PROBE_PORT";
    }

    /** Where the service's own classes are, under the image's class folder. */
    public String classesFolder() {
        return classesFolder;
    }

    /** The services this one calls over gRPC. */
    public List<ServiceContract> calls() {
        return switch (this) {
            case SCORE -> List.of(USAGE, EXPERTISE, HEALTH);
            case EXPERTISE -> List.of(USAGE);
            default -> List.of();
        };
    }

    public static Optional<ServiceContract> named(String service) {
        return Arrays.stream(values()).filter(contract -> contract.service.equals(service)).findFirst();
    }
}
