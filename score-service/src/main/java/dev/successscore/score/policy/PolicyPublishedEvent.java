package dev.successscore.score.policy;

import org.axonframework.serialization.Revision;

/** A scoring policy version was published. */
@Revision("1")
public record PolicyPublishedEvent(String ledgerId, ScoringPolicy policy, String requestId) {
}
