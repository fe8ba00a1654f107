package dev.successscore.score.policy;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Publish a proposed policy as the next version. The request id makes a retried request publish once. */
public record PublishPolicyCommand(
        @TargetAggregateIdentifier String ledgerId,
        ScoringPolicy proposal,
        String publishedBy,
        String requestId,
        Instant publishedAt) {
}
