package dev.successscore.deploy;

import static dev.successscore.deploy.Rules.list;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What surrounds each Deployment: its headless Service, budget, autoscaler, account and scrape. */
final class ServiceRules {

    static final String HEADLESS_SERVICE = "a headless Service with ports grpc and metrics";
    static final String DISRUPTION_BUDGET = "a PodDisruptionBudget";
    static final String AUTOSCALER = "a HorizontalPodAutoscaler (autoscaling/v2)";
    static final String SERVICE_ACCOUNT = "its own ServiceAccount without token";
    static final String SERVICE_MONITOR = "a ServiceMonitor scraping port metrics";
    static final String PROBE_PORT_UNPUBLISHED = "its probe port on no Service";
    static final String SERVICE_MONITOR_TLS = "scraped over https, checked against the TLS Secret's CA and the "
            + "service's name, when it serves TLS; over http otherwise";

    private ServiceRules() {
    }

    static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        List<GenericKubernetesResource> monitors = manifests.custom("ServiceMonitor");
        for (Deployment deployment : manifests.deployments()) {
            String id = Manifests.id(deployment);
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            Optional<Service> service = manifests.named(Service.class, name);
            checkService(id, service, deployment, podLabels, violations);
            boolean budgeted = manifests.of(PodDisruptionBudget.class).stream()
                    .anyMatch(budget -> LabelSelectors.matches(budget.getSpec().getSelector(), podLabels)
                            && (budget.getSpec().getMinAvailable() != null
                                    || budget.getSpec().getMaxUnavailable() != null));
            if (!budgeted) {
                violations.add(new Violation(id, DISRUPTION_BUDGET, "no PodDisruptionBudget selects its pods"));
            }
            boolean scaled = manifests.of(HorizontalPodAutoscaler.class).stream()
                    .filter(autoscaler -> "Deployment".equals(autoscaler.getSpec().getScaleTargetRef().getKind())
                            && name.equals(autoscaler.getSpec().getScaleTargetRef().getName()))
                    .anyMatch(autoscaler -> Objects.requireNonNullElse(autoscaler.getSpec().getMinReplicas(), 1) >= 1
                            && autoscaler.getSpec().getMaxReplicas() >= Objects.requireNonNullElse(
                                    autoscaler.getSpec().getMinReplicas(), 1));
            if (!scaled) {
                violations.add(new Violation(id, AUTOSCALER, "no HorizontalPodAutoscaler targets it"));
            }
            String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
            boolean ownAccount = account != null && manifests.named(ServiceAccount.class, account)
                    .filter(serviceAccount -> Boolean.FALSE.equals(serviceAccount.getAutomountServiceAccountToken()))
                    .isPresent();
            if (!ownAccount) {
                violations.add(new Violation(id, SERVICE_ACCOUNT, "serviceAccountName " + account
                        + " is no ServiceAccount of the chart with automountServiceAccountToken false"));
            }
            List<Map<String, Object>> endpoints = service.map(value -> scrapes(value, monitors)).orElse(List.of());
            if (!monitors.isEmpty() && service.isPresent() && endpoints.isEmpty()) {
                violations.add(new Violation(id, SERVICE_MONITOR, "no ServiceMonitor selects Service " + name
                        + " with an endpoint on port metrics"));
            }
            checkScrapeScheme(id, deployment, manifests, endpoints, violations);
        }
        return violations;
    }

    private static void checkService(String id, Optional<Service> service, Deployment deployment,
            Map<String, String> podLabels, List<Violation> violations) {
        if (service.isEmpty()) {
            violations.add(new Violation(id, HEADLESS_SERVICE, "no Service named like the Deployment"));
            return;
        }
        if (!"None".equals(service.get().getSpec().getClusterIP())) {
            violations.add(new Violation(id, HEADLESS_SERVICE, "clusterIP is " + service.get().getSpec()
                    .getClusterIP() + ", not None"));
        }
        Map<String, String> selector = Objects.requireNonNullElse(service.get().getSpec().getSelector(), Map.of());
        if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
            violations.add(new Violation(id, HEADLESS_SERVICE, "the Service does not select its pods"));
        }
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Optional<Integer> probe = Rules.port(container, "probe").map(p -> p.getContainerPort());
        list(service.get().getSpec().getPorts()).stream()
                .filter(port -> port.getTargetPort() != null && ("probe".equals(port.getTargetPort().getStrVal())
                        || probe.isPresent() && probe.get().equals(port.getTargetPort().getIntVal())))
                .forEach(port -> violations.add(new Violation(id, PROBE_PORT_UNPUBLISHED, "Service port "
                        + port.getName() + " reaches the plaintext probe port")));
        for (String portName : List.of("grpc", "metrics")) {
            Optional<ServicePort> port = list(service.get().getSpec().getPorts()).stream()
                    .filter(candidate -> portName.equals(candidate.getName())).findFirst();
            Optional<Integer> containerPort = Rules.port(container, portName).map(p -> p.getContainerPort());
            boolean reaches = port.isPresent() && containerPort.isPresent()
                    && containerPort.get().equals(port.get().getPort())
                    && port.get().getTargetPort() != null
                    && (portName.equals(port.get().getTargetPort().getStrVal())
                            || containerPort.get().equals(port.get().getTargetPort().getIntVal()));
            if (!reaches) {
                violations.add(new Violation(id, HEADLESS_SERVICE, "Service port " + portName
                        + " does not reach the container's port " + portName));
            }
        }
    }

    /**
     * Each endpoint scraping the Deployment's metrics speaks what the service serves: https, trusting ca.crt of
     * the Secret mounted for TLS and expecting the name of the service's headless Service (Prometheus scrapes pod
     * addresses, which the certificate does not name), or http.
     */
    @SuppressWarnings("unchecked")
    private static void checkScrapeScheme(String id, Deployment deployment, Manifests manifests,
            List<Map<String, Object>> endpoints, List<Violation> violations) {
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        boolean tls = ContractRules.servesTls(ContainerEnvironment.of(container, manifests));
        Optional<String> secret = ContractRules.tlsSecret(deployment, container);
        String host = deployment.getMetadata().getName() + "." + Charts.NAMESPACE + ".svc.cluster.local";
        for (Map<String, Object> endpoint : endpoints) {
            Object scheme = endpoint.get("scheme");
            if (!tls) {
                if (!"http".equals(Objects.requireNonNullElse(scheme, "http"))) {
                    violations.add(new Violation(id, SERVICE_MONITOR_TLS, "scheme " + scheme + " for a plaintext "
                            + "metrics port"));
                }
                continue;
            }
            Map<String, Object> tlsConfig = (Map<String, Object>) endpoint.getOrDefault("tlsConfig", Map.of());
            Map<String, Object> ca = (Map<String, Object>) tlsConfig.getOrDefault("ca", Map.of());
            Map<String, Object> caSecret = (Map<String, Object>) ca.getOrDefault("secret", Map.of());
            boolean trustsTheCa = secret.isPresent() && secret.get().equals(caSecret.get("name"))
                    && "ca.crt".equals(caSecret.get("key"));
            if (!"https".equals(scheme) || !trustsTheCa || !host.equals(tlsConfig.get("serverName"))
                    || Boolean.TRUE.equals(tlsConfig.get("insecureSkipVerify"))) {
                violations.add(new Violation(id, SERVICE_MONITOR_TLS, "scheme " + scheme + ", tlsConfig " + tlsConfig
                        + "; expected https, ca.crt of Secret " + secret.orElse("(none mounted)") + ", serverName "
                        + host));
            }
        }
    }

    /** The endpoints on port metrics of the ServiceMonitors that select the Service. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> scrapes(Service service, List<GenericKubernetesResource> monitors) {
        Map<String, String> labels = service.getMetadata().getLabels();
        List<Map<String, Object>> scrapes = new ArrayList<>();
        for (GenericKubernetesResource monitor : monitors) {
            Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
            if (spec == null) {
                continue;
            }
            Map<String, Object> selector = (Map<String, Object>) spec.getOrDefault("selector", Map.of());
            LabelSelector labelSelector = new LabelSelector(null,
                    (Map<String, String>) selector.getOrDefault("matchLabels", Map.of()));
            boolean selects = !labelSelector.getMatchLabels().isEmpty() && LabelSelectors.matches(labelSelector, labels);
            List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.getOrDefault("endpoints", List.of());
            if (selects) {
                endpoints.stream().filter(endpoint -> "metrics".equals(endpoint.get("port"))).forEach(scrapes::add);
            }
        }
        return scrapes;
    }
}
