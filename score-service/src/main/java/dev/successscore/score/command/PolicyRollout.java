package dev.successscore.score.command;

import dev.successscore.runtime.concurrent.DaemonThreads;
import dev.successscore.score.api.ApplyPolicyCommand;
import dev.successscore.score.policy.EventStorePolicyCatalog;
import dev.successscore.score.policy.PolicyPublishedEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Re-scores every tenant forward when a policy version is published: one ApplyPolicyCommand per
 * tenant, each a change caused by the publication. Runs in a streaming processor; the command is
 * idempotent, so a roll-out retried after a failure re-scores no tenant twice.
 */
@ProcessingGroup(PolicyRollout.GROUP)
public final class PolicyRollout {

    public static final String GROUP = "policy-rollout";
    private static final Executor RESCORER = Executors.newSingleThreadExecutor(DaemonThreads.named("policy-rescore"));

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final EventStorePolicyCatalog policies;

    public PolicyRollout(CommandGateway commands, TenantDirectory tenants, EventStorePolicyCatalog policies) {
        this.commands = commands;
        this.tenants = tenants;
        this.policies = policies;
    }

    @EventHandler
    public void on(PolicyPublishedEvent event) {
        policies.refresh();
        int version = event.policy().version();
        for (String tenantId : tenants.tenantIds()) {
            // each tenant is re-scored in a transaction of its own, not inside the roll-out's batch:
            // no lock is held across tenants, and a conflict on one tenant retries only that one
            CompletableFuture.runAsync(() -> commands.sendAndWait(new ApplyPolicyCommand(tenantId, version)),
                    RESCORER).join();
        }
    }
}
