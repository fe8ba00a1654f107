package dev.successscore.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The recommended app.kubernetes.io labels on every object and every pod template. */
final class LabelRules {

    static final String LABELS = "app.kubernetes.io labels";
    static final List<String> REQUIRED = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by");

    private LabelRules() {
    }

    static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        for (HasMetadata object : manifests.all()) {
            check(Manifests.id(object), object.getMetadata().getLabels(), manifests.releaseName(), violations);
        }
        for (Manifests.Workload workload : manifests.workloads()) {
            check(workload.id() + " (pod template)", workload.template().getMetadata().getLabels(),
                    manifests.releaseName(), violations);
        }
        return violations;
    }

    private static void check(String id, Map<String, String> labels, String release, List<Violation> violations) {
        Map<String, String> present = Objects.requireNonNullElse(labels, Map.of());
        List<String> missing = REQUIRED.stream()
                .filter(label -> present.get(label) == null || present.get(label).isBlank()).toList();
        if (!missing.isEmpty()) {
            violations.add(new Violation(id, LABELS, "missing " + missing));
        } else if (!release.equals(present.get("app.kubernetes.io/instance"))
                || !"successscore".equals(present.get("app.kubernetes.io/part-of"))) {
            violations.add(new Violation(id, LABELS, "instance or part-of is not this release's"));
        }
    }
}
