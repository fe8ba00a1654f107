package dev.successscore.cli.demo;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreTable;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import successscore.score.v1.ListScoresRequest;

/**
 * The demo: generates its tenants, loads them into a running suite through the services' public APIs, waits until
 * score-service has scored every tenant from all its data, and prints the scores.
 *
 * <p>Status and progress go to {@code err}, the scores to {@code out} (a table, or JSON lines), so that
 * {@code css demo --json > scores.jsonl} holds only scores.
 */
public final class Demo {

    public static final long DEFAULT_SEED = 7;
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(2);

    private Demo() {
    }

    /** What a run of the demo did. */
    public record Outcome(DemoData data, DemoLoader.LoadReport load, ScoreAwaiter.Outcome scores) {

        /** Every tenant is scored from all its data. */
        public boolean settled() {
            return scores.settled();
        }
    }

    /**
     * Loads the demo into the suite at {@code target} when score-service has no score yet, waits for the scores
     * and prints them; does nothing (but say so) when it has. For {@code css run --demo}.
     *
     * @param now the instant the demo's data is dated against, normally {@code Instant.now()}
     * @return whether the demo was loaded
     */
    public static boolean loadIfEmpty(SuiteTarget target, long seed, Instant now, PrintWriter out) {
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            boolean hasScores = suite.score().listScores(ListScoresRequest.newBuilder().setPageSize(1).build())
                    .getScoresCount() > 0;
            if (hasScores) {
                out.println("The suite has scores already: the demo is not loaded.");
                out.flush();
                return false;
            }
            run(suite, target.score(), seed, now, DemoGenerator.MIN_TENANTS, DEFAULT_WAIT, out, out, false);
            return true;
        }
    }

    /**
     * Generates the demo for {@code seed} and {@code now}, loads it, waits at most {@code wait} for the scores and
     * prints them.
     */
    public static Outcome run(SuiteChannels suite, String target, long seed, Instant now, int tenants, Duration wait,
                              PrintWriter out, PrintWriter err, boolean json) {
        Clock clock = Clock.systemUTC();
        Progress progress = Progress.on(err);
        DemoData data = DemoGenerator.generate(seed, now, tenants);
        err.printf(Locale.ROOT, "Loading the demo into the suite at %s: %d tenants (seed %d, data up to %s), "
                        + "%,d users, %,d activity records, %,d learning credits, %,d monitoring alerts.%n",
                target, data.tenants().size(), seed, data.dataEnd().toString().substring(0, 10), data.userCount(),
                data.activityCount(), data.creditCount(), data.alertCount());
        err.flush();
        DemoLoader.LoadReport load = new DemoLoader(suite, progress, clock).load(data);
        err.printf(Locale.ROOT, "Loaded in %.1f s: %,d new activity records, %,d new credits, %,d new alerts "
                        + "(the rest were stored before: the same seed on the same day stores nothing twice).%n",
                load.took().toMillis() / 1000.0, load.activitiesNew(), load.creditsNew(), load.alertsNew());
        if (load.refused() > 0) {
            err.printf(Locale.ROOT, "The services refused %,d records (a record sent before with other details "
                    + "keeps its first version), e.g.:%n", load.refused());
            load.refusals().forEach(r -> err.println("  " + r));
            err.println("Another seed or day than the one loaded before mixes two versions of the same tenants: load "
                    + "into an empty suite for a clean story.");
        }
        err.printf("Waiting up to %s for score-service to score every tenant from all its data...%n",
                describe(wait));
        err.flush();
        ScoreAwaiter.Outcome scores = new ScoreAwaiter(suite, progress, clock).await(load.tenants(), wait);
        if (json) {
            scores.scores().forEach(s -> Output.printJson(out, s));
        } else {
            ScoreTable.print(out, scores.scores());
            out.println();
            printStory(out, data);
        }
        if (!scores.settled()) {
            err.printf("score-service did not reflect all the data of %d of the %d tenants within %s; the scores above "
                    + "are those it had. Not reflected yet:%n", scores.unsettled().size(), data.tenants().size(),
                    describe(wait));
            scores.unsettled().forEach((tenant, reason) -> err.println("  " + tenant + ": " + reason));
        }
        out.flush();
        err.flush();
        return new Outcome(data, load, scores);
    }

    /** One line per persona: what its tenants do, and what their scores show. */
    private static void printStory(PrintWriter out, DemoData data) {
        out.println("The story:");
        int width = Arrays.stream(Persona.values()).mapToInt(p -> name(p).length()).max().orElse(0);
        for (Persona persona : Persona.values()) {
            if (!data.tenants(persona).isEmpty()) {
                out.printf("  %-" + width + "s  %s%n", name(persona), persona.story());
            }
        }
        out.flush();
    }

    private static String name(Persona persona) {
        return persona.single() ? persona.slug() : persona.slug() + "-*";
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
