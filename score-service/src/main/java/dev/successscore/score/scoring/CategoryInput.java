package dev.successscore.score.scoring;

import dev.successscore.score.api.Measurement;

/**
 * What score-service holds for one category: its latest measurement, and whether that
 * measurement passed its staleness limit.
 */
public record CategoryInput(Measurement measurement, boolean expired) {
}
