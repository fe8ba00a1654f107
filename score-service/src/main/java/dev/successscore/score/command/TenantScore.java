package dev.successscore.score.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.ApplyPolicyCommand;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.ClearOverrideCommand;
import dev.successscore.score.api.CommandOutcome;
import dev.successscore.score.api.ExpireStaleDataCommand;
import dev.successscore.score.api.RecordEngagementChangeCommand;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.api.SetOverrideCommand;
import dev.successscore.score.policy.PolicyCatalog;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.scoring.ChangeFactory;
import dev.successscore.score.scoring.HashChain;
import dev.successscore.score.scoring.TenantScoreState;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A tenant's Customer Success Score, event-sourced. Command handlers decide; every decision is a
 * {@link ScoreChangedEvent} that carries its cause, its full result and a hash chained to the
 * previous change. Expiries are applied in event time: before a cause at time t, every expiry
 * due at or before t is recorded first, so replaying the same causes gives the same history.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class TenantScore {

    @AggregateIdentifier
    private String tenantId;
    private TenantScoreState state = new TenantScoreState();

    protected TenantScore() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(ApplyMeasurementCommand command, PolicyCatalog policies) {
        TenantRules.requireSameTenant(command.tenantId(), command.measurement().tenantId());
        TenantRules.requireValidMeasurement(command.measurement());
        if (state.isDuplicateOrSuperseded(command.measurement())) {
            return CommandOutcome.UNCHANGED;
        }
        ScoringPolicy policy = policyFor(policies, command.measurement().measuredAt());
        record(command.tenantId(), Cause.measurement(command.measurement()), policy);
        return CommandOutcome.CHANGED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(RecordEngagementChangeCommand command, PolicyCatalog policies) {
        TenantRules.requireSameTenant(command.tenantId(), command.change().tenantId());
        if (state.isDuplicateOrSuperseded(command.change())) {
            return CommandOutcome.UNCHANGED;
        }
        ScoringPolicy policy = policyFor(policies, command.change().detectedAt());
        record(command.tenantId(), Cause.engagement(command.change()), policy);
        return CommandOutcome.CHANGED;
    }

    @CommandHandler
    public CommandOutcome handle(ExpireStaleDataCommand command, PolicyCatalog policies) {
        long before = state.position();
        recordDueExpiries(command.tenantId(), command.asOf(), policies.version(state.policyVersion()));
        return state.position() > before ? CommandOutcome.CHANGED : CommandOutcome.UNCHANGED;
    }

    @CommandHandler
    public CommandOutcome handle(ApplyPolicyCommand command, PolicyCatalog policies) {
        if (command.policyVersion() <= state.policyVersion()) {
            return CommandOutcome.UNCHANGED;
        }
        ScoringPolicy published = policies.version(command.policyVersion());
        recordDueExpiries(command.tenantId(), published.publishedAt(), policies.version(state.policyVersion()));
        record(command.tenantId(), publication(published), published);
        return CommandOutcome.CHANGED;
    }

    @CommandHandler
    public CommandOutcome handle(SetOverrideCommand command, PolicyCatalog policies) {
        var override = command.override();
        if (state.applied(CauseType.OVERRIDE_SET, override.requestId())) {
            return CommandOutcome.UNCHANGED;
        }
        TenantRules.requireValidOverride(override);
        ScoringPolicy policy = policyFor(policies, override.setAt());
        record(command.tenantId(), Cause.overrideSet(override), policy);
        return CommandOutcome.CHANGED;
    }

    @CommandHandler
    public CommandOutcome handle(ClearOverrideCommand command, PolicyCatalog policies) {
        ScoringPolicy policy = policyFor(policies, command.clearedAt());
        TenantRules.requireOverrideInForce(state.override());
        record(command.tenantId(), Cause.overrideCleared(state.override().requestId(), command.clearedAt(),
                command.author(), command.reason()), policy);
        return CommandOutcome.CHANGED;
    }

    /**
     * The policy a cause at {@code time} is scored with: a new tenant takes the current version; an
     * existing tenant that has not yet been re-scored under the current version is re-scored first
     * (a change caused by the publication), after the expiries due before {@code time}.
     */
    private ScoringPolicy policyFor(PolicyCatalog policies, Instant time) {
        ScoringPolicy current = policies.current();
        if (state.isNew()) {
            return current;
        }
        ScoringPolicy inForce = policies.version(state.policyVersion());
        recordDueExpiries(tenantId, time, inForce);
        if (current.version() > inForce.version()) {
            record(tenantId, publication(current), current);
            return current;
        }
        return inForce;
    }

    private static Cause publication(ScoringPolicy policy) {
        return Cause.policyPublication(policy.version(), policy.publishedAt(), policy.publishedBy(),
                policy.description());
    }

    private void recordDueExpiries(String tenant, Instant time, ScoringPolicy policy) {
        for (Cause expiry : state.dueExpiries(time, policy)) {
            record(tenant, expiry, policy);
        }
    }

    private void record(String tenant, Cause cause, ScoringPolicy policy) {
        ScoreChange change = ChangeFactory.next(state, tenant, cause, policy);
        apply(new ScoreChangedEvent(change, HashChain.hash(change)));
    }

    @EventSourcingHandler
    void on(ScoreChangedEvent event) {
        tenantId = event.change().tenantId();
        state.apply(event.change(), event.hash());
    }
}
