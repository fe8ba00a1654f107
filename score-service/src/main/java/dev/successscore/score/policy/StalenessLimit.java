package dev.successscore.score.policy;

import dev.successscore.score.api.Category;

/** How many days a category measurement counts before it turns not available. */
public record StalenessLimit(Category category, int limitDays) {
}
