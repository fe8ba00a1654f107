package dev.successscore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** helm lint and helm template of the chart with each values file, and every rule on the rendering. */
class ChartTest {

    static final java.util.List<String> VALUES_FILES = Charts.VALUES_FILES;

    @ParameterizedTest
    @FieldSource("VALUES_FILES")
    void helmLintsTheChartStrictlyWithoutFindings(String valuesFile) {
        LintResult lint = Charts.lint(valuesFile);

        assertThat(lint.isFailed()).as(Charts.describe(lint)).isFalse();
        assertThat(lint.getMessages()).as("lint findings other than INFO")
                .allMatch(message -> message.startsWith("[INFO]"));
    }

    @ParameterizedTest
    @FieldSource("VALUES_FILES")
    void theRenderingBreaksNoRule(String valuesFile) {
        Manifests manifests = Charts.manifests(valuesFile);

        assertThat(ManifestRules.check(manifests)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("VALUES_FILES")
    void everyServiceHasItsObjects(String valuesFile) {
        Set<String> kinds = Charts.manifests(valuesFile).all().stream().map(HasMetadata::getKind)
                .collect(Collectors.toSet());

        assertThat(kinds).contains("Deployment", "Service", "ServiceAccount", "ConfigMap", "Job",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(Charts.manifests(valuesFile).jobs()).hasSize(ServiceContract.values().length);
    }
}
