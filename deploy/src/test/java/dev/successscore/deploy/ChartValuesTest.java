package dev.successscore.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the values files and the main values choose: databases, replicas, TLS, probes, metrics. */
class ChartValuesTest {

    @Test
    void defaultsUseTheContractsPortsAndOneCloudNativePgDatabasePerService() {
        Manifests manifests = Charts.manifests("values.yaml");

        List<GenericKubernetesResource> databases = manifests.custom("Database");
        assertThat(manifests.custom("Cluster")).hasSize(1);
        for (ServiceContract contract : ServiceContract.values()) {
            Container container = container(manifests, contract);
            ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
            assertThat(environment.value(contract.metricsPortEnv())).contains(String.valueOf(contract.metricsPort()));
            assertThat(secretRef(environment, "CSS_DB_PASSWORD").getName()).isEqualTo("css-postgres-app");
            String url = manifests.secret("css-" + contract.service() + "-db").map(Secret::getStringData)
                    .orElseThrow().get("url");
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(url).startsWith("jdbc:postgresql://css-postgres-rw.successscore.svc.cluster.local:5432/");
            assertThat(databases).anySatisfy(resource -> assertThat(spec(resource)).containsEntry("name", database));
            assertThat(environment.has("CSS_TLS_CERT")).isFalse();
            assertThat(environment.value("CSS_INSECURE")).as("plaintext, asked for explicitly").contains("true");
            assertThat(container.getPorts()).extracting(ContainerPort::getName).containsExactly("grpc", "metrics");
            assertThat(probePorts(container)).containsOnly(contract.grpcPort());
        }
        assertThat(databases).hasSize(ServiceContract.values().length);
        assertThat(manifests.custom("ServiceMonitor")).isEmpty();
    }

    @Test
    void productionRunsTwoReplicasWithBudgetsTlsExistingSecretsAndMonitors() {
        Manifests manifests = Charts.manifests("values-production.yaml");

        assertThat(manifests.of(HorizontalPodAutoscaler.class)).hasSize(4)
                .allSatisfy(autoscaler -> assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2));
        assertThat(manifests.of(PodDisruptionBudget.class)).hasSize(4)
                .allSatisfy(budget -> assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
        assertThat(manifests.custom("ServiceMonitor")).hasSize(4);
        assertThat(manifests.custom("Cluster")).isEmpty();
        assertThat(manifests.of(Secret.class)).as("credentials live outside the chart").isEmpty();
        for (ServiceContract contract : ServiceContract.values()) {
            ContainerEnvironment environment = ContainerEnvironment.of(container(manifests, contract), manifests);
            assertThat(secretRef(environment, "CSS_DB_URL").getName()).startsWith("successscore-")
                    .endsWith("-db");
            assertThat(environment.value("CSS_TLS_CA")).contains("/etc/successscore/tls/ca.crt");
            assertThat(environment.has("CSS_INSECURE")).isFalse();
        }
    }

    @Test
    void withTlsTheKubeletProbesThePlaintextProbePortAndPrometheusScrapesOverHttps() {
        Manifests manifests = Charts.manifests("values-production.yaml");

        for (ServiceContract contract : ServiceContract.values()) {
            Container container = container(manifests, contract);
            assertThat(container.getPorts()).filteredOn(port -> "probe".equals(port.getName()))
                    .singleElement().extracting(ContainerPort::getContainerPort).isEqualTo(contract.probePort());
            assertThat(probePorts(container)).containsOnly(contract.probePort());
            assertThat(ContainerEnvironment.of(container, manifests).value(contract.probePortEnv()))
                    .contains(String.valueOf(contract.probePort()));
            Map<String, Object> endpoint = scrape(manifests, contract);
            assertThat(endpoint).containsEntry("scheme", "https");
            assertThat(endpoint.get("tlsConfig")).isEqualTo(Map.of(
                    "ca", Map.of("secret", Map.of("name", "successscore-tls", "key", "ca.crt")),
                    "serverName", "css-" + contract.service() + ".successscore.svc.cluster.local"));
        }
        assertThat(manifests.services()).allSatisfy(service -> assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getName).containsExactly("grpc", "metrics"));
    }

    @Test
    void aServiceMayPresentACertificateOfItsOwn() {
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values-production.yaml",
                Map.of("services.usage-service.tlsSecretName", "successscore-usage-tls")));

        assertThat(ManifestRules.check(manifests)).isEmpty();
        for (ServiceContract contract : ServiceContract.values()) {
            String secret = contract == ServiceContract.USAGE ? "successscore-usage-tls" : "successscore-tls";
            assertThat(manifests.deployment(contract).getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(volume -> "tls".equals(volume.getName())).singleElement()
                    .satisfies(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo(secret));
            assertThat(scrape(manifests, contract)).extractingByKey("tlsConfig").extracting("ca").extracting("secret")
                    .extracting("name").isEqualTo(secret);
        }
    }

    @Test
    void clientAuthenticationAndTheReloadIntervalReachTheServices() {
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values-production.yaml",
                Map.of("tls.clientAuth", "optional", "tls.reloadInterval", "30s")));

        for (ServiceContract contract : ServiceContract.values()) {
            ContainerEnvironment environment = ContainerEnvironment.of(container(manifests, contract), manifests);
            assertThat(environment.value("CSS_TLS_CLIENT_AUTH")).contains("optional");
            assertThat(environment.value("CSS_TLS_RELOAD_INTERVAL")).contains("30s");
        }
        assertThat(ContainerEnvironment.of(container(Charts.manifests("values-production.yaml"), ServiceContract.SCORE),
                Charts.manifests("values-production.yaml")).has("CSS_TLS_CLIENT_AUTH"))
                .as("the services' default, require").isFalse();
        assertThatThrownBy(() -> Charts.render("values-production.yaml", Map.of("tls.clientAuth", "none")))
                .hasMessageContaining("tls.clientAuth must be require, optional or empty");
    }

    @Test
    void tlsEnabledDecidesAloneBetweenTheTlsFilesAndPlaintext() {
        assertThatThrownBy(() -> Charts.render("values-production.yaml", Map.of("config.CSS_INSECURE", "true")))
                .hasMessageContaining("config.CSS_INSECURE is set by the chart from tls.enabled");
        assertThatThrownBy(() -> Charts.render("values.yaml",
                Map.of("services.score-service.config.CSS_TLS_CERT", "/elsewhere/tls.crt")))
                .hasMessageContaining("services.score-service.config.CSS_TLS_CERT is set by the chart");
        assertThatThrownBy(() -> Charts.render("values.yaml", Map.of("tls.enabled", true)))
                .hasMessageContaining("tls.secretName or services.");
    }

    @Test
    void kubeletAddressesOpenOnlyTheProbePortAndKeepEveryRule() {
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values-production.yaml",
                Map.of("networkPolicy.kubeletCidrs[0]", "10.0.0.0/24")));

        assertThat(ManifestRules.check(manifests)).isEmpty();
        for (ServiceContract contract : ServiceContract.values()) {
            NetworkPolicy ingress = manifests.require(NetworkPolicy.class,
                    "css-" + contract.service() + "-ingress");
            assertThat(ingress.getSpec().getIngress()).filteredOn(rule -> rule.getFrom().stream()
                    .anyMatch(peer -> peer.getIpBlock() != null)).singleElement().satisfies(rule -> {
                        assertThat(rule.getFrom()).extracting(peer -> peer.getIpBlock().getCidr())
                                .containsExactly("10.0.0.0/24");
                        assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal())
                                .containsExactly(contract.probePort());
                    });
        }
    }

    @Test
    void callersAreAuthenticatedUnlessDevelopmentDisablesIt() {
        Manifests production = Charts.manifests("values-production.yaml");
        for (ServiceContract contract : ServiceContract.values()) {
            ContainerEnvironment environment = ContainerEnvironment.of(container(production, contract), production);
            assertThat(environment.value("CSS_AUTH_ISSUER")).contains("https://login.example.com/");
            assertThat(environment.value("CSS_AUTH_AUDIENCE")).contains("successscore");
            assertThat(environment.value("CSS_AUTH_JWKS_URL")).contains("https://login.example.com/.well-known/jwks.json");
            assertThat(environment.has("CSS_AUTH_DISABLED")).isFalse();
            boolean callsOthers = contract.service().equals("score-service")
                    || contract.service().equals("expertise-service");
            assertThat(environment.value("CSS_AUTH_SERVICE_TOKEN_FILE"))
                    .isEqualTo(callsOthers ? java.util.Optional.of("/etc/successscore/auth/token/token")
                            : java.util.Optional.empty());
        }
        Manifests dev = Charts.manifests("values-dev.yaml");
        for (ServiceContract contract : ServiceContract.values()) {
            ContainerEnvironment environment = ContainerEnvironment.of(container(dev, contract), dev);
            assertThat(environment.value("CSS_AUTH_DISABLED")).contains("true");
            assertThat(environment.has("CSS_AUTH_ISSUER")).isFalse();
        }
    }

    @Test
    void aJwksFromASecretIsMountedWhereCssAuthJwksFilePoints() {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("auth.issuer", "https://login.example.com/");
        sets.put("auth.jwksSecret", "successscore-jwks");
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values.yaml", sets));
        for (ServiceContract contract : ServiceContract.values()) {
            Container container = container(manifests, contract);
            ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
            assertThat(environment.value("CSS_AUTH_JWKS_FILE")).contains("/etc/successscore/auth/jwks/jwks.json");
            assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/etc/successscore/auth/jwks");
                assertThat(mount.getReadOnly()).isTrue();
            });
        }
        assertThatThrownBy(() -> Charts.render("values.yaml", Map.of("auth.jwksSecret", "a",
                "auth.jwksUrl", "https://login.example.com/jwks"))).hasMessageContaining("only one of");
    }

    @Test
    void oneMetricsPortForAllServicesKeepsEveryRule() {
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values.yaml",
                Map.of("metrics.port", 9090)));

        assertThat(ManifestRules.check(manifests)).isEmpty();
        for (ServiceContract contract : ServiceContract.values()) {
            assertThat(ContainerEnvironment.of(container(manifests, contract), manifests)
                    .value(contract.metricsPortEnv())).contains("9090");
        }
    }

    @Test
    void anExternalDatabaseWithCredentialsInValuesKeepsEveryRule() {
        Map<String, Object> sets = new LinkedHashMap<>(Map.of("postgresql.mode", "external",
                "postgresql.external.host", "db.example.com", "postgresql.external.cidrs[0]", "10.1.0.0/16"));
        for (ServiceContract contract : ServiceContract.values()) {
            sets.put("services." + contract.service() + ".database.user", contract.service());
            sets.put("services." + contract.service() + ".database.password", "pw-" + contract.service());
        }
        Manifests manifests = Manifests.parse(Charts.RELEASE, Charts.render("values.yaml", sets));

        assertThat(ManifestRules.check(manifests)).isEmpty();
        assertThat(manifests.secret("css-usage-service-db").orElseThrow().getStringData())
                .containsEntry("url", "jdbc:postgresql://db.example.com:5432/css_usage")
                .containsEntry("user", "usage-service");
    }

    @Test
    void twoServicesOnOneDatabaseAreRefused() {
        assertThatThrownBy(() -> Charts.render("values.yaml",
                Map.of("services.health-service.database.name", "css_score")))
                .hasMessageContaining("each service needs its own");
    }

    private static Container container(Manifests manifests, ServiceContract contract) {
        return manifests.deployment(contract).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<Integer> probePorts(Container container) {
        return Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .map(probe -> probe.getGrpc().getPort()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scrape(Manifests manifests, ServiceContract contract) {
        GenericKubernetesResource monitor = manifests.custom("ServiceMonitor").stream()
                .filter(candidate -> ("css-" + contract.service()).equals(candidate.getMetadata().getName()))
                .findFirst().orElseThrow();
        return ((List<Map<String, Object>>) spec(monitor).get("endpoints")).get(0);
    }

    private static SecretKeySelector secretRef(ContainerEnvironment environment, String name) {
        return environment.get(name).orElseThrow().secret();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
