package dev.successscore.deploy;

import static dev.successscore.deploy.Rules.list;
import static dev.successscore.deploy.Rules.port;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each Deployment against the services' runtime contract: ports, environment, probes, links, migrations, TLS.
 * A service serves TLS when its environment names the TLS files; it then serves its health in plaintext on its
 * probe port, which the kubelet's probes call, and without TLS on its gRPC port.
 */
final class ContractRules {

    static final String KNOWN_SERVICE = "a known service";
    static final String PORTS = "grpc and metrics ports of the contract";
    static final String IMAGE = "the service's image";
    static final String READINESS = "gRPC readiness probe on the plaintext health port (probe with TLS, else grpc)";
    static final String LIVENESS = "gRPC liveness probe (service liveness) on the plaintext health port";
    static final String STARTUP = "gRPC startup probe on the plaintext health port, longer than the migration wait";
    static final String PROBE_PORT = "with TLS, the contract's probe port declared and in CSS_<SERVICE>_PROBE_PORT; "
            + "without TLS, none";
    static final String VALIDATE_MIGRATIONS = "CSS_DB_MIGRATIONS=validate";
    static final String UPSTREAMS = "links to the headless Services of the called services";
    static final String OWN_DATABASE = "a database of its own";
    static final String MIGRATION_JOB = "a migration Job as a helm hook";
    static final String TLS = "TLS files mounted read-only where CSS_TLS_* point";
    static final String TRANSPORT = "either the TLS files or CSS_INSECURE=true, never both";

    static final Map<String, String> HOOK_ANNOTATIONS = Map.of(
            "helm.sh/hook", "post-install,pre-upgrade",
            "helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
    static final String TLS_DIRECTORY = "/etc/successscore/tls";
    static final List<String> TLS_FILE_VARIABLES = List.of("CSS_TLS_CERT", "CSS_TLS_KEY", "CSS_TLS_CA");
    static final String INSECURE = "CSS_INSECURE";
    private static final long DEFAULT_MIGRATION_WAIT_SECONDS = 120;

    private ContractRules() {
    }

    static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        Map<String, String> databases = new HashMap<>();
        for (Deployment deployment : manifests.deployments()) {
            String id = Manifests.id(deployment);
            Optional<ServiceContract> contract = ServiceContract.named(
                    deployment.getMetadata().getLabels().get("app.kubernetes.io/name"));
            if (contract.isEmpty()) {
                violations.add(new Violation(id, KNOWN_SERVICE, "app.kubernetes.io/name names no service"));
                continue;
            }
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
            checkPorts(id, contract.get(), container, environment, violations);
            checkImage(id, contract.get(), container.getImage(), violations);
            checkTransport(id, environment, violations);
            checkProbePort(id, contract.get(), container, environment, violations);
            checkProbes(id, container, environment, violations);
            if (!environment.value("CSS_DB_MIGRATIONS").filter("validate"::equals).isPresent()) {
                violations.add(new Violation(id, VALIDATE_MIGRATIONS,
                        "CSS_DB_MIGRATIONS is " + environment.value("CSS_DB_MIGRATIONS").orElse("unset")));
            }
            checkUpstreams(id, contract.get(), environment, manifests, violations);
            checkOwnDatabase(id, environment, manifests, databases, violations);
            checkMigrationJob(id, contract.get(), deployment, container, environment, manifests, violations);
            checkTls(id, deployment, container, environment, violations);
        }
        return violations;
    }

    private static void checkPorts(String id, ServiceContract contract, Container container,
            ContainerEnvironment environment, List<Violation> violations) {
        Optional<Integer> grpc = port(container, "grpc").map(ContainerPort::getContainerPort);
        Optional<Integer> metrics = port(container, "metrics").map(ContainerPort::getContainerPort);
        if (!grpc.equals(Optional.of(contract.grpcPort()))) {
            violations.add(new Violation(id, PORTS, "port grpc is " + grpc + ", not " + contract.grpcPort()));
        }
        if (!environment.value(contract.portEnv()).equals(grpc.map(String::valueOf))) {
            violations.add(new Violation(id, PORTS, contract.portEnv() + " is "
                    + environment.value(contract.portEnv()) + ", the grpc port " + grpc));
        }
        if (metrics.isEmpty() || !environment.value(contract.metricsPortEnv()).equals(metrics.map(String::valueOf))) {
            violations.add(new Violation(id, PORTS, contract.metricsPortEnv() + " is "
                    + environment.value(contract.metricsPortEnv()) + ", the metrics port " + metrics));
        }
    }

    private static void checkImage(String id, ServiceContract contract, String image, List<Violation> violations) {
        if (image == null || !image.matches(".+/successscore/" + contract.artifactId() + ":[\\w][\\w.-]*")) {
            violations.add(new Violation(id, IMAGE, image + " is not <registry>/successscore/"
                    + contract.artifactId() + ":<tag>"));
        }
    }

    /** Whether the container is given the TLS files (any of them; {@link #checkTls} checks all are). */
    static boolean servesTls(ContainerEnvironment environment) {
        return TLS_FILE_VARIABLES.stream().anyMatch(environment::has);
    }

    private static void checkTransport(String id, ContainerEnvironment environment, List<Violation> violations) {
        boolean tls = servesTls(environment);
        Optional<String> insecure = environment.get(INSECURE).map(variable -> String.valueOf(variable.value()));
        if (tls && insecure.isPresent()) {
            violations.add(new Violation(id, TRANSPORT, INSECURE + "=" + insecure.get()
                    + " is set next to the TLS files"));
        } else if (!tls && !insecure.equals(Optional.of("true"))) {
            violations.add(new Violation(id, TRANSPORT, "no TLS files and " + INSECURE + " is "
                    + insecure.orElse("unset") + ": the service refuses to start"));
        }
    }

    private static void checkProbePort(String id, ServiceContract contract, Container container,
            ContainerEnvironment environment, List<Violation> violations) {
        Optional<Integer> probe = port(container, "probe").map(ContainerPort::getContainerPort);
        if (!servesTls(environment)) {
            if (probe.isPresent() || environment.has(contract.probePortEnv())) {
                violations.add(new Violation(id, PROBE_PORT, "plaintext, yet probe port " + probe + " and "
                        + contract.probePortEnv() + " " + environment.value(contract.probePortEnv())
                        + ": nothing serves it"));
            }
            return;
        }
        if (!probe.equals(Optional.of(contract.probePort()))) {
            violations.add(new Violation(id, PROBE_PORT, "port probe is " + probe + ", not "
                    + contract.probePort()));
        }
        if (probe.isEmpty() || !environment.value(contract.probePortEnv()).equals(probe.map(String::valueOf))) {
            violations.add(new Violation(id, PROBE_PORT, contract.probePortEnv() + " is "
                    + environment.value(contract.probePortEnv()) + ", the probe port " + probe));
        }
    }

    /** The container port the kubelet's probes must call: probe with TLS (gRPC probes cannot speak it), else grpc. */
    private static Integer healthPort(Container container, ContainerEnvironment environment) {
        return port(container, servesTls(environment) ? "probe" : "grpc").map(ContainerPort::getContainerPort)
                .orElse(null);
    }

    private static void checkProbes(String id, Container container, ContainerEnvironment environment,
            List<Violation> violations) {
        Integer healthPort = healthPort(container, environment);
        if (!grpcProbe(container.getReadinessProbe(), healthPort, "")) {
            violations.add(new Violation(id, READINESS, "readinessProbe=" + container.getReadinessProbe()));
        }
        if (!grpcProbe(container.getLivenessProbe(), healthPort, "liveness")) {
            violations.add(new Violation(id, LIVENESS, "livenessProbe=" + container.getLivenessProbe()));
        }
        Probe startup = container.getStartupProbe();
        long wait = environment.value("CSS_DB_MIGRATION_WAIT").map(Rules::seconds)
                .orElse(DEFAULT_MIGRATION_WAIT_SECONDS);
        if (!grpcProbe(startup, healthPort, "liveness")) {
            violations.add(new Violation(id, STARTUP, "startupProbe=" + startup));
        } else {
            long budget = (long) Objects.requireNonNullElse(startup.getPeriodSeconds(), 10)
                    * Objects.requireNonNullElse(startup.getFailureThreshold(), 3);
            if (budget <= wait) {
                violations.add(new Violation(id, STARTUP, "startup allows " + budget
                        + " s, the migration wait is " + wait + " s"));
            }
        }
    }

    private static boolean grpcProbe(Probe probe, Integer port, String service) {
        if (probe == null || probe.getGrpc() == null || port == null) {
            return false;
        }
        GRPCAction grpc = probe.getGrpc();
        return port.equals(grpc.getPort()) && service.equals(Objects.requireNonNullElse(grpc.getService(), ""));
    }

    private static void checkUpstreams(String id, ServiceContract contract, ContainerEnvironment environment,
            Manifests manifests, List<Violation> violations) {
        Map<String, String> expected = contract.calls().stream().collect(Collectors.toMap(ServiceContract::service,
                upstream -> target(upstream, manifests)));
        Map<String, String> actual = new HashMap<>();
        if (contract == ServiceContract.SCORE) {
            environment.value("CSS_SCORE_UPSTREAMS").ifPresent(upstreams -> Arrays.stream(upstreams.split(","))
                    .map(entry -> entry.split("=", 2))
                    .forEach(pair -> actual.put(pair[0], pair.length > 1 ? pair[1] : "")));
        } else if (contract == ServiceContract.EXPERTISE) {
            environment.value("CSS_EXPERTISE_USAGE_TARGET").ifPresent(
                    target -> actual.put(ServiceContract.USAGE.service(), target));
        }
        if (!actual.equals(expected)) {
            violations.add(new Violation(id, UPSTREAMS, "links are " + actual + ", expected " + expected));
        }
    }

    /** dns:///<headless Service>.<namespace>.svc.<domain>:<port>, for a Service the chart renders headless. */
    private static String target(ServiceContract upstream, Manifests manifests) {
        String service = manifests.releaseName() + "-" + upstream.service();
        boolean headless = manifests.services().stream()
                .anyMatch(candidate -> service.equals(candidate.getMetadata().getName())
                        && "None".equals(candidate.getSpec().getClusterIP()));
        return headless ? "dns:///" + service + "." + Charts.NAMESPACE + ".svc.cluster.local:" + upstream.grpcPort()
                : "(no headless Service " + service + ")";
    }

    private static void checkOwnDatabase(String id, ContainerEnvironment environment, Manifests manifests,
            Map<String, String> databases, List<Violation> violations) {
        Optional<SecretKeySelector> url = environment.get("CSS_DB_URL").map(ContainerEnvironment.Variable::secret);
        if (url.isEmpty()) {
            return;
        }
        String database = url.get().getName() + "/" + url.get().getKey();
        Optional<String> rendered = manifests.secret(url.get().getName()).map(Secret::getStringData)
                .map(data -> data.get(url.get().getKey()));
        if (rendered.isPresent()) {
            database = rendered.get();
        }
        String other = databases.putIfAbsent(database, id);
        if (other != null) {
            violations.add(new Violation(id, OWN_DATABASE, "shares " + database + " with " + other));
            violations.add(new Violation(other, OWN_DATABASE, "shares " + database + " with " + id));
        }
    }

    private static void checkMigrationJob(String id, ServiceContract contract, Deployment deployment,
            Container container, ContainerEnvironment environment, Manifests manifests,
            List<Violation> violations) {
        Optional<Job> job = manifests.named(Job.class, deployment.getMetadata().getName() + "-migrate");
        if (job.isEmpty()) {
            violations.add(new Violation(id, MIGRATION_JOB, "no Job " + deployment.getMetadata().getName()
                    + "-migrate"));
            return;
        }
        Map<String, String> annotations = Objects.requireNonNullElse(job.get().getMetadata().getAnnotations(),
                Map.of());
        HOOK_ANNOTATIONS.forEach((key, value) -> {
            if (!Set.copyOf(Arrays.asList(annotations.getOrDefault(key, "").split(",")))
                    .equals(Set.copyOf(Arrays.asList(value.split(","))))) {
                violations.add(new Violation(id, MIGRATION_JOB, key + " is " + annotations.get(key)
                        + ", not " + value));
            }
        });
        Container migrate = job.get().getSpec().getTemplate().getSpec().getContainers().get(0);
        if (!List.of("migrate").equals(list(migrate.getArgs())) || !list(migrate.getCommand()).isEmpty()
                || !Objects.equals(migrate.getImage(), container.getImage())) {
            violations.add(new Violation(id, MIGRATION_JOB, "the Job does not run " + container.getImage()
                    + " with the argument migrate: " + migrate.getImage() + " " + migrate.getArgs()));
        }
        if (!"Never".equals(job.get().getSpec().getTemplate().getSpec().getRestartPolicy())) {
            violations.add(new Violation(id, MIGRATION_JOB, "the Job's pods are restarted in place"));
        }
        ContainerEnvironment jobEnvironment = ContainerEnvironment.of(migrate, manifests);
        for (String name : List.of("CSS_DB_URL", "CSS_DB_USER", "CSS_DB_PASSWORD")) {
            if (!Objects.equals(jobEnvironment.get(name), environment.get(name))) {
                violations.add(new Violation(id, MIGRATION_JOB, name + " differs between the Job and "
                        + contract.service()));
            }
        }
    }

    private static void checkTls(String id, Deployment deployment, Container container,
            ContainerEnvironment environment, List<Violation> violations) {
        Map<String, String> files = Map.of("CSS_TLS_CERT", "tls.crt", "CSS_TLS_KEY", "tls.key", "CSS_TLS_CA", "ca.crt");
        if (!servesTls(environment)) {
            return;
        }
        files.forEach((name, file) -> {
            if (!environment.value(name).equals(Optional.of(TLS_DIRECTORY + "/" + file))) {
                violations.add(new Violation(id, TLS, name + " is " + environment.value(name)));
            }
        });
        if (tlsSecret(deployment, container).isEmpty()) {
            violations.add(new Violation(id, TLS, "no Secret is mounted read-only at " + TLS_DIRECTORY));
        }
    }

    /** The name of the Secret mounted read-only where the TLS files are looked for. */
    static Optional<String> tlsSecret(Deployment deployment, Container container) {
        return list(container.getVolumeMounts()).stream()
                .filter(mount -> TLS_DIRECTORY.equals(mount.getMountPath()) && Rules.isTrue(mount.getReadOnly()))
                .flatMap(mount -> list(deployment.getSpec().getTemplate().getSpec().getVolumes()).stream()
                        .filter(volume -> volume.getName().equals(mount.getName()) && volume.getSecret() != null))
                .map(volume -> volume.getSecret().getSecretName())
                .findFirst();
    }
}
