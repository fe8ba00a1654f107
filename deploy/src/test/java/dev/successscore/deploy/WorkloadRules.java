package dev.successscore.deploy;

import static dev.successscore.deploy.Rules.isTrue;
import static dev.successscore.deploy.Rules.list;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Rules every Deployment and Job of the chart follows: hardening, resources, secrets, the /tmp volume. */
final class WorkloadRules {

    static final String NON_ROOT = "non-root numeric user and group";
    static final String READ_ONLY_ROOT = "read-only root filesystem";
    static final String NO_PRIVILEGE_ESCALATION = "no privilege escalation";
    static final String DROP_ALL_CAPABILITIES = "capabilities drop ALL";
    static final String SECCOMP = "seccomp profile RuntimeDefault";
    static final String RESOURCES = "cpu and memory requests and limits";
    static final String TMP_VOLUME = "emptyDir at /tmp";
    static final String NO_TOKEN = "no service account token";
    static final String DATABASE_FROM_SECRET = "database URL, user and password from Secrets";

    private static final List<String> DATABASE_VARIABLES = List.of("CSS_DB_URL", "CSS_DB_USER", "CSS_DB_PASSWORD");

    private WorkloadRules() {
    }

    static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifests.Workload workload : manifests.workloads()) {
            PodSpec pod = workload.template().getSpec();
            for (Container container : list(pod.getContainers())) {
                checkContainer(workload, pod, container, manifests, violations);
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                violations.add(new Violation(workload.id(), NO_TOKEN, "automountServiceAccountToken is not false"));
            }
        }
        return violations;
    }

    private static void checkContainer(Manifests.Workload workload, PodSpec pod, Container container,
            Manifests manifests, List<Violation> violations) {
        String id = workload.id();
        SecurityContext own = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        PodSecurityContext shared = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);

        Boolean nonRoot = effective(own.getRunAsNonRoot(), shared.getRunAsNonRoot());
        Long user = effective(own.getRunAsUser(), shared.getRunAsUser());
        Long group = effective(own.getRunAsGroup(), shared.getRunAsGroup());
        if (!isTrue(nonRoot) || user == null || user <= 0 || group == null || group <= 0) {
            violations.add(new Violation(id, NON_ROOT,
                    "runAsNonRoot=" + nonRoot + " runAsUser=" + user + " runAsGroup=" + group));
        }
        if (!isTrue(own.getReadOnlyRootFilesystem())) {
            violations.add(new Violation(id, READ_ONLY_ROOT, "readOnlyRootFilesystem is not true"));
        }
        if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation()) || isTrue(own.getPrivileged())) {
            violations.add(new Violation(id, NO_PRIVILEGE_ESCALATION,
                    "allowPrivilegeEscalation=" + own.getAllowPrivilegeEscalation() + " privileged="
                            + own.getPrivileged()));
        }
        Capabilities capabilities = Optional.ofNullable(own.getCapabilities()).orElseGet(Capabilities::new);
        if (!list(capabilities.getDrop()).contains("ALL") || !list(capabilities.getAdd()).isEmpty()) {
            violations.add(new Violation(id, DROP_ALL_CAPABILITIES,
                    "drop=" + capabilities.getDrop() + " add=" + capabilities.getAdd()));
        }
        SeccompProfile seccomp = effective(own.getSeccompProfile(), shared.getSeccompProfile());
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            violations.add(new Violation(id, SECCOMP, "seccompProfile=" + seccomp));
        }
        checkResources(id, container.getResources(), violations);
        checkTmp(id, pod, container, violations);
        checkDatabase(id, container, manifests, violations);
    }

    private static void checkResources(String id, ResourceRequirements resources, List<Violation> violations) {
        Function<Map<String, Quantity>, Boolean> complete = quantities -> quantities != null
                && quantities.containsKey("cpu") && quantities.containsKey("memory");
        if (resources == null || !complete.apply(resources.getRequests()) || !complete.apply(resources.getLimits())) {
            violations.add(new Violation(id, RESOURCES, "resources=" + resources));
        }
    }

    private static void checkTmp(String id, PodSpec pod, Container container, List<Violation> violations) {
        boolean mounted = list(container.getVolumeMounts()).stream()
                .filter(mount -> "/tmp".equals(mount.getMountPath()))
                .anyMatch(mount -> list(pod.getVolumes()).stream()
                        .filter(volume -> volume.getName().equals(mount.getName()))
                        .map(Volume::getEmptyDir).anyMatch(emptyDir -> emptyDir != null));
        if (!mounted) {
            violations.add(new Violation(id, TMP_VOLUME, "no emptyDir volume is mounted at /tmp"));
        }
    }

    private static void checkDatabase(String id, Container container, Manifests manifests,
            List<Violation> violations) {
        ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
        for (String name : DATABASE_VARIABLES) {
            if (!environment.get(name).map(ContainerEnvironment.Variable::fromSecret).orElse(false)) {
                violations.add(new Violation(id, DATABASE_FROM_SECRET, name + " is " + environment.get(name)
                        .map(variable -> "a literal").orElse("missing")));
            }
        }
        list(container.getEnvFrom()).stream().filter(source -> source.getConfigMapRef() != null)
                .flatMap(source -> manifests.configMap(source.getConfigMapRef().getName()).stream())
                .forEach(configMap -> DATABASE_VARIABLES.stream()
                        .filter(name -> configMap.getData() != null && configMap.getData().containsKey(name))
                        .forEach(name -> violations.add(new Violation(id, DATABASE_FROM_SECRET,
                                name + " is in ConfigMap " + configMap.getMetadata().getName()))));
    }

    private static <T> T effective(T container, T pod) {
        return container != null ? container : pod;
    }
}
