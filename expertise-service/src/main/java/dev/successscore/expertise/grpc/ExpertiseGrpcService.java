package dev.successscore.expertise.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.expertise.api.CreditKind;
import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.api.RecordResult;
import dev.successscore.expertise.api.RejectedRecord;
import dev.successscore.expertise.credits.Credits;
import dev.successscore.expertise.measure.ExpertiseMeasurements;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.runtime.grpc.PageTokens;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.signal.SignalProtos;
import dev.successscore.runtime.security.TenantAccess;
import dev.successscore.runtime.validation.Ids;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.expertise.v1.GetExpertiseRequest;
import successscore.expertise.v1.GetExpertiseResponse;
import successscore.expertise.v1.Learner;
import successscore.expertise.v1.ListCreditsRequest;
import successscore.expertise.v1.ListCreditsResponse;
import successscore.expertise.v1.ListLearnersRequest;
import successscore.expertise.v1.ListLearnersResponse;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.expertise.v1.RecordCreditsResponse;
import successscore.expertise.v1.RejectedCredit;
import successscore.expertise.v1.RenewCertificationRequest;
import successscore.expertise.v1.RenewCertificationResponse;
import successscore.expertise.v1.RevokeCreditRequest;
import successscore.expertise.v1.RevokeCreditResponse;

/**
 * {@code successscore.expertise.v1.ExpertiseService}: hands requests to {@link Credits}. The field rules of the
 * requests are declared in the contract (expertise_service.proto) and checked before a request gets here; what stays
 * here needs the clock or state: valid instants, page tokens, the configured batch cap, each credit record (rejected
 * on its own, the others stored).
 */
public final class ExpertiseGrpcService extends ExpertiseServiceGrpc.ExpertiseServiceImplBase {

    /** How far in the future a reported instant may be (clock skew). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final Credits credits;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxBatch;

    public ExpertiseGrpcService(Credits credits, JdbcTemplate jdbc, ObjectMapper json, Clock clock, int maxBatch) {
        this.credits = credits;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.maxBatch = maxBatch;
    }

    @Override
    public void recordCredits(RecordCreditsRequest request, StreamObserver<RecordCreditsResponse> response) {
        if (request.getCreditsCount() > maxBatch) {
            throw InvalidArgumentException.field("credits",
                    "a batch holds at most " + maxBatch + " records, got " + request.getCreditsCount());
        }
        Instant now = clock.instant();
        List<Credits.IndexedCredit> valid = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        for (int i = 0; i < request.getCreditsCount(); i++) {
            Credit credit = request.getCredits(i);
            try {
                valid.add(new Credits.IndexedCredit(i, credit(i, credit, now)));
            } catch (InvalidArgumentException e) {
                var first = e.violations().get(0);
                rejected.add(new RejectedRecord(i, credit.getCreditId(), first.field(), first.description()));
            }
        }
        TenantAccess.require(request.getTenantId(), Credits.TENANT);
        RecordResult result = credits.record(request.getTenantId(), valid, rejected);
        RecordCreditsResponse.Builder out = RecordCreditsResponse.newBuilder()
                .setAcceptedCount(result.accepted()).setDuplicateCount(result.duplicates());
        result.rejected().forEach(r -> out.addRejected(RejectedCredit.newBuilder().setIndex(r.index())
                .setCreditId(r.id()).setField(r.field()).setReason(r.reason())));
        respond(response, out.build());
    }

    @Override
    public void revokeCredit(RevokeCreditRequest request, StreamObserver<RevokeCreditResponse> response) {
        requireCredit(request.getTenantId(), request.getCreditId());
        CreditRecord credit = credits.revoke(request.getTenantId(), request.getCreditId());
        respond(response, RevokeCreditResponse.newBuilder().setCredit(toProto(credit)).build());
    }

    @Override
    public void renewCertification(RenewCertificationRequest request,
                                   StreamObserver<RenewCertificationResponse> response) {
        Instant expiresAt = ProtoTime.checkedMicros("expires_at", request.getExpiresAt());
        requireCredit(request.getTenantId(), request.getCreditId());
        CreditRecord credit = credits.renew(request.getTenantId(), request.getCreditId(), expiresAt);
        respond(response, RenewCertificationResponse.newBuilder().setCredit(toProto(credit)).build());
    }

    @Override
    public void listCredits(ListCreditsRequest request, StreamObserver<ListCreditsResponse> response) {
        String tenantId = request.getTenantId();
        int size = PageTokens.pageSize(request.getPageSize(), 100, 1000);
        String list = "credits/" + tenantId;
        String after = PageTokens.decode(list, request.getPageToken(), "");
        TenantAccess.require(tenantId, Credits.TENANT);
        List<CreditRecord> page = credits.credits(tenantId, after, size + 1);
        ListCreditsResponse.Builder out = ListCreditsResponse.newBuilder();
        page.stream().limit(size).forEach(c -> out.addCredits(toProto(c)));
        if (page.size() > size) {
            out.setNextPageToken(PageTokens.encode(list, page.get(size - 1).creditId()));
        }
        respond(response, out.build());
    }

    @Override
    public void listLearners(ListLearnersRequest request, StreamObserver<ListLearnersResponse> response) {
        String tenantId = request.getTenantId();
        int size = PageTokens.pageSize(request.getPageSize(), 100, 1000);
        String list = "learners/" + tenantId;
        String after = PageTokens.decode(list, request.getPageToken(), "");
        TenantAccess.require(tenantId, Credits.TENANT);
        List<Credits.Learner> page = credits.learners(tenantId, after, size + 1, clock.instant());
        ListLearnersResponse.Builder out = ListLearnersResponse.newBuilder();
        page.stream().limit(size).forEach(l -> out.addLearners(Learner.newBuilder().setUserId(l.userId())
                .setCreditCount(l.credits()).setCertificationCount(l.certifications())
                .setLastEarnedAt(ProtoTime.timestamp(l.lastEarnedAt()))));
        if (page.size() > size) {
            out.setNextPageToken(PageTokens.encode(list, page.get(size - 1).userId()));
        }
        respond(response, out.build());
    }

    @Override
    public void getExpertise(GetExpertiseRequest request, StreamObserver<GetExpertiseResponse> response) {
        String tenantId = request.getTenantId();
        TenantAccess.require(tenantId, Credits.TENANT);
        List<String> outcomes = jdbc.query("SELECT last_outcome FROM expertise_tenant WHERE tenant_id = ?",
                (rs, n) -> rs.getString(1), tenantId);
        if (outcomes.isEmpty()) {
            throw new NotFoundException(Credits.TENANT, tenantId);
        }
        String current = outcomes.get(0);
        if (current == null) { // known, not measured yet
            throw new NotFoundException("customer expertise measurement", tenantId);
        }
        ExpertiseMeasurements.CurrentExpertise expertise;
        try {
            expertise = json.readValue(current, ExpertiseMeasurements.CurrentExpertise.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GetExpertiseResponse.Builder out = GetExpertiseResponse.newBuilder()
                .setTenantId(tenantId)
                .setMeasuredAt(ProtoTime.timestamp(expertise.measuredAt()))
                .setRosterFromCache(expertise.rosterFromCache());
        if (expertise.rosterFetchedAt() != null) {
            out.setRosterAgeSeconds(Duration.between(expertise.rosterFetchedAt(), expertise.measuredAt()).toSeconds());
        }
        expertise.signals().forEach(s -> out.addSignals(SignalProtos.toProto(s)));
        respond(response, out.build());
    }

    /** A credit of a tenant the caller may not see answers as a credit that does not exist. */
    private static void requireCredit(String tenantId, String creditId) {
        TenantAccess.require(tenantId, () -> new NotFoundException(Credits.CREDIT, tenantId + "/" + creditId));
    }

    private static CreditRecord credit(int i, Credit credit, Instant now) {
        String prefix = "credits[" + i + "].";
        Ids.requireValid(prefix + "credit_id", credit.getCreditId());
        Ids.requireValid(prefix + "user_id", credit.getUserId());
        CreditKind kind = kind(prefix + "kind", credit.getKindValue());
        Ids.requireValid(prefix + "credential_id", credit.getCredentialId());
        Instant earned = instant(prefix + "earned_at", credit.hasEarnedAt(), credit.getEarnedAt());
        if (earned.isAfter(now.plus(MAX_FUTURE))) {
            throw InvalidArgumentException.field(prefix + "earned_at", "more than 5 minutes in the future");
        }
        Instant expires = null;
        if (credit.hasExpiresAt()) {
            if (kind != CreditKind.CERTIFICATION) {
                throw InvalidArgumentException.field(prefix + "expires_at", "only certifications expire");
            }
            expires = instant(prefix + "expires_at", true, credit.getExpiresAt());
            if (!expires.isAfter(earned)) {
                throw InvalidArgumentException.field(prefix + "expires_at", "must be after earned_at");
            }
        }
        if (credit.hasRevokedAt()) {
            throw InvalidArgumentException.field(prefix + "revoked_at", "is output only: use RevokeCredit");
        }
        return new CreditRecord(credit.getCreditId(), credit.getUserId(), kind, credit.getCredentialId(), earned,
                expires, null);
    }

    private static Instant instant(String field, boolean present, com.google.protobuf.Timestamp t) {
        if (!present) {
            throw InvalidArgumentException.field(field, "must be set");
        }
        return ProtoTime.checkedMicros(field, t);
    }

    private static CreditKind kind(String field, int value) {
        return switch (value) {
            case 1 -> CreditKind.BADGE;
            case 2 -> CreditKind.SUPERBADGE;
            case 3 -> CreditKind.CERTIFICATION;
            case 4 -> CreditKind.COURSE;
            case 5 -> CreditKind.EVENT_ATTENDANCE;
            case 0 -> throw InvalidArgumentException.field(field, "must be set");
            default -> throw InvalidArgumentException.field(field, "is not a known credit kind (" + value + ")");
        };
    }

    static Credit toProto(CreditRecord c) {
        Credit.Builder credit = Credit.newBuilder()
                .setCreditId(c.creditId())
                .setUserId(c.userId())
                .setKindValue(c.kind().ordinal() + 1)
                .setCredentialId(c.credentialId())
                .setEarnedAt(ProtoTime.timestamp(c.earnedAt()));
        if (c.expiresAt() != null) {
            credit.setExpiresAt(ProtoTime.timestamp(c.expiresAt()));
        }
        if (c.revokedAt() != null) {
            credit.setRevokedAt(ProtoTime.timestamp(c.revokedAt()));
        }
        return credit.build();
    }

    private static <T> void respond(StreamObserver<T> observer, T message) {
        observer.onNext(message);
        observer.onCompleted();
    }
}
