package dev.successscore.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import dev.successscore.cli.browser.Chromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import successscore.score.v1.ScoreChange;

/**
 * {@code css report} against a real score-service with a real history, and the page it writes opened in a real
 * browser (Debian's headless Chromium): the page's own script checks its chart and marks the body, and any script
 * error is recorded in the DOM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInBrowserTest {

    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

    private ScoredTenant scoreService;
    private List<ScoreChange> history;
    private String stdout;
    private Chromium.DumpedDom page;

    @BeforeAll
    void writeTheReportAndOpenIt(@TempDir Path folder) {
        Chromium.installed();
        scoreService = new ScoredTenant();
        Path report = folder.resolve("reports").resolve("acme.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine css = Css.commandLine();
        css.setOut(new PrintWriter(out));
        css.setErr(new PrintWriter(err));

        int exit = css.execute("report", ScoredTenant.TENANT, "--out", report.toString(),
                "--target", scoreService.target(), "--deadline", "20s");

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        assertThat(report).isRegularFile();
        history = scoreService.history();
        stdout = out.toString();
        page = Chromium.dumpDom(report, BROWSER_TIMEOUT);
    }

    @AfterAll
    void stop() {
        if (scoreService != null) {
            scoreService.close();
        }
    }

    @Test
    void theHistoryIsTheOneThatWasRecorded() {
        // measurements, a policy publication, an override set and cleared: every kind of cause the report shows
        assertThat(history).hasSizeGreaterThanOrEqualTo(9);
        assertThat(history).extracting(c -> c.getCause().getType().name()).contains("CAUSE_TYPE_MEASUREMENT",
                "CAUSE_TYPE_POLICY_PUBLICATION", "CAUSE_TYPE_OVERRIDE_SET", "CAUSE_TYPE_OVERRIDE_CLEARED");
        assertThat(history).extracting(ScoreChange::getPolicyVersion).contains(1, 2);
        assertThat(stdout).contains("acme.html").contains(history.size() + " changes").contains("valid");
    }

    @Test
    void thePageRendersWithoutScriptErrors() {
        assertThat(page.exitCode()).as("chromium's exit code; its log:\n%s", page.stderr()).isZero();
        assertThat(page.dom()).contains("</html>");
        assertThat(bodyAttribute("data-rendered")).as("the page's own check; script errors: %s", scriptErrors())
                .isEqualTo("ok");
        assertThat(scriptErrors()).isEmpty();
        assertThat(page.stderr()).doesNotContain("Uncaught");
    }

    @Test
    void theRenderedChartHasExactlyOnePointPerChangeOfTheHistory() {
        List<String> expected = history.stream().map(c -> Long.toString(c.getPosition())).toList();

        assertThat(all(page.dom(), "<circle class=\"change-point[^\"]*\" data-position=\"(\\d+)\""))
                .containsExactlyElementsOf(expected);
        // counted by the browser itself, on the SVG it parsed
        assertThat(bodyAttribute("data-change-points")).isEqualTo(Integer.toString(history.size()));
        assertThat(all(page.dom(), "<section class=\"change [^\"]*\" id=\"change-(\\d+)\""))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theOverridesMarkupReachesTheBrowserAsText() {
        assertThat(all(page.dom(), "(<script)")).hasSize(1);
        assertThat(page.dom()).contains("&lt;script&gt;alert(1)&lt;/script&gt; renewal &amp; \"escalation\"");
    }

    @Test
    void thePageShowsTheBandZonesOfBothPolicyVersionsAndTheVerification() {
        assertThat(all(page.dom(), "data-band=\"([A-Z_]+)\" data-policy-version=\"(\\d+)\""))
                .contains("AT_RISK/1", "NEEDS_ATTENTION/1", "HEALTHY/1", "AT_RISK/2", "NEEDS_ATTENTION/2",
                        "HEALTHY/2");
        assertThat(page.dom()).contains("id=\"policy-1\"").contains("id=\"policy-2\"")
                .contains("Bands 40/70 after the &lt;Q2&gt; review")
                .contains("data-valid=\"true\"")
                .contains("each of the " + history.size() + " recorded changes");
    }

    private String bodyAttribute(String name) {
        Matcher body = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(page.dom());
        return body.find() ? body.group(1) : null;
    }

    private List<String> scriptErrors() {
        Matcher list = Pattern.compile("<ul id=\"script-errors\"[^>]*>(.*?)</ul>", Pattern.DOTALL)
                .matcher(page.dom());
        assertThat(list.find()).as("the page's list of script errors").isTrue();
        return all(list.group(1), "<li>(.*?)</li>");
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        while (matcher.find()) {
            List<String> groups = new ArrayList<>();
            for (int g = 1; g <= matcher.groupCount(); g++) {
                groups.add(matcher.group(g));
            }
            found.add(String.join("/", groups));
        }
        return found;
    }
}
