package dev.successscore.deploy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The release's pods are closed by default and open only on the real paths: callers to the gRPC ports they
 * call, API clients to every gRPC port, Prometheus to every metrics port, every pod to DNS and PostgreSQL. A
 * plaintext probe port is open to no pod: only the kubelet, from the node, calls it.
 */
final class NetworkPolicyRules {

    static final String DEFAULT_DENY = "denied by default in both directions";
    static final String CALLER_PATH = "reachable by its callers on grpc";
    static final String NO_OTHER_CALLER = "not reachable by release pods that do not call it";
    static final String API_CLIENTS = "reachable by API clients on grpc";
    static final String PROMETHEUS = "reachable by Prometheus on metrics";
    static final String DNS = "egress to DNS";
    static final String DATABASE = "egress to PostgreSQL";
    static final String PROBE_CLOSED = "its plaintext probe port closed to pods";

    private static final NetworkPaths.Port DNS_PORT = new NetworkPaths.Port(53, null, "UDP");

    private NetworkPolicyRules() {
    }

    static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        NetworkPaths paths = new NetworkPaths(manifests.of(NetworkPolicy.class));
        List<Manifests.Workload> workloads = manifests.workloads();
        for (Manifests.Workload workload : workloads) {
            Map<String, String> pod = workload.template().getMetadata().getLabels();
            if (!paths.deniedByDefault(pod)) {
                violations.add(new Violation(workload.id(), DEFAULT_DENY, "no policy denies all of its traffic"));
            }
            if (!paths.egressTo(pod, DNS_PORT, peer -> true)) {
                violations.add(new Violation(workload.id(), DNS, "port 53/UDP is closed"));
            }
            if (!paths.egressTo(pod, null, NetworkPolicyRules::databasePeer)) {
                violations.add(new Violation(workload.id(), DATABASE,
                        "no egress to the CloudNativePG pods or the database's address block"));
            }
        }
        for (Manifests.Workload server : workloads.stream().filter(Manifests.Workload::isDeployment).toList()) {
            Optional<ServiceContract> contract = server.contract();
            if (contract.isEmpty()) {
                continue;
            }
            checkServer(server, contract.get(), workloads, paths, violations);
        }
        return violations;
    }

    private static void checkServer(Manifests.Workload server, ServiceContract contract,
            List<Manifests.Workload> workloads, NetworkPaths paths, List<Violation> violations) {
        Map<String, String> to = server.template().getMetadata().getLabels();
        NetworkPaths.Port grpc = new NetworkPaths.Port(contract.grpcPort(), "grpc", "TCP");
        for (Manifests.Workload other : workloads) {
            Map<String, String> from = other.template().getMetadata().getLabels();
            boolean caller = other.isDeployment() && other.contract().map(c -> c.calls().contains(contract))
                    .orElse(false);
            boolean allowed = paths.egressAllowed(from, to, grpc) && paths.ingressAllowed(from, to, grpc);
            if (caller && !allowed) {
                violations.add(new Violation(server.id(), CALLER_PATH, other.id() + " cannot reach port "
                        + contract.grpcPort()));
            }
            if (!caller && other != server && paths.ingressAllowed(from, to, grpc)) {
                violations.add(new Violation(server.id(), NO_OTHER_CALLER, other.id() + " may reach port "
                        + contract.grpcPort()));
            }
        }
        Predicate<NetworkPolicyPeer> outsider = peer -> peer.getIpBlock() == null
                && workloads.stream().noneMatch(workload -> NetworkPaths.selectsPodOfThisNamespace(peer,
                        workload.template().getMetadata().getLabels()));
        if (!paths.ingressFrom(to, grpc, outsider)) {
            violations.add(new Violation(server.id(), API_CLIENTS, "no ingress rule admits API clients"));
        }
        int metricsPort = Rules.port(Rules.mainContainer(server), "metrics").map(p -> p.getContainerPort())
                .orElse(contract.metricsPort());
        Rules.port(Rules.mainContainer(server), "probe").ifPresent(port -> {
            NetworkPaths.Port probe = new NetworkPaths.Port(port.getContainerPort(), "probe", "TCP");
            if (paths.ingressOpenToPods(to, probe)) {
                violations.add(new Violation(server.id(), PROBE_CLOSED, "pods may reach port "
                        + port.getContainerPort()));
            }
        });
        NetworkPaths.Port metrics = new NetworkPaths.Port(metricsPort, "metrics", "TCP");
        if (!paths.ingressFrom(to, metrics, peer -> peer.getNamespaceSelector() != null)) {
            violations.add(new Violation(server.id(), PROMETHEUS, "no ingress rule admits a monitoring namespace"));
        }
    }

    private static boolean databasePeer(NetworkPolicyPeer peer) {
        boolean cnpgPods = peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                && peer.getPodSelector().getMatchLabels().containsKey("cnpg.io/cluster");
        return peer.getIpBlock() != null || cnpgPods;
    }
}
