package dev.successscore.usage.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days a measurement at one instant reads, in UTC days because rollups are daily.
 *
 * <ul>
 *   <li>window W: the {@value #DAYS} days ending with the measurement's day (today counts as far as it has
 *       gone);</li>
 *   <li>previous windows k = 1..12 for active_user_growth: the {@value #DAYS}-day blocks before W;</li>
 *   <li>engagement: the last {@value #RECENT_DAYS} complete days before today, against the
 *       {@value #BASELINE_DAYS} days before them (a partial today would read as a drop every morning).</li>
 * </ul>
 *
 * @param today the UTC day of the measurement instant
 */
public record AdoptionWindow(LocalDate today) {

    public static final int DAYS = 28;
    public static final int PREVIOUS_WINDOWS = 12;
    public static final int RECENT_DAYS = 7;
    public static final int BASELINE_DAYS = 90;

    public static AdoptionWindow at(Instant instant) {
        return new AdoptionWindow(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /** First day of W. */
    public LocalDate start() {
        return today.minusDays(DAYS - 1);
    }

    /** First day of the oldest previous window. */
    public LocalDate previousWindowsStart() {
        return today.minusDays((long) DAYS * (PREVIOUS_WINDOWS + 1) - 1);
    }

    /** Last day of the newest previous window. */
    public LocalDate previousWindowsEnd() {
        return start().minusDays(1);
    }

    /** First day of the recent engagement period. */
    public LocalDate recentStart() {
        return today.minusDays(RECENT_DAYS);
    }

    /** Last day of the recent engagement period (yesterday). */
    public LocalDate recentEnd() {
        return today.minusDays(1);
    }

    /** First day of the engagement baseline. */
    public LocalDate baselineStart() {
        return recentStart().minusDays(BASELINE_DAYS);
    }

    /** Last day of the engagement baseline. */
    public LocalDate baselineEnd() {
        return recentStart().minusDays(1);
    }

    /** Start of W as an instant (UTC midnight). */
    public Instant startInstant() {
        return start().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
