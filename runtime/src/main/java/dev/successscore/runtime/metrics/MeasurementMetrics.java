package dev.successscore.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an owning service's tenant measurements come to: {@code successscore.measurements} counts attempts by
 * {@code outcome}, and {@code successscore.measurement.duration} times the measurements that ran (measured or
 * failed), with a percentile histogram. Never tagged by tenant: the series stay few whatever the tenants.
 */
public final class MeasurementMetrics {

    /** How an attempt to measure a tenant ended. */
    public enum Outcome {
        /** Measured and kept; the measurement was recorded if it was news. */
        MEASURED,
        /** Not measured: not due any more, or another replica holds the tenant. */
        SKIPPED,
        /** The measurement failed and rolled back; the tenant is tried again later. */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> counts = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);

    public MeasurementMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, Counter.builder("successscore.measurements").tag("outcome", outcome.tag())
                    .description("attempts to measure a tenant, by outcome").register(registry));
            if (outcome != Outcome.SKIPPED) {
                durations.put(outcome, Timer.builder("successscore.measurement.duration")
                        .tag("outcome", outcome.tag()).publishPercentileHistogram()
                        .description("time to measure one tenant, claim to commit").register(registry));
            }
        }
    }

    /** Metrics that go nowhere, for code run without a service (tests, benchmarks). */
    public static MeasurementMetrics unregistered() {
        return new MeasurementMetrics(new SimpleMeterRegistry());
    }

    /** Counts an attempt and, unless it was skipped, its duration. */
    public void record(Outcome outcome, long nanos) {
        counts.get(outcome).increment();
        Timer timer = durations.get(outcome);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
