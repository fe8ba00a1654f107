package dev.successscore.deploy;

import static dev.successscore.deploy.Rules.list;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a set of NetworkPolicies allows between pods of one namespace, by Kubernetes' semantics: a pod
 * selected by no policy of a direction is open in that direction; otherwise some rule of a selecting
 * policy must allow the peer and port.
 */
final class NetworkPaths {

    private final List<NetworkPolicy> policies;

    NetworkPaths(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** A port of a pod: its number and its name (may be null). */
    record Port(int number, String name, String protocol) {
    }

    boolean ingressAllowed(Map<String, String> from, Map<String, String> to, Port port) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(policy -> list(policy.getSpec().getIngress()).stream())
                .anyMatch(rule -> portsAllow(rule.getPorts(), port) && peersAllow(rule.getFrom(), from));
    }

    boolean egressAllowed(Map<String, String> from, Map<String, String> to, Port port) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(policy -> list(policy.getSpec().getEgress()).stream())
                .anyMatch(rule -> portsAllow(rule.getPorts(), port) && peersAllow(rule.getTo(), to));
    }

    /** Whether some ingress rule for the pod allows the port from a peer the predicate accepts. */
    boolean ingressFrom(Map<String, String> to, Port port, Predicate<NetworkPolicyPeer> peer) {
        return selecting(to, "Ingress").stream().flatMap(policy -> list(policy.getSpec().getIngress()).stream())
                .anyMatch(rule -> portsAllow(rule.getPorts(), port) && list(rule.getFrom()).stream().anyMatch(peer));
    }

    /**
     * Whether pods (of this namespace or any other) may reach the port: no ingress policy selects the pod, or a
     * rule allows the port from every source or from a pod or namespace selector. Address blocks do not count.
     */
    boolean ingressOpenToPods(Map<String, String> to, Port port) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(policy -> list(policy.getSpec().getIngress()).stream())
                .anyMatch(rule -> portsAllow(rule.getPorts(), port) && (list(rule.getFrom()).isEmpty()
                        || rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() == null)));
    }

    /** Whether some egress rule for the pod allows the port (any when null) to a peer the predicate accepts. */
    boolean egressTo(Map<String, String> from, Port port, Predicate<NetworkPolicyPeer> peer) {
        return selecting(from, "Egress").stream().flatMap(policy -> list(policy.getSpec().getEgress()).stream())
                .anyMatch(rule -> (port == null || portsAllow(rule.getPorts(), port))
                        && list(rule.getTo()).stream().anyMatch(peer));
    }

    /** Whether a policy denies everything to and from the pod by itself (both types, no rule). */
    boolean deniedByDefault(Map<String, String> pod) {
        return policies.stream().anyMatch(policy -> LabelSelectors.matches(policy.getSpec().getPodSelector(), pod)
                && list(policy.getSpec().getPolicyTypes()).containsAll(List.of("Ingress", "Egress"))
                && list(policy.getSpec().getIngress()).isEmpty() && list(policy.getSpec().getEgress()).isEmpty());
    }

    private List<NetworkPolicy> selecting(Map<String, String> pod, String type) {
        return policies.stream()
                .filter(policy -> LabelSelectors.matches(policy.getSpec().getPodSelector(), pod))
                .filter(policy -> list(policy.getSpec().getPolicyTypes()).contains(type))
                .toList();
    }

    private static boolean portsAllow(List<NetworkPolicyPort> ports, Port port) {
        return list(ports).isEmpty() || ports.stream().anyMatch(candidate -> matches(candidate, port));
    }

    private static boolean matches(NetworkPolicyPort candidate, Port port) {
        String protocol = candidate.getProtocol() == null ? "TCP" : candidate.getProtocol();
        if (!protocol.equals(port.protocol())) {
            return false;
        }
        IntOrString number = candidate.getPort();
        if (number == null) {
            return true;
        }
        if (number.getIntVal() != null) {
            int end = candidate.getEndPort() == null ? number.getIntVal() : candidate.getEndPort();
            return port.number() >= number.getIntVal() && port.number() <= end;
        }
        return number.getStrVal().equals(port.name());
    }

    /** Peers in the same namespace: a podSelector alone, or with an empty (all namespaces) namespaceSelector. */
    private static boolean peersAllow(List<NetworkPolicyPeer> peers, Map<String, String> pod) {
        return list(peers).isEmpty() || peers.stream().anyMatch(peer -> selectsPodOfThisNamespace(peer, pod));
    }

    static boolean selectsPodOfThisNamespace(NetworkPolicyPeer peer, Map<String, String> pod) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        LabelSelector namespaces = peer.getNamespaceSelector();
        boolean anyNamespace = namespaces != null && list(namespaces.getMatchExpressions()).isEmpty()
                && (namespaces.getMatchLabels() == null || namespaces.getMatchLabels().isEmpty());
        if (namespaces != null && !anyNamespace) {
            return false;
        }
        return peer.getPodSelector() == null ? anyNamespace : LabelSelectors.matches(peer.getPodSelector(), pod);
    }
}
