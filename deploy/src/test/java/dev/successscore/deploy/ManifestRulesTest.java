package dev.successscore.deploy;

import static dev.successscore.deploy.ServiceContract.EXPERTISE;
import static dev.successscore.deploy.ServiceContract.HEALTH;
import static dev.successscore.deploy.ServiceContract.SCORE;
import static dev.successscore.deploy.ServiceContract.USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule fails when its property is taken from one object: the production rendering (TLS, probe ports,
 * ServiceMonitors, external database) and the default one (plaintext, CloudNativePG) are mutated and checked
 * again.
 */
class ManifestRulesTest {

    private static final String RELEASE = Charts.RELEASE;

    /** A change to one object of a rendering, and the violation it must cause. */
    record Mutation(String description, String valuesFile, Consumer<Manifests> change, String object, String rule) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Mutation> mutations() {
        return Stream.of(
                production("runAsNonRoot removed", m -> {
                    pod(m, SCORE).getSecurityContext().setRunAsNonRoot(null);
                    container(m, SCORE).getSecurityContext().setRunAsNonRoot(null);
                }, deployment(SCORE), WorkloadRules.NON_ROOT),
                production("root user", m -> container(m, HEALTH).getSecurityContext().setRunAsUser(0L),
                        deployment(HEALTH), WorkloadRules.NON_ROOT),
                production("writable root filesystem",
                        m -> container(m, USAGE).getSecurityContext().setReadOnlyRootFilesystem(null),
                        deployment(USAGE), WorkloadRules.READ_ONLY_ROOT),
                production("privilege escalation in a Job", m -> jobContainer(m, EXPERTISE).getSecurityContext()
                        .setAllowPrivilegeEscalation(null), job(EXPERTISE), WorkloadRules.NO_PRIVILEGE_ESCALATION),
                production("capabilities kept", m -> container(m, HEALTH).getSecurityContext().setCapabilities(null),
                        deployment(HEALTH), WorkloadRules.DROP_ALL_CAPABILITIES),
                production("no seccomp profile", m -> {
                    pod(m, SCORE).getSecurityContext().setSeccompProfile(null);
                    container(m, SCORE).getSecurityContext().setSeccompProfile(null);
                }, deployment(SCORE), WorkloadRules.SECCOMP),
                production("no limits", m -> container(m, USAGE).getResources().setLimits(null),
                        deployment(USAGE), WorkloadRules.RESOURCES),
                production("no requests in a Job", m -> jobContainer(m, SCORE).getResources().setRequests(null),
                        job(SCORE), WorkloadRules.RESOURCES),
                production("no /tmp volume", m -> container(m, SCORE).getVolumeMounts()
                        .removeIf(mount -> "/tmp".equals(mount.getMountPath())),
                        deployment(SCORE), WorkloadRules.TMP_VOLUME),
                production("token mounted", m -> pod(m, USAGE).setAutomountServiceAccountToken(null),
                        deployment(USAGE), WorkloadRules.NO_TOKEN),
                production("password as a literal", m -> env(container(m, HEALTH), "CSS_DB_PASSWORD")
                        .setValueFrom(null), deployment(HEALTH), WorkloadRules.DATABASE_FROM_SECRET),
                production("password literal in a Job", m -> env(jobContainer(m, HEALTH), "CSS_DB_PASSWORD")
                        .setValue("secret"), job(HEALTH), WorkloadRules.DATABASE_FROM_SECRET),
                production("metrics port not the variable's", m -> container(m, SCORE).getPorts().get(1)
                        .setContainerPort(9999), deployment(SCORE), ContractRules.PORTS),
                production("grpc port variable missing", m -> configMap(m, USAGE).remove("CSS_USAGE_PORT"),
                        deployment(USAGE), ContractRules.PORTS),
                production("another service's image", m -> container(m, SCORE)
                        .setImage("registry.example.com/successscore/successscore-usage-service:1"),
                        deployment(SCORE), ContractRules.IMAGE),
                production("no readiness probe", m -> container(m, USAGE).setReadinessProbe(null),
                        deployment(USAGE), ContractRules.READINESS),
                production("readiness on another port", m -> container(m, USAGE).getReadinessProbe().getGrpc()
                        .setPort(9101), deployment(USAGE), ContractRules.READINESS),
                production("liveness on the readiness health", m -> container(m, EXPERTISE).getLivenessProbe()
                        .getGrpc().setService(""), deployment(EXPERTISE), ContractRules.LIVENESS),
                production("startup shorter than the migration wait", m -> container(m, HEALTH).getStartupProbe()
                        .setFailureThreshold(10), deployment(HEALTH), ContractRules.STARTUP),
                production("migrations applied at start", m -> configMap(m, SCORE).remove("CSS_DB_MIGRATIONS"),
                        deployment(SCORE), ContractRules.VALIDATE_MIGRATIONS),
                production("an upstream missing", m -> configMap(m, SCORE).put("CSS_SCORE_UPSTREAMS",
                        configMap(m, SCORE).get("CSS_SCORE_UPSTREAMS").replaceAll(",health-service=.*", "")),
                        deployment(SCORE), ContractRules.UPSTREAMS),
                production("usage target not headless", m -> service(m, USAGE).getSpec().setClusterIP(null),
                        deployment(EXPERTISE), ContractRules.UPSTREAMS),
                production("a shared database", m -> {
                    env(container(m, USAGE), "CSS_DB_URL").getValueFrom().getSecretKeyRef()
                            .setName("successscore-score-db");
                    env(jobContainer(m, USAGE), "CSS_DB_URL").getValueFrom().getSecretKeyRef()
                            .setName("successscore-score-db");
                }, deployment(USAGE), ContractRules.OWN_DATABASE),
                defaults("a shared database in CloudNativePG", m -> secretData(m, HEALTH).put("url",
                        secretData(m, SCORE).get("url")), deployment(HEALTH), ContractRules.OWN_DATABASE),
                production("no migration Job", m -> m.remove(m.migrationJob(EXPERTISE)),
                        deployment(EXPERTISE), ContractRules.MIGRATION_JOB),
                production("migration Job not a pre-upgrade hook", m -> m.migrationJob(SCORE).getMetadata()
                        .getAnnotations().put("helm.sh/hook", "post-install"),
                        deployment(SCORE), ContractRules.MIGRATION_JOB),
                production("migration Job not deleted on success", m -> m.migrationJob(SCORE).getMetadata()
                        .getAnnotations().remove("helm.sh/hook-delete-policy"),
                        deployment(SCORE), ContractRules.MIGRATION_JOB),
                production("migration Job without the migrate argument", m -> jobContainer(m, USAGE).setArgs(null),
                        deployment(USAGE), ContractRules.MIGRATION_JOB),
                production("TLS files not mounted", m -> container(m, USAGE).getVolumeMounts()
                        .removeIf(mount -> ContractRules.TLS_DIRECTORY.equals(mount.getMountPath())),
                        deployment(USAGE), ContractRules.TLS),
                production("probe port not declared", m -> container(m, USAGE).getPorts()
                        .removeIf(port -> "probe".equals(port.getName())), deployment(USAGE), ContractRules.PROBE_PORT),
                production("probe port variable missing", m -> configMap(m, HEALTH).remove("CSS_HEALTH_PROBE_PORT"),
                        deployment(HEALTH), ContractRules.PROBE_PORT),
                defaults("a probe port that nothing serves without TLS", m -> container(m, SCORE).getPorts()
                        .add(new ContainerPortBuilder().withName("probe").withContainerPort(9200).build()),
                        deployment(SCORE), ContractRules.PROBE_PORT),
                production("readiness on the TLS grpc port", m -> container(m, SCORE).getReadinessProbe().getGrpc()
                        .setPort(7100), deployment(SCORE), ContractRules.READINESS),
                production("liveness on the TLS grpc port", m -> container(m, EXPERTISE).getLivenessProbe().getGrpc()
                        .setPort(7102), deployment(EXPERTISE), ContractRules.LIVENESS),
                production("startup on the TLS grpc port", m -> container(m, HEALTH).getStartupProbe().getGrpc()
                        .setPort(7103), deployment(HEALTH), ContractRules.STARTUP),
                defaults("readiness on a probe port without TLS", m -> container(m, USAGE).getReadinessProbe()
                        .getGrpc().setPort(9201), deployment(USAGE), ContractRules.READINESS),
                production("CSS_INSECURE next to the TLS files", m -> container(m, USAGE).getEnv()
                        .add(new EnvVar("CSS_INSECURE", "true", null)), deployment(USAGE), ContractRules.TRANSPORT),
                production("CSS_INSECURE in the ConfigMap next to the TLS files", m -> configMap(m, SCORE)
                        .put("CSS_INSECURE", "true"), deployment(SCORE), ContractRules.TRANSPORT),
                defaults("neither TLS files nor CSS_INSECURE", m -> container(m, HEALTH).getEnv()
                        .removeIf(variable -> "CSS_INSECURE".equals(variable.getName())),
                        deployment(HEALTH), ContractRules.TRANSPORT),
                production("Service not headless", m -> service(m, SCORE).getSpec().setClusterIP("10.0.0.1"),
                        deployment(SCORE), ServiceRules.HEADLESS_SERVICE),
                production("Service port metrics removed", m -> service(m, HEALTH).getSpec().getPorts()
                        .removeIf(port -> "metrics".equals(port.getName())),
                        deployment(HEALTH), ServiceRules.HEADLESS_SERVICE),
                production("no disruption budget", m -> m.remove(m.require(PodDisruptionBudget.class,
                        name(HEALTH))), deployment(HEALTH), ServiceRules.DISRUPTION_BUDGET),
                production("no autoscaler", m -> m.remove(m.require(HorizontalPodAutoscaler.class,
                        name(EXPERTISE))), deployment(EXPERTISE), ServiceRules.AUTOSCALER),
                production("token on the ServiceAccount", m -> m.require(ServiceAccount.class, name(SCORE))
                        .setAutomountServiceAccountToken(true), deployment(SCORE), ServiceRules.SERVICE_ACCOUNT),
                production("no ServiceMonitor", m -> m.remove(monitor(m, USAGE)),
                        deployment(USAGE), ServiceRules.SERVICE_MONITOR),
                production("probe port on the Service", m -> service(m, USAGE).getSpec().getPorts()
                        .add(new ServicePortBuilder().withName("probe").withPort(9201).withNewTargetPort("probe")
                                .build()), deployment(USAGE), ServiceRules.PROBE_PORT_UNPUBLISHED),
                production("ServiceMonitor over http", m -> scrape(m, SCORE).put("scheme", "http"),
                        deployment(SCORE), ServiceRules.SERVICE_MONITOR_TLS),
                production("ServiceMonitor without the CA", m -> scrape(m, USAGE).remove("tlsConfig"),
                        deployment(USAGE), ServiceRules.SERVICE_MONITOR_TLS),
                production("ServiceMonitor expecting another name", m -> scrapeTls(m, HEALTH)
                        .put("serverName", "css-health-service"), deployment(HEALTH), ServiceRules.SERVICE_MONITOR_TLS),
                production("ServiceMonitor skipping verification", m -> scrapeTls(m, EXPERTISE)
                        .put("insecureSkipVerify", true), deployment(EXPERTISE), ServiceRules.SERVICE_MONITOR_TLS),
                production("label part-of removed", m -> service(m, HEALTH).getMetadata().getLabels()
                        .remove("app.kubernetes.io/part-of"), "Service/" + name(HEALTH), LabelRules.LABELS),
                production("label version removed from a pod template", m -> m.deployment(SCORE).getSpec()
                        .getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/version"),
                        deployment(SCORE) + " (pod template)", LabelRules.LABELS),
                production("no default deny", m -> m.remove(policy(m, RELEASE + "-default-deny")),
                        job(USAGE), NetworkPolicyRules.DEFAULT_DENY),
                production("score-service may not call out", m -> m.remove(policy(m, name(SCORE) + "-egress")),
                        deployment(HEALTH), NetworkPolicyRules.CALLER_PATH),
                production("usage-service admits health-service", m -> policy(m, name(USAGE) + "-ingress").getSpec()
                        .getIngress().get(0).getFrom().add(new NetworkPolicyPeerBuilder().withNewPodSelector()
                                .addToMatchLabels("app.kubernetes.io/name", "health-service").endPodSelector().build()),
                        deployment(USAGE), NetworkPolicyRules.NO_OTHER_CALLER),
                production("no API clients", m -> policy(m, name(SCORE) + "-ingress").getSpec().getIngress()
                        .remove(0), deployment(SCORE), NetworkPolicyRules.API_CLIENTS),
                production("no scrapes", m -> {
                    var ingress = policy(m, name(USAGE) + "-ingress").getSpec().getIngress();
                    ingress.remove(ingress.size() - 1);
                }, deployment(USAGE), NetworkPolicyRules.PROMETHEUS),
                production("probe port open to API clients", m -> policy(m, name(SCORE) + "-ingress").getSpec()
                        .getIngress().get(0).getPorts().add(new NetworkPolicyPortBuilder()
                                .withPort(new IntOrString(9200)).withProtocol("TCP").build()),
                        deployment(SCORE), NetworkPolicyRules.PROBE_CLOSED),
                production("probe port open to every source", m -> policy(m, name(EXPERTISE) + "-ingress").getSpec()
                        .getIngress().add(new NetworkPolicyIngressRuleBuilder().addNewPort()
                                .withPort(new IntOrString("probe")).withProtocol("TCP").endPort().build()),
                        deployment(EXPERTISE), NetworkPolicyRules.PROBE_CLOSED),
                production("no DNS", m -> policy(m, RELEASE + "-dns-and-database").getSpec().getEgress().remove(0),
                        job(HEALTH), NetworkPolicyRules.DNS),
                defaults("no PostgreSQL", m -> policy(m, RELEASE + "-dns-and-database").getSpec().getEgress()
                        .remove(1), deployment(SCORE), NetworkPolicyRules.DATABASE));
    }

    @ParameterizedTest
    @MethodSource("mutations")
    void theRuleFailsWhenItsPropertyIsRemoved(Mutation mutation) {
        Manifests manifests = Charts.manifests(mutation.valuesFile());
        assertThat(ManifestRules.check(manifests)).as("before the change").isEmpty();

        mutation.change().accept(manifests);

        assertThat(ManifestRules.check(manifests)).extracting(Violation::object, Violation::rule)
                .contains(tuple(mutation.object(), mutation.rule()));
    }

    @Test
    void aDeploymentMissingAltogetherIsAViolation() {
        Manifests manifests = Charts.manifests("values.yaml");
        manifests.remove(manifests.deployment(HEALTH));

        assertThat(ManifestRules.check(manifests)).extracting(Violation::object).contains("chart");
    }

    // --- the objects mutated

    private static Mutation production(String description, Consumer<Manifests> change, String object, String rule) {
        return new Mutation(description, "values-production.yaml", change, object, rule);
    }

    private static Mutation defaults(String description, Consumer<Manifests> change, String object, String rule) {
        return new Mutation(description, "values.yaml", change, object, rule);
    }

    private static String name(ServiceContract contract) {
        return RELEASE + "-" + contract.service();
    }

    private static String deployment(ServiceContract contract) {
        return "Deployment/" + name(contract);
    }

    private static String job(ServiceContract contract) {
        return "Job/" + name(contract) + "-migrate";
    }

    private static PodSpec pod(Manifests manifests, ServiceContract contract) {
        return manifests.deployment(contract).getSpec().getTemplate().getSpec();
    }

    private static Container container(Manifests manifests, ServiceContract contract) {
        return pod(manifests, contract).getContainers().get(0);
    }

    private static Container jobContainer(Manifests manifests, ServiceContract contract) {
        return manifests.migrationJob(contract).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> name.equals(variable.getName())).findFirst()
                .orElseThrow();
    }

    private static Map<String, String> configMap(Manifests manifests, ServiceContract contract) {
        return manifests.configMap(name(contract)).orElseThrow().getData();
    }

    private static Map<String, String> secretData(Manifests manifests, ServiceContract contract) {
        return manifests.secret(name(contract) + "-db").orElseThrow().getStringData();
    }

    private static Service service(Manifests manifests, ServiceContract contract) {
        return manifests.require(Service.class, name(contract));
    }

    private static NetworkPolicy policy(Manifests manifests, String name) {
        return manifests.require(NetworkPolicy.class, name);
    }

    /** The ServiceMonitor endpoint of a service's metrics port. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> scrape(Manifests manifests, ServiceContract contract) {
        Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) monitor(manifests, contract))
                .getAdditionalProperties().get("spec");
        return ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scrapeTls(Manifests manifests, ServiceContract contract) {
        return (Map<String, Object>) scrape(manifests, contract).get("tlsConfig");
    }

    private static HasMetadata monitor(Manifests manifests, ServiceContract contract) {
        List<GenericKubernetesResource> monitors = manifests.custom("ServiceMonitor");
        return monitors.stream().filter(monitor -> name(contract).equals(monitor.getMetadata().getName()))
                .findFirst().orElseThrow();
    }
}
