package dev.successscore.score.grpc;

import dev.successscore.runtime.grpc.PageTokens;

import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.runtime.security.Caller;
import dev.successscore.runtime.security.Callers;
import dev.successscore.runtime.security.TenantAccess;
import dev.successscore.score.api.ClearOverrideCommand;
import dev.successscore.score.api.OverrideValue;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.api.SetOverrideCommand;
import dev.successscore.score.command.TenantDirectory;
import dev.successscore.score.feed.UpstreamReachability;
import dev.successscore.score.policy.PolicyLedger;
import dev.successscore.score.policy.PolicyValidator;
import dev.successscore.score.policy.PublishPolicyCommand;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.query.CurrentScore;
import dev.successscore.score.query.ScoreReadModel;
import dev.successscore.score.verify.HistoryVerifier;
import dev.successscore.score.verify.PolicySimulator;
import dev.successscore.score.verify.VerificationReport;
import dev.successscore.score.ScoreExplanation;
import dev.successscore.score.policy.EventStorePolicyCatalog;
import io.grpc.stub.StreamObserver;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import successscore.score.v1.ClearOverrideRequest;
import successscore.score.v1.ClearOverrideResponse;
import successscore.score.v1.ExplainScoreRequest;
import successscore.score.v1.ExplainScoreResponse;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.GetPolicyResponse;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreHistoryResponse;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.GetScoreResponse;
import successscore.score.v1.ListScoresRequest;
import successscore.score.v1.ListScoresResponse;
import successscore.score.v1.Mismatch;
import successscore.score.v1.MismatchKind;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.PublishPolicyResponse;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.SetOverrideRequest;
import successscore.score.v1.SetOverrideResponse;
import successscore.score.v1.SimulatePolicyRequest;
import successscore.score.v1.SimulatePolicyResponse;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.score.v1.VerifyHistoryResponse;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;

/**
 * The gRPC endpoint of score-service: asks the command or query side. The field rules of the requests are declared
 * in the contract (score_service.proto) and checked before a request gets here; what stays here needs the clock,
 * the caller or state, or reads a value whole: valid instants and their order, an override's value and expiry in the
 * future, the author when authentication is disabled, page tokens, the policy's rules ({@link PolicyValidator}, which
 * the policy ledger applies to every policy it publishes).
 *
 * <p>Tenant isolation: once a request is valid and before anything is looked up, a tenant the caller may not see
 * answers exactly as a tenant that does not exist ({@code tenant '<id>' not found}). ListScores, VerifyHistory
 * without a tenant and WatchScoreChanges without a tenant cover only the tenants the caller may see; watching a
 * tenant it may not see streams nothing, as watching a tenant that does not exist (yet) does.
 *
 * <p>Authorship: with authentication, the author a policy publication or an override records is the caller's
 * token subject, whatever {@code published_by} or {@code author} say (they may then be empty); only in the insecure
 * local mode (authentication disabled) do these request fields name the author.
 */
public final class ScoreGrpcService extends ScoreServiceGrpc.ScoreServiceImplBase {

    private static final int LIST_DEFAULT = 50;
    private static final int LIST_MAX = 500;
    private static final int HISTORY_DEFAULT = 100;
    private static final int HISTORY_MAX = 1000;
    private static final int TEXT_MAX = 1000;
    private static final String TENANT = TenantAccess.TENANT;

    private final CommandGateway commands;
    private final ScoreReadModel readModel;
    private final EventStorePolicyCatalog policies;
    private final TenantDirectory tenants;
    private final HistoryVerifier verifier;
    private final PolicySimulator simulator;
    private final ScoreWatcher watcher;
    private final UpstreamReachability upstreams;
    private final Clock clock;

    public ScoreGrpcService(CommandGateway commands, ScoreReadModel readModel, EventStorePolicyCatalog policies,
                            TenantDirectory tenants, HistoryVerifier verifier, PolicySimulator simulator,
                            ScoreWatcher watcher, UpstreamReachability upstreams, Clock clock) {
        this.commands = commands;
        this.readModel = readModel;
        this.policies = policies;
        this.tenants = tenants;
        this.verifier = verifier;
        this.simulator = simulator;
        this.watcher = watcher;
        this.upstreams = upstreams;
        this.clock = clock;
    }

    @Override
    public void getScore(GetScoreRequest request, StreamObserver<GetScoreResponse> response) {
        TenantAccess.require(request.getTenantId(), TENANT);
        response.onNext(GetScoreResponse.newBuilder().setScore(currentScore(request.getTenantId())).build());
        response.onCompleted();
    }

    private successscore.score.v1.Score currentScore(String tenantId) {
        ScoreChangedEvent current = readModel.current(tenantId)
                .orElseThrow(() -> new NotFoundException(TENANT, tenantId));
        var score = ProtoMapper.toScore(current, readModel.openAlerts(tenantId)).toBuilder();
        score.getCategoriesBuilderList().forEach(this::markStaleWhenOwnerUnreachable);
        return score.build();
    }

    /** A category whose owner cannot be reached keeps its last measurement and is marked stale. */
    private void markStaleWhenOwnerUnreachable(successscore.score.v1.CategoryScore.Builder category) {
        var owner = ProtoMapper.fromProto(category.getCategory());
        if (owner != null && !category.getMeasurementId().isEmpty() && !upstreams.isReachable(owner)) {
            category.setStale(true);
        }
    }

    @Override
    public void listScores(ListScoresRequest request, StreamObserver<ListScoresResponse> response) {
        int size = PageTokens.pageSize(request.getPageSize(), LIST_DEFAULT, LIST_MAX);
        String after = PageTokens.decode("scores:" + request.getBand(), request.getPageToken(), "");
        List<CurrentScore> page = visibleScores(ProtoMapper.fromProto(request.getBand()), after, size + 1);
        var b = ListScoresResponse.newBuilder();
        page.stream().limit(size).forEach(s -> b.addScores(ProtoMapper.toScore(s)));
        if (page.size() > size) {
            b.setNextPageToken(PageTokens.encode("scores:" + request.getBand(), page.get(size - 1).tenantId()));
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    /**
     * Up to {@code limit} current scores after {@code after} of tenants the caller may see, reading the read model's
     * pages until it has them, so that a page is never cut short by tenants the caller may not see.
     */
    private List<CurrentScore> visibleScores(dev.successscore.score.api.Band band, String after, int limit) {
        List<CurrentScore> visible = new ArrayList<>();
        String from = after;
        while (visible.size() < limit) {
            List<CurrentScore> page = readModel.list(band, from, limit);
            page.stream().filter(s -> TenantAccess.canSee(s.tenantId())).limit(limit - visible.size())
                    .forEach(visible::add);
            if (page.size() < limit) {
                break;
            }
            from = page.get(page.size() - 1).tenantId();
        }
        return visible;
    }

    @Override
    public void getScoreHistory(GetScoreHistoryRequest request, StreamObserver<GetScoreHistoryResponse> response) {
        Instant from = request.hasStartTime() ? checkedInstant("start_time", request.getStartTime()) : Instant.EPOCH;
        Instant to = request.hasEndTime() ? checkedInstant("end_time", request.getEndTime())
                : Instant.parse("9999-12-31T00:00:00Z");
        if (!to.isAfter(from)) {
            throw InvalidArgumentException.field("end_time", "must be after start_time");
        }
        int size = PageTokens.pageSize(request.getPageSize(), HISTORY_DEFAULT, HISTORY_MAX);
        String list = "history:" + request.getTenantId() + ":" + from + ":" + to;
        long after = parsePosition(PageTokens.decode(list, request.getPageToken(), "0"));
        requireTenant(request.getTenantId());
        List<ScoreChangedEvent> page = readModel.history(request.getTenantId(), from, to, after, size + 1);
        var b = GetScoreHistoryResponse.newBuilder();
        page.stream().limit(size).forEach(e -> b.addChanges(ProtoMapper.toProto(e)));
        if (page.size() > size) {
            b.setNextPageToken(PageTokens.encode(list, Long.toString(page.get(size - 1).change().position())));
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void explainScore(ExplainScoreRequest request, StreamObserver<ExplainScoreResponse> response) {
        Instant asOf = request.hasAsOfTime() ? checkedInstant("as_of_time", request.getAsOfTime()) : clock.instant();
        requireTenant(request.getTenantId());
        ScoreChangedEvent change = readModel.inForceAt(request.getTenantId(), asOf)
                .orElseThrow(() -> new NotFoundException("score of tenant " + request.getTenantId() + " at",
                        asOf.toString()));
        var explained = ProtoMapper.toProto(change).toBuilder();
        if (!request.hasAsOfTime()) {
            explained.getCategoriesBuilderList().forEach(this::markStaleWhenOwnerUnreachable);
        }
        response.onNext(ExplainScoreResponse.newBuilder().setChange(explained)
                .addAllExplanation(ScoreExplanation.lines(change.change())).build());
        response.onCompleted();
    }

    @Override
    public void watchScoreChanges(WatchScoreChangesRequest request,
                                  StreamObserver<WatchScoreChangesResponse> response) {
        // taken on the handler's thread: the gRPC context does not follow the watch to its worker
        watcher.watch(request, Callers.current(), response);
    }

    @Override
    public void getPolicy(GetPolicyRequest request, StreamObserver<GetPolicyResponse> response) {
        ScoringPolicy policy = request.getVersion() == 0 ? policies.current()
                : policies.find(request.getVersion()).orElseThrow(
                        () -> new NotFoundException("policy version", Integer.toString(request.getVersion())));
        response.onNext(GetPolicyResponse.newBuilder().setPolicy(ProtoMapper.toProto(policy)).build());
        response.onCompleted();
    }

    @Override
    public void publishPolicy(PublishPolicyRequest request, StreamObserver<PublishPolicyResponse> response) {
        String publishedBy = author("published_by", request.getPublishedBy());
        String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        ScoringPolicy proposal = ProtoMapper.fromProto(request.getPolicy());
        PolicyValidator.requireValid(proposal);
        int version = commands.sendAndWait(new PublishPolicyCommand(PolicyLedger.ID, proposal,
                publishedBy, requestId, clock.instant()));
        policies.refresh();
        response.onNext(PublishPolicyResponse.newBuilder()
                .setPolicy(ProtoMapper.toProto(policies.version(version))).build());
        response.onCompleted();
    }

    @Override
    public void simulatePolicy(SimulatePolicyRequest request, StreamObserver<SimulatePolicyResponse> response) {
        ScoringPolicy proposal = ProtoMapper.fromProto(request.getPolicy());
        PolicyValidator.requireValid(proposal);
        requireTenant(request.getTenantId());
        var b = SimulatePolicyResponse.newBuilder();
        simulator.simulate(request.getTenantId(), proposal).forEach(p -> b.addPoints(ProtoMapper.toProto(p)));
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void setOverride(SetOverrideRequest request, StreamObserver<SetOverrideResponse> response) {
        BigDecimal value = overrideValue(request.getValue());
        String author = author("author", request.getAuthor());
        Instant now = clock.instant();
        Instant expiresAt = checkedInstant("expire_time", request.getExpireTime());
        if (!expiresAt.isAfter(now)) {
            throw InvalidArgumentException.field("expire_time", "must be in the future");
        }
        String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        requireTenant(request.getTenantId());
        commands.sendAndWait(new SetOverrideCommand(request.getTenantId(), new OverrideValue(value,
                author, request.getReason(), now, expiresAt, requestId)));
        response.onNext(SetOverrideResponse.newBuilder().setScore(currentScore(request.getTenantId()))
                .build());
        response.onCompleted();
    }

    @Override
    public void clearOverride(ClearOverrideRequest request, StreamObserver<ClearOverrideResponse> response) {
        String author = author("author", request.getAuthor());
        requireTenant(request.getTenantId());
        commands.sendAndWait(new ClearOverrideCommand(request.getTenantId(), author,
                request.getReason(), clock.instant()));
        response.onNext(ClearOverrideResponse.newBuilder()
                .setScore(currentScore(request.getTenantId())).build());
        response.onCompleted();
    }

    @Override
    public void verifyHistory(VerifyHistoryRequest request, StreamObserver<VerifyHistoryResponse> response) {
        List<String> ids;
        if (request.getTenantId().isEmpty()) {
            ids = tenants.tenantIds().stream().filter(TenantAccess::canSee).toList();
        } else {
            requireTenant(request.getTenantId());
            ids = List.of(request.getTenantId());
        }
        VerificationReport report = verifier.verify(ids);
        var b = VerifyHistoryResponse.newBuilder().setValid(report.valid())
                .setTenantsChecked(report.tenantsChecked()).setChangesChecked(report.changesChecked());
        report.mismatches().forEach(m -> b.addMismatches(Mismatch.newBuilder().setTenantId(m.tenantId())
                .setPosition(m.position()).setKind(MismatchKind.valueOf("MISMATCH_KIND_" + m.kind().name()))
                .setExpected(m.expected()).setActual(m.actual()).setDetail(m.detail())));
        response.onNext(b.build());
        response.onCompleted();
    }

    /** NOT_FOUND for a tenant score-service does not know, and alike for one the caller may not see. */
    private void requireTenant(String tenantId) {
        TenantAccess.require(tenantId, TENANT);
        if (!tenants.exists(tenantId)) {
            throw new NotFoundException(TENANT, tenantId);
        }
    }

    /**
     * Who a person's change is recorded as made by: the authenticated caller's token subject; the request's field
     * only when authentication is disabled (then it is required).
     */
    private static String author(String field, String requested) {
        Caller caller = Callers.current();
        if (caller == Caller.UNAUTHENTICATED_LOCAL) {
            requireText(field, requested);
            return requested;
        }
        return caller.subject();
    }

    private static Instant checkedInstant(String field, com.google.protobuf.Timestamp t) {
        if (!ProtoMapper.isValid(t)) {
            throw InvalidArgumentException.field(field, "is not a valid timestamp");
        }
        return ProtoMapper.instant(t);
    }

    private static BigDecimal overrideValue(String text) {
        if (text.length() > 8) {
            throw InvalidArgumentException.field("value", "must be a decimal number such as 72.5");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw InvalidArgumentException.field("value", "must be a decimal number such as 72.5");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw InvalidArgumentException.field("value", "must be between 0 and 100");
        }
        if (value.scale() > 1) {
            throw InvalidArgumentException.field("value", "at most one decimal");
        }
        return value.setScale(1);
    }

    private static void requireText(String field, String value) {
        if (value.isBlank()) {
            throw InvalidArgumentException.field(field, "is required");
        }
        if (value.length() > TEXT_MAX) {
            throw InvalidArgumentException.field(field, "at most " + TEXT_MAX + " characters");
        }
    }

    private static long parsePosition(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidArgumentException.field("page_token", "is not a token of this list");
        }
    }
}
