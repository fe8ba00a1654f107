package dev.successscore.score.grpc;

import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.Role;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;

/**
 * The role each RPC of score-service requires: reads need READ; verifying the hash chain, simulating a policy and
 * listing the operator actions AUDIT; publishing policies, overrides and the operator endpoints (rebuild, replay,
 * feed lag) ADMIN. An RPC missing here is refused to everybody; the MethodRoles test fails the build until it is
 * declared.
 */
public final class ScoreMethodRoles {

    public static final MethodRoles ROLES = MethodRoles.builder()
            .require(Role.READ,
                    ScoreServiceGrpc.getGetScoreMethod(),
                    ScoreServiceGrpc.getListScoresMethod(),
                    ScoreServiceGrpc.getGetScoreHistoryMethod(),
                    ScoreServiceGrpc.getExplainScoreMethod(),
                    ScoreServiceGrpc.getWatchScoreChangesMethod(),
                    ScoreServiceGrpc.getGetPolicyMethod())
            .require(Role.AUDIT,
                    ScoreServiceGrpc.getVerifyHistoryMethod(),
                    ScoreServiceGrpc.getSimulatePolicyMethod())
            // per tenant: the handlers check the tenant
            .require(Role.ADMIN,
                    ScoreServiceGrpc.getSetOverrideMethod(),
                    ScoreServiceGrpc.getClearOverrideMethod())
            // acting on every tenant at once: a policy applies to all, rebuilds and replays cover all
            .requireOnEveryTenant(Role.ADMIN,
                    ScoreServiceGrpc.getPublishPolicyMethod(),
                    ScoreAdminServiceGrpc.getRebuildReadModelsMethod(),
                    ScoreAdminServiceGrpc.getReplayFeedMethod(),
                    ScoreAdminServiceGrpc.getGetFeedLagMethod())
            // the operator actions were taken on every tenant at once
            .requireOnEveryTenant(Role.AUDIT,
                    ScoreAdminServiceGrpc.getListOperatorActionsMethod())
            .build();

    private ScoreMethodRoles() {
    }
}
