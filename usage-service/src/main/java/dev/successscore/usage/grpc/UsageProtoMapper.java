package dev.successscore.usage.grpc;

import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.signal.SignalProtos;
import dev.successscore.usage.api.DirectoryUser;
import dev.successscore.usage.api.Entitlements;
import dev.successscore.usage.api.RejectedRecord;
import dev.successscore.usage.measure.AdoptionWindow;
import dev.successscore.usage.query.RecordedMeasurement;
import successscore.usage.v1.AdoptionMeasurement;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RejectedActivity;
import successscore.usage.v1.User;

/** usage-service's domain types in its API's messages, and back. */
final class UsageProtoMapper {

    private UsageProtoMapper() {
    }

    static successscore.usage.v1.Entitlements toProto(Entitlements e) {
        return successscore.usage.v1.Entitlements.newBuilder()
                .setTenantId(e.tenantId())
                .setLicensedSeats(e.licensedSeats())
                .addAllEnabledFeatures(e.enabledFeatures())
                .setVersion(e.version())
                .setChangedAt(ProtoTime.timestamp(e.changedAt()))
                .build();
    }

    static User toProto(DirectoryUser u) {
        return User.newBuilder()
                .setTenantId(u.tenantId())
                .setUserId(u.userId())
                .setDepartment(u.department())
                .setOrgLevel(toProto(u.orgLevel()))
                .setActive(u.active())
                .setRegisteredAt(ProtoTime.timestamp(u.registeredAt()))
                .setUpdatedAt(ProtoTime.timestamp(u.updatedAt()))
                .build();
    }

    static OrgLevel toProto(dev.successscore.usage.api.OrgLevel level) {
        return switch (level) {
            case INDIVIDUAL_CONTRIBUTOR -> OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
            case MANAGER -> OrgLevel.ORG_LEVEL_MANAGER;
            case EXECUTIVE -> OrgLevel.ORG_LEVEL_EXECUTIVE;
        };
    }

    /** The org level of a request; unset or unknown values are INVALID_ARGUMENT on {@code org_level}. */
    static dev.successscore.usage.api.OrgLevel orgLevel(OrgLevel level) {
        return switch (level) {
            case ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR -> dev.successscore.usage.api.OrgLevel.INDIVIDUAL_CONTRIBUTOR;
            case ORG_LEVEL_MANAGER -> dev.successscore.usage.api.OrgLevel.MANAGER;
            case ORG_LEVEL_EXECUTIVE -> dev.successscore.usage.api.OrgLevel.EXECUTIVE;
            // refused by the contract's rules before a request gets here
            case ORG_LEVEL_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("org_level must be set");
        };
    }

    static RejectedActivity toProto(RejectedRecord r, int batchIndex) {
        return RejectedActivity.newBuilder()
                .setIndex(r.index())
                .setActivityId(r.activityId() == null ? "" : r.activityId())
                .setField(r.field())
                .setReason(r.reason())
                .setBatchIndex(batchIndex)
                .build();
    }

    static AdoptionMeasurement toProto(RecordedMeasurement m) {
        AdoptionWindow window = AdoptionWindow.at(m.measuredAt());
        AdoptionMeasurement.Builder proto = AdoptionMeasurement.newBuilder()
                .setMeasurementId(m.measurementId())
                .setTenantId(m.tenantId())
                .setMeasuredAt(ProtoTime.timestamp(m.measuredAt()))
                .setWindowStart(ProtoTime.timestamp(window.startInstant()))
                .setWindowEnd(ProtoTime.timestamp(m.measuredAt()))
                .setLevel(SignalProtos.toProto(m.level()))
                .setActiveUsers(m.activeUsers());
        m.signals().forEach(s -> proto.addSignals(SignalProtos.toProto(s)));
        return proto.build();
    }
}
