package dev.successscore.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under deploy/chart/successscore, linted and rendered by Helm itself (helm-java bundles Helm as a
 * native library; no cluster is involved). Helm-java's template answers the release's manifest without its
 * hooks, so renderings use a copy of the chart with one more template that carries the hook documents (the
 * migration Jobs) as data; {@link #render} puts them back among the other documents.
 */
public final class Charts {

    public static final String RELEASE = "css";
    public static final String NAMESPACE = "successscore";
    public static final String KUBE_VERSION = "1.31.0";
    public static final List<String> VALUES_FILES = List.of("values.yaml", "values-dev.yaml",
            "values-production.yaml");

    private static final String HOOK_CARRIER = "rendered-hooks-for-tests";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Map<String, String> RENDERINGS = new ConcurrentHashMap<>();

    private Charts() {
    }

    public static Path chart() {
        return Path.of(System.getProperty("chart.dir", "chart/successscore")).toAbsolutePath();
    }

    /** Where the tests write chart copies and renderings. */
    public static Path work() {
        return createDirectories(Path.of("target", "chart-tests").toAbsolutePath());
    }

    /** The rendered YAML of the chart with a values file of the chart (overlays over values.yaml), cached. */
    public static String render(String valuesFile) {
        return RENDERINGS.computeIfAbsent(valuesFile, file -> render(file, Map.of()));
    }

    /** The rendered YAML with extra --set values. */
    public static String render(String valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chartWithHookCarrier()).template().withName(RELEASE)
                .withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (!"values.yaml".equals(valuesFile)) {
            template = template.withValuesFile(chart().resolve(valuesFile));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        String yaml = withHooks(template.call());
        write(work().resolve("rendered-" + valuesFile), yaml);
        return yaml;
    }

    public static Manifests manifests(String valuesFile) {
        return Manifests.parse(RELEASE, render(valuesFile));
    }

    /** helm lint --strict of the chart with the values file merged over values.yaml as Helm merges them. */
    public static LintResult lint(String valuesFile) {
        Path copy = copyOfChart("lint-" + valuesFile.replace(".yaml", ""));
        if (!"values.yaml".equals(valuesFile)) {
            write(copy.resolve("values.yaml"), merged(chart().resolve("values.yaml"), chart().resolve(valuesFile)));
        }
        return new Helm(copy).lint().strict().call();
    }

    private static String withHooks(String rendered) {
        StringBuilder documents = new StringBuilder();
        String hooks = "";
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            if (document.contains("name: " + HOOK_CARRIER)) {
                Map<String, Object> carrier = new Yaml().load(document);
                hooks = (String) ((Map<?, ?>) carrier.get("data")).get("hooks.yaml");
            } else if (!document.isBlank()) {
                documents.append("---\n").append(document.strip())
                        .append('\n');
            }
        }
        for (String hook : DOCUMENT_SEPARATOR.split(hooks)) {
            if (!hook.isBlank()) {
                documents.append("---\n").append(hook.strip()).append('\n');
            }
        }
        return documents.toString();
    }

    private static synchronized Path chartWithHookCarrier() {
        Path copy = copyOfChart("render");
        write(copy.resolve("templates").resolve("zz-" + HOOK_CARRIER + ".yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  hooks.yaml: {{ include "successscore.migrationJobs" . | quote }}
                """.formatted(HOOK_CARRIER));
        return copy;
    }

    private static Path copyOfChart(String name) {
        Path copy = work().resolve(name).resolve("successscore");
        try {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    old.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(chart())) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(chart().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge of a values file over another: maps merge key by key, everything else is replaced. */
    static String merged(Path base, Path overlay) {
        Map<String, Object> values = mergeInto(load(base), load(overlay));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeInto(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            if (value instanceof Map<?, ?> overlayMap && result.get(key) instanceof Map<?, ?> baseMap) {
                result.put(key, mergeInto((Map<String, Object>) baseMap, (Map<String, Object>) overlayMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static Map<String, Object> load(Path file) {
        try {
            Map<String, Object> values = new Yaml().load(Files.readString(file));
            return values == null ? Map.of() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(LintResult result) {
        return Arrays.stream(result.getMessages().toArray(String[]::new)).collect(Collectors.joining("\n"));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
