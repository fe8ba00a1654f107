package dev.successscore.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a rendering of the chart must satisfy; answers the violations, each naming the object and the rule.
 */
public final class ManifestRules {

    private ManifestRules() {
    }

    public static List<Violation> check(Manifests manifests) {
        List<Violation> violations = new ArrayList<>();
        if (manifests.deployments().size() != ServiceContract.values().length) {
            violations.add(new Violation("chart", "one Deployment per service",
                    manifests.deployments().size() + " Deployments for " + ServiceContract.values().length
                            + " services"));
        }
        violations.addAll(WorkloadRules.check(manifests));
        violations.addAll(ContractRules.check(manifests));
        violations.addAll(ServiceRules.check(manifests));
        violations.addAll(NetworkPolicyRules.check(manifests));
        violations.addAll(LabelRules.check(manifests));
        return violations;
    }
}
