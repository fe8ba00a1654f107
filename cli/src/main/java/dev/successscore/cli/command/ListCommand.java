package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreTable;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import successscore.score.v1.Band;
import successscore.score.v1.ListScoresRequest;
import successscore.score.v1.ListScoresResponse;
import successscore.score.v1.Score;

/** {@code css list [--band BAND]}: current scores as a table, optionally of one band. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists current scores by tenant: score, band, the three categories, weights, adoption level "
                + "and latest alert.")
public final class ListCommand implements Callable<Integer> {

    private static final int PAGE_SIZE = 500;

    /** The bands as they are typed. */
    enum BandOption {
        at_risk(Band.BAND_AT_RISK), needs_attention(Band.BAND_NEEDS_ATTENTION), healthy(Band.BAND_HEALTHY);

        final Band band;

        BandOption(Band band) {
            this.band = band;
        }
    }

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Option(names = "--band", paramLabel = "BAND", description = "only this band: ${COMPLETION-CANDIDATES}")
    BandOption band;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Score> scores = new ArrayList<>();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            String token = "";
            do {
                ListScoresResponse page = suite.score().listScores(ListScoresRequest.newBuilder()
                        .setBand(band == null ? Band.BAND_UNSPECIFIED : band.band).setPageSize(PAGE_SIZE)
                        .setPageToken(token).build());
                scores.addAll(page.getScoresList());
                token = page.getNextPageToken();
            } while (!token.isEmpty());
        }
        if (output.json()) {
            scores.forEach(score -> Output.printJson(out, score));
        } else {
            ScoreTable.print(out, scores);
            out.printf("%d tenants%s%n", scores.size(),
                    band == null ? "" : " " + band.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        out.flush();
        return 0;
    }
}
