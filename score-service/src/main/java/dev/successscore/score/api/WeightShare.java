package dev.successscore.score.api;

import java.math.BigDecimal;

/** A category's effective weight in a composite (two decimals). */
public record WeightShare(Category category, BigDecimal weight) {
}
