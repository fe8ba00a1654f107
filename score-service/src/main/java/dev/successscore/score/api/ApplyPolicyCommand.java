package dev.successscore.score.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Re-score the tenant under a published policy version (a no-op when it already uses it or a later one). */
public record ApplyPolicyCommand(@TargetAggregateIdentifier String tenantId, int policyVersion) {
}
