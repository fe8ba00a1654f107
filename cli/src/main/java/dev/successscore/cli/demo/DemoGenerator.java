package dev.successscore.cli.demo;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.health.v1.Alert;
import successscore.health.v1.AlertKind;
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportHeartbeatRequest;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;
import successscore.usage.v1.Activity;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;

/**
 * Generates the demo's tenants, deterministically: the same seed, the same UTC day of {@code now} and the same
 * number of tenants give the same requests, byte for byte, so loading the demo again sends the same ids and the
 * services keep what they have. Nothing here reads the clock.
 *
 * <p>Every recorded event lies in the {@value #HISTORY_DAYS} days before the start of {@code now}'s UTC day (inside
 * usage-service's 396-day activity retention, never in the future). Each tenant draws from its own random stream,
 * seeded by the seed and its id, so a tenant's data does not depend on how many tenants there are.
 *
 * <p>The personas and the numbers behind their story (the spec's adoption levels, engagement drop, expertise and
 * health signals):
 * <ul>
 *   <li>{@code deep-adopter-NN}: 18-30 users in 4-6 departments, executives and managers among them, nearly all
 *       licensed seats in use, every enabled feature used, active on most weekdays for up to 13 months; most users
 *       learn, about a third are certified; monitoring with a few minor alerts, resolved.</li>
 *   <li>{@code steady-basic-NN}: users active three fixed weekdays a week on 6 of 10 features, half the seats in
 *       use, managers but no executive: basic adoption; half the users learn, an eighth certified.</li>
 *   <li>{@code stuck-level1-NN}: a year of weekly logins and the odd report (1 of 12 features) by individual
 *       contributors, a few old badges, limits and performance alerts open: usage, the first adoption level.</li>
 *   <li>{@code daily-dropout}: daily use for a year, then from 14 days ago one login now and then: the mean daily
 *       active users of the last 7 days fall far below half of the 90 days before.</li>
 *   <li>{@code onboarding-NN}: started 12-41 days ago with 3-6 users, each active on the day they joined, and
 *       onboarding courses.</li>
 *   <li>{@code no-monitoring-NN}: deep (odd numbers) or basic (even numbers) adoption, never enrolled in monitoring:
 *       scored with the 70/30 table.</li>
 *   <li>{@code alert-storm}: a deep adopter with 4-8 critical and major alerts in each subcategory in the last three
 *       days.</li>
 *   <li>{@code certs-expiring-NN}: a deep adopter whose certifications expire within the coming week, some already
 *       expired in the last weeks.</li>
 * </ul>
 */
public final class DemoGenerator {

    /** The demo has at least this many tenants. */
    public static final int MIN_TENANTS = 50;
    /** Events are dated at most this many days before the start of now's day. */
    public static final int HISTORY_DAYS = 390;
    /** Records per RecordActivities call (usage-service accepts at most 5,000). */
    public static final int ACTIVITY_BATCH = 2_000;
    /** Records per RecordCredits or ReportAlerts call. */
    public static final int OTHER_BATCH = 1_000;

    /** The product's feature catalog. */
    static final List<String> FEATURES = List.of("reports", "dashboards", "workflows", "approvals", "forecasting",
            "analytics", "automation", "integrations", "mobile", "chat", "knowledge-base", "api");
    static final List<String> DEPARTMENTS = List.of("sales", "service", "marketing", "finance", "operations",
            "engineering", "hr", "legal");
    private static final String LOGIN = "";
    private static final List<Subcategory> SUBCATEGORIES = List.of(Subcategory.SUBCATEGORY_PERFORMANCE,
            Subcategory.SUBCATEGORY_RELIABILITY, Subcategory.SUBCATEGORY_SECURITY, Subcategory.SUBCATEGORY_LIMITS);
    private static final List<String> BADGES = List.of("reports-badge", "dashboards-badge", "automation-badge",
            "security-badge", "data-badge");
    private static final List<String> SUPERBADGES = List.of("flow-superbadge", "security-superbadge");
    private static final List<String> COURSES = List.of("admin-course", "analytics-course", "api-course");
    private static final List<String> EVENTS = List.of("community-summit", "product-webinar", "user-group");
    private static final List<String> CERTIFICATIONS = List.of("admin-cert", "developer-cert", "consultant-cert");

    private DemoGenerator() {
    }

    /**
     * The demo's data.
     *
     * @param seed    any number; another seed tells the same story with other details
     * @param now     the instant the data is dated against (the suite's present)
     * @param tenants how many tenants, at least {@value #MIN_TENANTS}
     */
    public static DemoData generate(long seed, Instant now, int tenants) {
        if (tenants < MIN_TENANTS) {
            throw new IllegalArgumentException("the demo has at least " + MIN_TENANTS + " tenants, not " + tenants);
        }
        Instant dataEnd = now.truncatedTo(ChronoUnit.DAYS);
        List<DemoTenant> generated = new ArrayList<>();
        for (TenantSlot slot : lineup(tenants)) {
            generated.add(new TenantBuilder(slot, seed, dataEnd).build());
        }
        return new DemoData(seed, now, dataEnd, generated);
    }

    /** A tenant to be: its id, persona and number among its persona's tenants (1-based). */
    record TenantSlot(String id, Persona persona, int number) {
    }

    /** The tenants of a demo of {@code n}: a fifth deep adopters, the others in fixed shares, one of each single. */
    static List<TenantSlot> lineup(int n) {
        List<TenantSlot> slots = new ArrayList<>();
        int deep = n / 5;
        int stuck = n * 4 / 25;
        int onboarding = n * 3 / 25;
        int noMonitoring = n * 4 / 25;
        int certs = n * 2 / 25;
        int steady = n - deep - stuck - onboarding - noMonitoring - certs - 2;
        add(slots, Persona.DEEP_ADOPTER, deep);
        add(slots, Persona.STEADY_BASIC, steady);
        add(slots, Persona.STUCK_LEVEL1, stuck);
        add(slots, Persona.DAILY_DROPOUT, 1);
        add(slots, Persona.ONBOARDING, onboarding);
        add(slots, Persona.NO_MONITORING, noMonitoring);
        add(slots, Persona.ALERT_STORM, 1);
        add(slots, Persona.CERTS_EXPIRING, certs);
        return slots;
    }

    private static void add(List<TenantSlot> slots, Persona persona, int count) {
        for (int i = 1; i <= count; i++) {
            String id = persona.single() ? persona.slug() : String.format("%s-%02d", persona.slug(), i);
            slots.add(new TenantSlot(id, persona, i));
        }
    }

    /** A registered user and how they use the product. */
    private record User(String id, String department, OrgLevel level, int joinedDaysAgo, Set<DayOfWeek> days,
                        List<String> favorites) {
    }

    /** Builds one tenant's requests from its own random stream. */
    private static final class TenantBuilder {

        private final TenantSlot slot;
        private final SplittableRandom random;
        private final Instant dataEnd;
        private final LocalDate today;
        private int seats;
        private List<String> enabled = List.of();
        private final List<User> users = new ArrayList<>();
        /** Activity by days ago (index 0 unused: nothing is recorded on today). */
        private final List<List<Activity>> activityByDay = new ArrayList<>();
        private final List<Credit> credits = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private boolean monitored = true;

        TenantBuilder(TenantSlot slot, long seed, Instant dataEnd) {
            this.slot = slot;
            this.random = new SplittableRandom(new SplittableRandom(seed ^ fnv64(slot.id())).nextLong());
            this.dataEnd = dataEnd;
            this.today = LocalDate.ofInstant(dataEnd, ZoneOffset.UTC);
            for (int d = 0; d <= HISTORY_DAYS; d++) {
                activityByDay.add(new ArrayList<>());
            }
        }

        DemoTenant build() {
            switch (slot.persona()) {
                case DEEP_ADOPTER -> {
                    deepAdoption(18 + random.nextInt(13));
                    deepLearning();
                    normalHealth();
                }
                case STEADY_BASIC -> {
                    basicAdoption();
                    basicLearning();
                    basicHealth();
                }
                case STUCK_LEVEL1 -> {
                    stuckAdoption();
                    stuckLearning();
                    stuckHealth();
                }
                case DAILY_DROPOUT -> {
                    dropoutAdoption();
                    deepLearning();
                    normalHealth();
                }
                case ONBOARDING -> onboarding();
                case NO_MONITORING -> {
                    if (slot.number() % 2 == 1) {
                        deepAdoption(18 + random.nextInt(13));
                        deepLearning();
                    } else {
                        basicAdoption();
                        basicLearning();
                    }
                    monitored = false;
                }
                case ALERT_STORM -> {
                    deepAdoption(18 + random.nextInt(13));
                    deepLearning();
                    normalHealth();
                    alertStorm();
                }
                case CERTS_EXPIRING -> {
                    deepAdoption(15 + random.nextInt(11));
                    expiringCertifications();
                    normalHealth();
                }
            }
            return assemble();
        }

        // ---- Product Adoption ----

        /** Every enabled feature, executives, managers, most weekdays: deep adoption. */
        private void deepAdoption(int userCount) {
            seats = userCount + 1 + random.nextInt(4);
            enabled = sorted(shuffled(FEATURES).subList(0, 10 + random.nextInt(3)));
            List<String> departments = shuffled(DEPARTMENTS).subList(0, 4 + random.nextInt(3));
            for (int i = 0; i < userCount; i++) {
                OrgLevel level = i == 0 || (i == 1 && userCount > 24) ? OrgLevel.ORG_LEVEL_EXECUTIVE
                        : i <= 4 ? OrgLevel.ORG_LEVEL_MANAGER : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
                int joined = i < userCount * 6 / 10 ? HISTORY_DAYS - 5 - random.nextInt(10)
                        : 90 + random.nextInt(HISTORY_DAYS - 110);
                users.add(new User(userId(i), departments.get(i % departments.size()), level, joined,
                        EnumSet.allOf(DayOfWeek.class), enabled));
            }
            dailyUse(1, HISTORY_DAYS, 0.85, 0.25);
        }

        /**
         * Each user on their days of the week (weekdays with probability {@code weekday}, weekends {@code weekend}),
         * between {@code from} and {@code to} days ago, one or two records on their features (a tenth are logins).
         */
        private void dailyUse(int from, int to, double weekday, double weekend) {
            for (int d = from; d <= to; d++) {
                boolean isWeekend = isWeekend(d);
                for (User user : users) {
                    if (d > user.joinedDaysAgo()) {
                        continue;
                    }
                    if (random.nextDouble() < (isWeekend ? weekend : weekday)) {
                        int records = random.nextInt(4) == 0 ? 2 : 1;
                        for (int k = 0; k < records; k++) {
                            String feature = random.nextInt(10) == 0 ? LOGIN
                                    : user.favorites().get(random.nextInt(user.favorites().size()));
                            activity(user, d, k, feature);
                        }
                    }
                }
            }
        }

        /**
         * Six of ten features, three fixed weekdays a week, half the seats in use, managers and individual
         * contributors: basic adoption.
         */
        private void basicAdoption() {
            int userCount = 12 + random.nextInt(13);
            seats = 2 * userCount;
            List<String> catalog = shuffled(FEATURES).subList(0, 10);
            enabled = sorted(catalog);
            List<String> used = catalog.subList(0, 6);
            List<String> departments = shuffled(DEPARTMENTS).subList(0, 3 + random.nextInt(2));
            for (int i = 0; i < userCount; i++) {
                OrgLevel level = i == 0 || (i == 1 && userCount > 16) ? OrgLevel.ORG_LEVEL_MANAGER
                        : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
                int joined = i < userCount * 7 / 10 ? HISTORY_DAYS - random.nextInt(60) : 60 + random.nextInt(300);
                // favorites 3 of the 6 used features, alternating so that together the users cover all six
                List<String> favorites = List.of(used.get(i % 6), used.get((i + 2) % 6), used.get((i + 4) % 6));
                users.add(new User(userId(i), departments.get(i % departments.size()), level, joined,
                        weekdays(3), favorites));
            }
            for (int d = 1; d <= HISTORY_DAYS; d++) {
                DayOfWeek day = dayOfWeek(d);
                for (User user : users) {
                    if (d <= user.joinedDaysAgo() && user.days().contains(day) && random.nextDouble() < 0.9) {
                        activity(user, d, 0, user.favorites().get(random.nextInt(3)));
                        if (random.nextInt(5) == 0) {
                            activity(user, d, 1, user.favorites().get(random.nextInt(3)));
                        }
                    }
                }
            }
        }

        /** Weekly logins and the odd report, individual contributors only, most seats unused: usage, level 1. */
        private void stuckAdoption() {
            int userCount = 12 + random.nextInt(9);
            seats = 50 + 10 * random.nextInt(3);
            enabled = sorted(FEATURES);
            List<String> departments = shuffled(DEPARTMENTS).subList(0, 2);
            for (int i = 0; i < userCount; i++) {
                users.add(new User(userId(i), departments.get(i % 2), OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR,
                        HISTORY_DAYS - random.nextInt(20),
                        weekdays(random.nextInt(10) < 3 ? 2 : 1), List.of("reports")));
            }
            for (int d = 1; d <= HISTORY_DAYS; d++) {
                DayOfWeek day = dayOfWeek(d);
                for (User user : users) {
                    if (d <= user.joinedDaysAgo() && user.days().contains(day) && random.nextDouble() < 0.9) {
                        activity(user, d, 0, LOGIN);
                        if (random.nextInt(4) == 0) {
                            activity(user, d, 1, "reports");
                        }
                    }
                }
            }
        }

        /** A year of daily use, then, from 14 days ago, one user logging in on three days. */
        private void dropoutAdoption() {
            int userCount = 20;
            seats = 22;
            enabled = sorted(shuffled(FEATURES).subList(0, 10));
            List<String> departments = shuffled(DEPARTMENTS).subList(0, 4);
            for (int i = 0; i < userCount; i++) {
                OrgLevel level = i == 0 ? OrgLevel.ORG_LEVEL_EXECUTIVE
                        : i <= 3 ? OrgLevel.ORG_LEVEL_MANAGER : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
                users.add(new User(userId(i), departments.get(i % 4), level, 375 + random.nextInt(10),
                        EnumSet.allOf(DayOfWeek.class), enabled));
            }
            dailyUse(15, HISTORY_DAYS, 0.85, 0.4);
            User last = users.get(5);
            for (int d : new int[] {4, 9, 13}) {
                activity(last, d, 0, LOGIN);
            }
        }

        // ---- Customer Expertise ----

        /** Most users earn credits through the year, about a third certified, and some this month. */
        private void deepLearning() {
            learning(0.8, 4, 1, HISTORY_DAYS - 5);
            for (User user : users) {
                if (random.nextDouble() < 0.35) {
                    int earned = 20 + random.nextInt(Math.min(340, Math.max(1, user.joinedDaysAgo() - 20)));
                    certification(user, earned, earned + 730);
                }
            }
            for (int i = 0; i < 3; i++) {
                User user = users.get(random.nextInt(users.size()));
                credit(user, CreditKind.CREDIT_KIND_BADGE, pick(BADGES), 2 + random.nextInt(24));
            }
        }

        /**
         * About half the users earned a credit in the last year, about an eighth are certified, one course this
         * month.
         */
        private void basicLearning() {
            List<User> shuffled = shuffled(users);
            for (User user : shuffled.subList(0, Math.max(1, users.size() * 55 / 100))) {
                int count = 1 + random.nextInt(2);
                int latest = Math.min(360, user.joinedDaysAgo());
                for (int i = 0; i < count; i++) {
                    int d = 35 + random.nextInt(latest - 35 + 1);
                    credit(user, random.nextBoolean() ? CreditKind.CREDIT_KIND_BADGE : CreditKind.CREDIT_KIND_COURSE,
                            random.nextBoolean() ? pick(BADGES) : pick(COURSES), d);
                }
            }
            int certified = Math.max(1, Math.round(users.size() * 0.12f));
            for (User user : shuffled(users).subList(0, certified)) {
                int earned = 40 + random.nextInt(Math.min(260, user.joinedDaysAgo() - 40) + 1);
                certification(user, earned, earned + 730);
            }
            credit(shuffled.get(0), CreditKind.CREDIT_KIND_COURSE, pick(COURSES), 5 + random.nextInt(21));
        }

        /** A few badges, long ago. */
        private void stuckLearning() {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                User user = users.get(random.nextInt(users.size()));
                credit(user, CreditKind.CREDIT_KIND_BADGE, pick(BADGES), 120 + random.nextInt(260));
            }
        }

        /**
         * Each user with probability {@code share} earns 1 to {@code max} credits (badges, courses, superbadges,
         * events), earned between {@code from} and {@code to} days ago and not before they joined.
         */
        private void learning(double share, int max, int from, int to) {
            for (User user : users) {
                if (random.nextDouble() >= share) {
                    continue;
                }
                int count = 1 + random.nextInt(max);
                int latest = Math.min(to, user.joinedDaysAgo());
                if (latest < from) {
                    continue;
                }
                for (int i = 0; i < count; i++) {
                    int d = from + random.nextInt(latest - from + 1);
                    int kind = random.nextInt(10);
                    if (kind < 4) {
                        credit(user, CreditKind.CREDIT_KIND_BADGE, pick(BADGES), d);
                    } else if (kind < 7) {
                        credit(user, CreditKind.CREDIT_KIND_COURSE, pick(COURSES), d);
                    } else if (kind < 8) {
                        credit(user, CreditKind.CREDIT_KIND_SUPERBADGE, pick(SUPERBADGES), d);
                    } else {
                        credit(user, CreditKind.CREDIT_KIND_EVENT_ATTENDANCE, pick(EVENTS), d);
                    }
                }
            }
        }

        /**
         * Regular learning, and a third of the users certified a year ago for a year: of those, at least two expire
         * within the coming week (1-6 days after today), at least one expired in the last weeks (2-25 days ago),
         * and the rest hold a two-year certification.
         */
        private void expiringCertifications() {
            learning(0.7, 3, 1, HISTORY_DAYS - 5);
            List<User> certified = new ArrayList<>();
            for (User user : shuffled(users)) {
                if (certified.size() < Math.max(4, users.size() / 3)) {
                    certified.add(user);
                }
            }
            for (int i = 0; i < certified.size(); i++) {
                User user = certified.get(i);
                int bucket = i < 2 ? 0 : i == 2 ? 1 : random.nextInt(3);
                if (bucket == 0) {
                    int expiresIn = 1 + random.nextInt(6);
                    certificationUntil(user, 365 - expiresIn, dataEnd.plus(Duration.ofDays(expiresIn)));
                } else if (bucket == 1) {
                    int expiredAgo = 2 + random.nextInt(24);
                    certificationUntil(user, 365 + expiredAgo, dataEnd.minus(Duration.ofDays(expiredAgo)));
                } else {
                    int earned = 30 + random.nextInt(270);
                    certification(user, earned, earned + 730);
                }
            }
            credit(certified.get(0), CreditKind.CREDIT_KIND_BADGE, pick(BADGES), 2 + random.nextInt(20));
        }

        private void certification(User user, int earnedDaysAgo, int expiresAfterDays) {
            Instant earned = at(earnedDaysAgo);
            credit(user, CreditKind.CREDIT_KIND_CERTIFICATION, pick(CERTIFICATIONS), earned,
                    earned.plus(Duration.ofDays(expiresAfterDays - earnedDaysAgo)));
        }

        /** A certification earned {@code earnedDaysAgo} that expires at {@code expiry} (at 09:00 UTC that day). */
        private void certificationUntil(User user, int earnedDaysAgo, Instant expiryDay) {
            credit(user, CreditKind.CREDIT_KIND_CERTIFICATION, pick(CERTIFICATIONS), at(earnedDaysAgo),
                    expiryDay.plus(Duration.ofHours(9)));
        }

        private void credit(User user, CreditKind kind, String credential, int daysAgo) {
            credit(user, kind, credential, at(daysAgo), null);
        }

        private void credit(User user, CreditKind kind, String credential, Instant earned, Instant expires) {
            Credit.Builder credit = Credit.newBuilder()
                    .setCreditId(String.format("cr-%04d", credits.size() + 1))
                    .setUserId(user.id())
                    .setKind(kind)
                    .setCredentialId(credential)
                    .setEarnedAt(timestamp(earned));
            if (expires != null) {
                credit.setExpiresAt(timestamp(expires));
            }
            credits.add(credit.build());
        }

        // ---- Onboarding: adoption, learning and health of a new tenant ----

        private void onboarding() {
            int started = 12 + random.nextInt(30);
            int userCount = 3 + random.nextInt(4);
            seats = 25 + 5 * random.nextInt(6);
            enabled = sorted(FEATURES);
            List<String> used = shuffled(FEATURES).subList(0, 3 + random.nextInt(3));
            List<String> departments = shuffled(DEPARTMENTS).subList(0, 1 + random.nextInt(2));
            boolean executiveChampion = random.nextInt(10) < 3;
            for (int i = 0; i < userCount; i++) {
                OrgLevel level = i == 0 ? (executiveChampion ? OrgLevel.ORG_LEVEL_EXECUTIVE
                        : OrgLevel.ORG_LEVEL_MANAGER) : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
                int joined = Math.max(2, started - random.nextInt(6));
                users.add(new User(userId(i), departments.get(i % departments.size()), level, joined,
                        EnumSet.allOf(DayOfWeek.class), used));
            }
            for (User user : users) {
                // every onboarding user is active on the day they joined, and on most days after
                activity(user, user.joinedDaysAgo(), 0, used.get(0));
            }
            for (int d = 1; d <= started; d++) {
                boolean isWeekend = isWeekend(d);
                for (User user : users) {
                    if (d < user.joinedDaysAgo() && random.nextDouble() < (isWeekend ? 0.1 : 0.7)) {
                        int records = 1 + random.nextInt(2);
                        for (int k = 0; k < records; k++) {
                            activity(user, d, k, user.favorites().get(random.nextInt(user.favorites().size())));
                        }
                    }
                }
            }
            for (User user : users) {
                credit(user, CreditKind.CREDIT_KIND_COURSE, "onboarding-basics",
                        Math.max(1, user.joinedDaysAgo() - random.nextInt(2)));
                if (random.nextBoolean()) {
                    credit(user, CreditKind.CREDIT_KIND_BADGE, "first-steps-badge",
                            1 + random.nextInt(user.joinedDaysAgo()));
                }
            }
            // monitoring enrolled at the start: nothing wrong found yet, only heartbeats
        }

        // ---- Technical Health ----

        /** About one minor or major alert every other month, resolved within hours; maybe a minor one this month. */
        private void normalHealth() {
            history();
            if (random.nextBoolean()) {
                alert(pick(SUBCATEGORIES), Severity.SEVERITY_MINOR, at(2 + random.nextInt(24)), Duration.ofHours(2));
            }
        }

        /** The history, a major alert open in one subcategory, maybe a minor one resolved this month. */
        private void basicHealth() {
            history();
            alert(pick(SUBCATEGORIES), Severity.SEVERITY_MAJOR, at(3 + random.nextInt(18)), null);
            if (random.nextBoolean()) {
                alert(pick(SUBCATEGORIES), Severity.SEVERITY_MINOR, at(2 + random.nextInt(24)), Duration.ofHours(3));
            }
        }

        /** The history, limits hit (a critical and a major alert open) and slow pages (a major and a minor open). */
        private void stuckHealth() {
            history();
            alert(Subcategory.SUBCATEGORY_LIMITS, Severity.SEVERITY_CRITICAL, at(3 + random.nextInt(18)), null);
            alert(Subcategory.SUBCATEGORY_LIMITS, Severity.SEVERITY_MAJOR, at(2 + random.nextInt(10)), null);
            alert(Subcategory.SUBCATEGORY_PERFORMANCE, Severity.SEVERITY_MAJOR, at(3 + random.nextInt(18)), null);
            alert(Subcategory.SUBCATEGORY_PERFORMANCE, Severity.SEVERITY_MINOR, at(2 + random.nextInt(10)), null);
        }

        /**
         * Alerts of the last year, resolved within a day, none opened in the 35 days before today: a measurement
         * around today never sees one leave the 30-day window.
         */
        private void history() {
            for (int month = 0; month < 12; month++) {
                if (random.nextInt(10) < 6) {
                    Severity severity = random.nextInt(10) < 7 ? Severity.SEVERITY_MINOR : Severity.SEVERITY_MAJOR;
                    int d = 35 + month * 29 + random.nextInt(28);
                    alert(pick(SUBCATEGORIES), severity, at(Math.min(d, HISTORY_DAYS)),
                            Duration.ofHours(1 + random.nextInt(20)));
                }
            }
        }

        /**
         * In each subcategory 2-3 critical, 2-4 major and 0-2 minor alerts opened in the last three days, a fifth of
         * them resolved within hours (they still count: they were open in the last 30 days).
         */
        private void alertStorm() {
            for (Subcategory subcategory : SUBCATEGORIES) {
                int critical = 2 + random.nextInt(2);
                int major = 2 + random.nextInt(3);
                int minor = random.nextInt(3);
                for (int i = 0; i < critical + major + minor; i++) {
                    Severity severity = i < critical ? Severity.SEVERITY_CRITICAL
                            : i < critical + major ? Severity.SEVERITY_MAJOR : Severity.SEVERITY_MINOR;
                    Instant opened = dataEnd.minus(Duration.ofMinutes(60 + random.nextInt(71 * 60)));
                    Duration resolvedAfter = random.nextInt(5) == 0 ? Duration.ofMinutes(30 + random.nextInt(30))
                            : null;
                    alert(subcategory, severity, opened, resolvedAfter);
                }
            }
        }

        private void alert(Subcategory subcategory, Severity severity, Instant opened, Duration resolvedAfter) {
            AlertKind kind = subcategory == Subcategory.SUBCATEGORY_PERFORMANCE && random.nextBoolean()
                    ? AlertKind.ALERT_KIND_ANOMALY : AlertKind.ALERT_KIND_ALERT;
            Alert.Builder alert = Alert.newBuilder()
                    .setAlertId(String.format("al-%04d", alerts.size() + 1))
                    .setKind(kind)
                    .setSubcategory(subcategory)
                    .setSeverity(severity)
                    .setOpenedAt(timestamp(opened));
            if (resolvedAfter != null) {
                alert.setResolvedAt(timestamp(opened.plus(resolvedAfter)));
            }
            alerts.add(alert.build());
        }

        // ---- assembling the requests ----

        private DemoTenant assemble() {
            String tenant = slot.id();
            SetEntitlementsRequest entitlements = SetEntitlementsRequest.newBuilder().setTenantId(tenant)
                    .setLicensedSeats(seats).addAllEnabledFeatures(enabled).build();
            List<RegisterUserRequest> registrations = users.stream().map(u -> RegisterUserRequest.newBuilder()
                    .setTenantId(tenant).setUserId(u.id()).setDepartment(u.department()).setOrgLevel(u.level())
                    .build()).toList();
            // newest first: the measurement window is complete from the first batches on
            List<RecordActivitiesRequest> activityBatches = new ArrayList<>();
            RecordActivitiesRequest.Builder batch = RecordActivitiesRequest.newBuilder().setTenantId(tenant);
            for (List<Activity> day : activityByDay) {
                for (Activity activity : day) {
                    batch.addActivities(activity);
                    if (batch.getActivitiesCount() == ACTIVITY_BATCH) {
                        activityBatches.add(batch.build());
                        batch = RecordActivitiesRequest.newBuilder().setTenantId(tenant);
                    }
                }
            }
            if (batch.getActivitiesCount() > 0) {
                activityBatches.add(batch.build());
            }
            List<RecordCreditsRequest> creditBatches = new ArrayList<>();
            for (int i = 0; i < credits.size(); i += OTHER_BATCH) {
                creditBatches.add(RecordCreditsRequest.newBuilder().setTenantId(tenant)
                        .addAllCredits(credits.subList(i, Math.min(credits.size(), i + OTHER_BATCH))).build());
            }
            if (!monitored) {
                return new DemoTenant(tenant, slot.persona(), entitlements, registrations, activityBatches,
                        creditBatches, Optional.empty(), List.of(), Optional.empty());
            }
            List<ReportAlertsRequest> alertBatches = new ArrayList<>();
            for (int i = 0; i < alerts.size(); i += OTHER_BATCH) {
                alertBatches.add(ReportAlertsRequest.newBuilder().setTenantId(tenant)
                        .addAllAlerts(alerts.subList(i, Math.min(alerts.size(), i + OTHER_BATCH))).build());
            }
            EnrollMonitoringRequest enrollment = EnrollMonitoringRequest.newBuilder().setTenantId(tenant)
                    .addAllSubcategories(SUBCATEGORIES).build();
            ReportHeartbeatRequest heartbeat = ReportHeartbeatRequest.newBuilder().setTenantId(tenant)
                    .addAllSubcategories(SUBCATEGORIES)
                    .setObservedAt(timestamp(dataEnd.minus(Duration.ofMinutes(5)))).build();
            return new DemoTenant(tenant, slot.persona(), entitlements, registrations, activityBatches,
                    creditBatches, Optional.of(enrollment), alertBatches, Optional.of(heartbeat));
        }

        // ---- helpers ----

        private void activity(User user, int daysAgo, int n, String feature) {
            activityByDay.get(daysAgo).add(Activity.newBuilder()
                    .setActivityId(user.id() + "-d" + daysAgo + "-" + n)
                    .setUserId(user.id())
                    .setFeature(feature)
                    .setOccurredAt(timestamp(at(daysAgo)))
                    .build());
        }

        /** A moment during business hours (07:00-19:00 UTC) of the day {@code daysAgo} days before today. */
        private Instant at(int daysAgo) {
            return dataEnd.minus(Duration.ofDays(daysAgo)).plusSeconds(7 * 3600 + random.nextInt(12 * 3600));
        }

        private DayOfWeek dayOfWeek(int daysAgo) {
            return today.minusDays(daysAgo).getDayOfWeek();
        }

        private boolean isWeekend(int daysAgo) {
            DayOfWeek day = dayOfWeek(daysAgo);
            return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        }

        /** {@code count} distinct weekdays, Monday to Friday. */
        private Set<DayOfWeek> weekdays(int count) {
            List<DayOfWeek> weekdays = shuffled(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY, DayOfWeek.FRIDAY));
            return EnumSet.copyOf(weekdays.subList(0, count));
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        /** A copy in random order (Fisher-Yates on the tenant's stream). */
        private <T> List<T> shuffled(List<T> values) {
            List<T> copy = new ArrayList<>(values);
            for (int i = copy.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                T swap = copy.get(i);
                copy.set(i, copy.get(j));
                copy.set(j, swap);
            }
            return copy;
        }

        private static List<String> sorted(List<String> values) {
            return List.copyOf(new TreeSet<>(values));
        }

        private static String userId(int index) {
            return String.format("u%03d", index + 1);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }

    /** FNV-1a over the id's bytes: a tenant's stream depends on its id, not on its place in the lineup. */
    private static long fnv64(String value) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
