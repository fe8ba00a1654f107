package dev.successscore.score.grpc;

import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.Role;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;

/**
 * The role each RPC of score-service requires: reads need READ; verifying the hash chain and simulating a policy
 * AUDIT; publishing policies, overrides and the operator endpoints (rebuild, replay, feed lag) ADMIN. An RPC missing
 * here is refused to everybody; the MethodRoles test fails the build until it is declared.
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
            .require(Role.ADMIN,
                    ScoreServiceGrpc.getPublishPolicyMethod(),
                    ScoreServiceGrpc.getSetOverrideMethod(),
                    ScoreServiceGrpc.getClearOverrideMethod(),
                    ScoreAdminServiceGrpc.getRebuildReadModelsMethod(),
                    ScoreAdminServiceGrpc.getReplayFeedMethod(),
                    ScoreAdminServiceGrpc.getGetFeedLagMethod())
            .build();

    private ScoreMethodRoles() {
    }
}
