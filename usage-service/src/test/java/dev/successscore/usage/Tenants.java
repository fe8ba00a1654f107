package dev.successscore.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import successscore.usage.v1.Activity;
import successscore.usage.v1.OrgLevel;

/** Small hand-computed tenants, loaded through the public API. */
public final class Tenants {

    public static final List<String> TEN_FEATURES = IntStream.rangeClosed(1, 10)
            .mapToObj(i -> String.format("f%02d", i)).toList();

    private Tenants() {
    }

    /**
     * The worked example of spec section 7: 40 licensed seats; 30 active users (license_activation 75) in 4 of the
     * 5 departments with a registered user (80); 6 of 10 features used (60); each user active on 12 days of the
     * window (usage_frequency 60); an executive, a manager and individual contributors (executive_exposure 100);
     * no previous window (active_user_growth not available).
     *
     * @param now the measurement instant; activity is at 1 a.m. UTC on the 12 days ending with its day, so {@code now}
     *            must be later than 1 a.m.
     */
    public static void workedExample(UsageServiceHarness usage, String tenantId, Instant now) {
        usage.entitle(tenantId, 40, TEN_FEATURES);
        for (int u = 1; u <= 30; u++) {
            OrgLevel level = u == 1 ? OrgLevel.ORG_LEVEL_EXECUTIVE
                    : u == 2 ? OrgLevel.ORG_LEVEL_MANAGER : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
            usage.register(tenantId, user(u), "dept-" + (1 + u % 4), level);
        }
        usage.register(tenantId, "idle-1", "dept-5", OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR);
        usage.record(tenantId, twelveDays(tenantId, 1, 30, now));
    }

    /** Users {@code from..to} each active on the 12 days ending with {@code now}'s day, on features f01..f06. */
    public static List<Activity> twelveDays(String tenantId, int from, int to, Instant now) {
        Instant today = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(1));
        List<Activity> activities = new ArrayList<>();
        for (int u = from; u <= to; u++) {
            for (int d = 0; d < 12; d++) {
                String feature = TEN_FEATURES.get((u + d) % 6);
                activities.add(UsageServiceHarness.activity(tenantId + "-" + user(u) + "-d" + d, user(u), feature,
                        today.minus(Duration.ofDays(d))));
            }
        }
        return activities;
    }

    public static String user(int n) {
        return String.format("u%03d", n);
    }
}
