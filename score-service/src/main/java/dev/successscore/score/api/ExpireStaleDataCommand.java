package dev.successscore.score.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record every staleness expiry and override expiry that is due at {@code asOf}. */
public record ExpireStaleDataCommand(@TargetAggregateIdentifier String tenantId, Instant asOf) {
}
