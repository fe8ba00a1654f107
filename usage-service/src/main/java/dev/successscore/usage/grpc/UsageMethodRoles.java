package dev.successscore.usage.grpc;

import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.Role;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * The role each RPC of usage-service requires: writes need INGEST, reads READ. Its event feed needs READ too:
 * score-service follows it with its own service token, which holds READ on every tenant ({@code "tenants": "*"}).
 * An RPC missing here is refused to everybody; the MethodRoles test fails the build until it is declared.
 */
public final class UsageMethodRoles {

    public static final MethodRoles ROLES = MethodRoles.builder()
            .require(Role.INGEST,
                    UsageServiceGrpc.getSetEntitlementsMethod(),
                    UsageServiceGrpc.getRegisterUserMethod(),
                    UsageServiceGrpc.getUpdateUserMethod(),
                    UsageServiceGrpc.getDeactivateUserMethod(),
                    UsageServiceGrpc.getRecordActivitiesMethod(),
                    UsageServiceGrpc.getStreamActivitiesMethod())
            .require(Role.READ,
                    UsageServiceGrpc.getGetEntitlementsMethod(),
                    UsageServiceGrpc.getListEntitlementChangesMethod(),
                    UsageServiceGrpc.getListUsersMethod(),
                    UsageServiceGrpc.getListTenantsMethod(),
                    UsageServiceGrpc.getGetAdoptionMethod(),
                    UsageServiceGrpc.getListAdoptionMeasurementsMethod())
            // the feed carries every tenant's events: score-service's own identity, which sees every tenant
            .requireOnEveryTenant(Role.READ,
                    EventFeedServiceGrpc.getStreamEventsMethod(),
                    EventFeedServiceGrpc.getGetFeedHeadMethod())
            .build();

    private UsageMethodRoles() {
    }
}
