package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.cli.demo.Demo;
import dev.successscore.cli.demo.DemoGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code css demo}: loads the demo's tenants into a running suite and prints their scores. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Loads a story into a running suite through the services' public APIs: at least 50 tenants with 13 "
                    + "months of activity, learning credits and monitoring (deep adopters, tenants stuck at the "
                    + "first adoption level, one that stopped logging in daily after a year, tenants in onboarding, "
                    + "tenants without monitoring, an alert storm, certifications expiring). Then waits until "
                    + "score-service has scored every tenant from all its data and prints the scores.",
            "A tenant's data depends only on the seed and the day (more tenants add tenants): loading the demo "
                    + "again the same day sends the same records, and the services store nothing twice."})
public final class DemoCommand implements Callable<Integer> {

    /** Exit code when score-service did not reflect every tenant's data in time. */
    public static final int EXIT_NOT_SETTLED = 1;
    /** How far --now may lie before this machine's clock (usage-service keeps 396 days of activity). */
    static final Duration MAX_NOW_BEHIND = Duration.ofDays(3);

    @Spec
    CommandSpec spec;

    @Mixin
    SuiteTarget target;

    @Mixin
    Output output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Demo.DEFAULT_SEED,
            description = "the generator's seed; another seed tells the same story with other details "
                    + "(default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tenants", paramLabel = "N", defaultValue = "" + DemoGenerator.MIN_TENANTS,
            description = "how many tenants, at least " + DemoGenerator.MIN_TENANTS + " (default ${DEFAULT-VALUE})")
    int tenants;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "the instant the data is dated against, ISO-8601 (default: this machine's clock); at most "
                    + "3 days before it and not after it, as the services date what they receive by their own clock")
    Instant now;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT2M",
            converter = SuiteTarget.DurationConverter.class,
            description = "how long to wait for the scores at most (default ${DEFAULT-VALUE})")
    Duration wait;

    @Override
    public Integer call() {
        CommandLine line = spec.commandLine();
        if (tenants < DemoGenerator.MIN_TENANTS) {
            throw new CommandLine.ParameterException(line,
                    "--tenants must be at least " + DemoGenerator.MIN_TENANTS + ", not " + tenants);
        }
        Instant clock = Instant.now();
        Instant dated = now != null ? now : clock;
        if (dated.isAfter(clock.plus(Duration.ofMinutes(5))) || dated.isBefore(clock.minus(MAX_NOW_BEHIND))) {
            throw new CommandLine.ParameterException(line, "--now must lie within the 3 days before this machine's "
                    + "clock (" + clock + "), not " + dated);
        }
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            Demo.Outcome outcome = Demo.run(suite, target.score(), seed, dated, tenants, wait, line.getOut(),
                    line.getErr(), output.json());
            return outcome.settled() ? 0 : EXIT_NOT_SETTLED;
        }
    }

    /** Reads an ISO-8601 instant such as {@code 2026-03-02T12:00:00Z}. */
    public static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as "
                        + "2026-03-02T12:00:00Z");
            }
        }
    }
}
