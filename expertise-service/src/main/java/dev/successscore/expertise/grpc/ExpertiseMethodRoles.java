package dev.successscore.expertise.grpc;

import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.Role;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.expertise.v1.ExpertiseServiceGrpc;

/**
 * The role each RPC of expertise-service requires: writes need INGEST, reads READ. Its event feed needs READ too:
 * score-service follows it with its own service token, which holds READ on every tenant ({@code "tenants": "*"}).
 * An RPC missing here is refused to everybody; the MethodRoles test fails the build until it is declared.
 */
public final class ExpertiseMethodRoles {

    public static final MethodRoles ROLES = MethodRoles.builder()
            .require(Role.INGEST,
                    ExpertiseServiceGrpc.getRecordCreditsMethod(),
                    ExpertiseServiceGrpc.getRevokeCreditMethod(),
                    ExpertiseServiceGrpc.getRenewCertificationMethod())
            .require(Role.READ,
                    ExpertiseServiceGrpc.getListCreditsMethod(),
                    ExpertiseServiceGrpc.getListLearnersMethod(),
                    ExpertiseServiceGrpc.getGetExpertiseMethod())
            // the feed carries every tenant's events: score-service's own identity, which sees every tenant
            .requireOnEveryTenant(Role.READ,
                    EventFeedServiceGrpc.getStreamEventsMethod(),
                    EventFeedServiceGrpc.getGetFeedHeadMethod())
            .build();

    private ExpertiseMethodRoles() {
    }
}
