package dev.successscore.score.policy;

import dev.successscore.score.api.Category;

/** A category's weight (1..100) in a weight table. */
public record CategoryWeight(Category category, int weight) {
}
