package dev.successscore.score.api;

/** The three categories of the Customer Success Score, each owned by one service. */
public enum Category {
    PRODUCT_ADOPTION("usage-service"),
    CUSTOMER_EXPERTISE("expertise-service"),
    TECHNICAL_HEALTH("health-service");

    private final String owner;

    Category(String owner) {
        this.owner = owner;
    }

    /** The service that measures this category. */
    public String owner() {
        return owner;
    }
}
