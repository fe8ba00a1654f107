package dev.successscore.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** yamllint (deploy/.yamllint) on the chart's plain YAML and on its renderings with each values file. */
class YamllintTest {

    private static final Path CONFIG = Path.of(".yamllint").toAbsolutePath();

    @BeforeAll
    static void installYamllint() {
        Yamllint.installed();
    }

    @Test
    void theChartsPlainYamlIsClean() {
        List<Path> files = List.of(Charts.chart().resolve("Chart.yaml"), Charts.chart().resolve("values.yaml"),
                Charts.chart().resolve("values-dev.yaml"), Charts.chart().resolve("values-production.yaml"));

        Yamllint.Result result = Yamllint.lint(CONFIG, files);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyRenderingIsClean() throws IOException {
        Path folder = Files.createDirectories(Charts.work().resolve("yamllint"));
        List<Path> renderings = new java.util.ArrayList<>();
        for (String valuesFile : Charts.VALUES_FILES) {
            renderings.add(Files.writeString(folder.resolve(valuesFile), Charts.render(valuesFile)));
        }

        Yamllint.Result result = Yamllint.lint(CONFIG, renderings);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void yamllintReportsABrokenFile() throws IOException {
        Path broken = Files.writeString(Charts.work().resolve("broken.yaml"), "key: value\nkey: again\n");

        Yamllint.Result result = Yamllint.lint(CONFIG, List.of(broken));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("duplication of key");
    }
}
