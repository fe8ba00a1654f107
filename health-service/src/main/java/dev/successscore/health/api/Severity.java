package dev.successscore.health.api;

/** How much an alert open at any time in the last 30 days deducts from its subcategory's 100. */
public enum Severity {
    CRITICAL(40),
    MAJOR(15),
    MINOR(5);

    private final int penalty;

    Severity(int penalty) {
        this.penalty = penalty;
    }

    public int penalty() {
        return penalty;
    }
}
