package dev.successscore.cli.demo;

/**
 * The kinds of tenant the demo tells its story with. A tenant's id starts with its persona's slug, so the table
 * reads as the story: {@code deep-adopter-03}, {@code stuck-level1-02}, {@code daily-dropout}.
 */
public enum Persona {

    DEEP_ADOPTER("deep-adopter", false,
            "many features in many departments at every org level, used daily, certified users, healthy monitoring"),
    STEADY_BASIC("steady-basic", false,
            "six of ten features three days a week, half the seats in use, managers but no executive: basic adoption"),
    STUCK_LEVEL1("stuck-level1", false,
            "a year of weekly logins and one report, limits hit: still at the first adoption level, usage"),
    DAILY_DROPOUT("daily-dropout", true,
            "used the product daily for a year and stopped logging in two weeks ago: engagement drop"),
    ONBOARDING("onboarding", false,
            "started in the last weeks with a handful of users and onboarding courses"),
    NO_MONITORING("no-monitoring", false,
            "never enrolled in monitoring: scored with the 70/30 table, without Technical Health"),
    ALERT_STORM("alert-storm", true,
            "adopted well, then a storm of critical and major alerts in the last three days"),
    CERTS_EXPIRING("certs-expiring", false,
            "certifications expiring within the week, some already expired");

    private final String slug;
    private final boolean single;
    private final String story;

    Persona(String slug, boolean single, String story) {
        this.slug = slug;
        this.single = single;
        this.story = story;
    }

    /** The tenant id's prefix. */
    public String slug() {
        return slug;
    }

    /** Whether the demo has one tenant of this persona (its id is the slug alone). */
    public boolean single() {
        return single;
    }

    /** One line saying what the tenant does and what its score should show. */
    public String story() {
        return story;
    }

    /** The persona of a demo tenant id, by its prefix. */
    public static Persona of(String tenantId) {
        for (Persona persona : values()) {
            if (tenantId.equals(persona.slug) || tenantId.startsWith(persona.slug + "-")) {
                return persona;
            }
        }
        throw new IllegalArgumentException("not a demo tenant: " + tenantId);
    }
}
