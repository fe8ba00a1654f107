package dev.successscore.health.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.health.api.AlertKind;
import dev.successscore.health.api.AlertRecord;
import dev.successscore.health.api.RejectedRecord;
import dev.successscore.health.api.ReportResult;
import dev.successscore.health.api.Severity;
import dev.successscore.health.api.Subcategory;
import dev.successscore.health.ingest.Monitoring;
import dev.successscore.health.measure.HealthMeasurements;
import dev.successscore.runtime.grpc.FieldViolations;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import com.google.protobuf.util.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.health.v1.Alert;
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.EnrollMonitoringResponse;
import successscore.health.v1.GetTechnicalHealthRequest;
import successscore.health.v1.GetTechnicalHealthResponse;
import successscore.health.v1.HealthServiceGrpc;
import successscore.health.v1.ListOpenAlertsRequest;
import successscore.health.v1.ListOpenAlertsResponse;
import successscore.health.v1.RejectedAlert;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportAlertsResponse;
import successscore.health.v1.ReportHeartbeatRequest;
import successscore.health.v1.ReportHeartbeatResponse;
import successscore.health.v1.ResolveAlertRequest;
import successscore.health.v1.ResolveAlertResponse;

/**
 * {@code successscore.health.v1.HealthService}: hands requests to {@link Monitoring}. The field rules of the
 * requests are declared in the contract (health_service.proto) and checked before a request gets here; what stays
 * here needs the clock or state: instants not in the future, page tokens, the configured batch cap, each alert
 * record (rejected on its own, the others stored).
 */
public final class HealthGrpcService extends HealthServiceGrpc.HealthServiceImplBase {

    /** Before every valid protobuf timestamp: where the first page of open alerts starts. */
    private static final Instant FIRST_PAGE = Instant.parse("0000-01-01T00:00:00Z");

    /** How far in the future a reported instant may be (clock skew). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final Monitoring monitoring;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxBatch;

    public HealthGrpcService(Monitoring monitoring, JdbcTemplate jdbc, ObjectMapper json, Clock clock, int maxBatch) {
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.maxBatch = maxBatch;
    }

    @Override
    public void enrollMonitoring(EnrollMonitoringRequest request, StreamObserver<EnrollMonitoringResponse> response) {
        Set<Subcategory> subcategories = subcategories(request.getSubcategoriesValueList());
        TenantAccess.require(request.getTenantId(), Monitoring.TENANT);
        Set<Subcategory> enrolled = monitoring.enroll(request.getTenantId(), subcategories);
        EnrollMonitoringResponse.Builder out = EnrollMonitoringResponse.newBuilder();
        enrolled.forEach(s -> out.addSubcategories(toProto(s)));
        respond(response, out.build());
    }

    @Override
    public void reportAlerts(ReportAlertsRequest request, StreamObserver<ReportAlertsResponse> response) {
        if (request.getAlertsCount() > maxBatch) {
            throw InvalidArgumentException.field("alerts",
                    "a batch holds at most " + maxBatch + " records, got " + request.getAlertsCount());
        }
        Instant now = clock.instant();
        List<Monitoring.IndexedAlert> valid = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        for (int i = 0; i < request.getAlertsCount(); i++) {
            Alert alert = request.getAlerts(i);
            try {
                valid.add(new Monitoring.IndexedAlert(i, alert(i, alert, now)));
            } catch (InvalidArgumentException e) {
                e.violations().forEach(v -> rejected.add(new RejectedRecord(index(v.field()), alert.getAlertId(),
                        v.field(), v.description())));
            }
        }
        TenantAccess.require(request.getTenantId(), () -> Monitoring.notEnrolled(request.getTenantId()));
        ReportResult result = monitoring.report(request.getTenantId(), valid, firstPerRecord(rejected));
        ReportAlertsResponse.Builder out = ReportAlertsResponse.newBuilder()
                .setAcceptedCount(result.accepted()).setDuplicateCount(result.duplicates());
        result.rejected().forEach(r -> out.addRejected(RejectedAlert.newBuilder().setIndex(r.index())
                .setAlertId(r.id()).setField(r.field()).setReason(r.reason())));
        respond(response, out.build());
    }

    @Override
    public void resolveAlert(ResolveAlertRequest request, StreamObserver<ResolveAlertResponse> response) {
        Instant resolvedAt = notInTheFuture("resolved_at", request.getResolvedAt(), clock.instant());
        TenantAccess.require(request.getTenantId(),
                () -> new NotFoundException(Monitoring.ALERT, request.getTenantId() + "/" + request.getAlertId()));
        AlertRecord alert = monitoring.resolve(request.getTenantId(), request.getAlertId(), resolvedAt);
        respond(response, ResolveAlertResponse.newBuilder().setAlert(toProto(alert)).build());
    }

    @Override
    public void reportHeartbeat(ReportHeartbeatRequest request, StreamObserver<ReportHeartbeatResponse> response) {
        Set<Subcategory> subcategories = subcategories(request.getSubcategoriesValueList());
        Instant observedAt = notInTheFuture("observed_at", request.getObservedAt(), clock.instant());
        TenantAccess.require(request.getTenantId(), () -> Monitoring.notEnrolled(request.getTenantId()));
        monitoring.heartbeat(request.getTenantId(), subcategories, observedAt);
        respond(response, ReportHeartbeatResponse.getDefaultInstance());
    }

    @Override
    public void listOpenAlerts(ListOpenAlertsRequest request, StreamObserver<ListOpenAlertsResponse> response) {
        String tenantId = request.getTenantId();
        int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
        String list = "open-alerts/" + tenantId;
        String key = PageTokens.decode(list, request.getPageToken(), FIRST_PAGE + "|");
        int bar = key.indexOf('|');
        Instant afterOpenedAt;
        try {
            afterOpenedAt = Instant.parse(key.substring(0, bar));
        } catch (RuntimeException e) {
            throw InvalidArgumentException.field("page_token", "is not a token of this list");
        }
        TenantAccess.require(tenantId, Monitoring.TENANT);
        monitoring.requireTenant(tenantId);
        List<AlertRecord> page = monitoring.openAlerts(tenantId, afterOpenedAt, key.substring(bar + 1), size + 1);
        ListOpenAlertsResponse.Builder out = ListOpenAlertsResponse.newBuilder();
        page.stream().limit(size).forEach(a -> out.addAlerts(toProto(a)));
        if (page.size() > size) {
            AlertRecord last = page.get(size - 1);
            out.setNextPageToken(PageTokens.encode(list, last.openedAt() + "|" + last.alertId()));
        }
        respond(response, out.build());
    }

    @Override
    public void getTechnicalHealth(GetTechnicalHealthRequest request,
                                   StreamObserver<GetTechnicalHealthResponse> response) {
        String tenantId = request.getTenantId();
        TenantAccess.require(tenantId, Monitoring.TENANT);
        List<String> outcomes = jdbc.query("SELECT last_outcome FROM health_tenant WHERE tenant_id = ?",
                (rs, n) -> rs.getString(1), tenantId);
        if (outcomes.isEmpty()) {
            throw new NotFoundException(Monitoring.TENANT, tenantId);
        }
        String current = outcomes.get(0);
        if (current == null) { // known, not measured yet
            throw new NotFoundException("technical health measurement", tenantId);
        }
        HealthMeasurements.CurrentHealth health;
        try {
            health = json.readValue(current, HealthMeasurements.CurrentHealth.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GetTechnicalHealthResponse.Builder out = GetTechnicalHealthResponse.newBuilder()
                .setTenantId(tenantId)
                .setMeasuredAt(ProtoTime.timestamp(health.measuredAt()))
                .setAvailable(health.signals().stream().anyMatch(s -> s.score() != null));
        health.signals().forEach(s -> out.addSignals(SignalProtos.toProto(s)));
        respond(response, out.build());
    }

    private static AlertRecord alert(int i, Alert alert, Instant now) {
        String prefix = "alerts[" + i + "].";
        FieldViolations violations = new FieldViolations();
        violations.check(() -> Ids.requireValid(prefix + "alert_id", alert.getAlertId()));
        AlertKind[] kind = new AlertKind[1];
        violations.check(() -> kind[0] = kind(prefix + "kind", alert.getKindValue()));
        Subcategory[] subcategory = new Subcategory[1];
        violations.check(() -> subcategory[0] = subcategory(prefix + "subcategory", alert.getSubcategoryValue()));
        Severity[] severity = new Severity[1];
        violations.check(() -> severity[0] = severity(prefix + "severity", alert.getSeverityValue()));
        Instant[] opened = new Instant[1];
        violations.check(() -> opened[0] = instant(prefix + "opened_at", alert.hasOpenedAt(), alert.getOpenedAt(), now));
        Instant[] resolved = new Instant[1];
        if (alert.hasResolvedAt()) {
            violations.check(() -> resolved[0] = instant(prefix + "resolved_at", true, alert.getResolvedAt(), now));
        }
        violations.throwIfAny();
        if (resolved[0] != null && resolved[0].isBefore(opened[0])) {
            throw InvalidArgumentException.field(prefix + "resolved_at", "is before opened_at");
        }
        return new AlertRecord(alert.getAlertId(), kind[0], subcategory[0], severity[0], opened[0], resolved[0]);
    }

    /** One rejection per record: its first violation. */
    private static List<RejectedRecord> firstPerRecord(List<RejectedRecord> rejected) {
        List<RejectedRecord> first = new ArrayList<>();
        for (RejectedRecord r : rejected) {
            if (first.isEmpty() || first.get(first.size() - 1).index() != r.index()) {
                first.add(r);
            }
        }
        return first;
    }

    private static int index(String field) {
        return Integer.parseInt(field.substring(field.indexOf('[') + 1, field.indexOf(']')));
    }

    private static Instant instant(String field, boolean present, com.google.protobuf.Timestamp t, Instant now) {
        if (!present) {
            throw InvalidArgumentException.field(field, "must be set");
        }
        Instant instant = ProtoTime.checkedMicros(field, t);
        if (instant.isAfter(now.plus(MAX_FUTURE))) {
            throw InvalidArgumentException.field(field, "more than 5 minutes in the future");
        }
        return instant;
    }

    /** The named subcategories (at least one, each known: the contract's rules). */
    private static Set<Subcategory> subcategories(List<Integer> values) {
        Set<Subcategory> subcategories = EnumSet.noneOf(Subcategory.class);
        for (int i = 0; i < values.size(); i++) {
            subcategories.add(subcategory("subcategories[" + i + "]", values.get(i)));
        }
        return subcategories;
    }

    /** A request's instant (set: the contract's rule), valid and at most {@link #MAX_FUTURE} ahead. */
    private static Instant notInTheFuture(String field, com.google.protobuf.Timestamp t, Instant now) {
        return instant(field, true, t, now);
    }

    static Subcategory subcategory(String field, int value) {
        return switch (value) {
            case 1 -> Subcategory.PERFORMANCE;
            case 2 -> Subcategory.RELIABILITY;
            case 3 -> Subcategory.SECURITY;
            case 4 -> Subcategory.LIMITS;
            case 0 -> throw InvalidArgumentException.field(field, "must be set");
            default -> throw InvalidArgumentException.field(field, "is not a known subcategory (" + value + ")");
        };
    }

    private static Severity severity(String field, int value) {
        return switch (value) {
            case 1 -> Severity.CRITICAL;
            case 2 -> Severity.MAJOR;
            case 3 -> Severity.MINOR;
            case 0 -> throw InvalidArgumentException.field(field, "must be set");
            default -> throw InvalidArgumentException.field(field, "is not a known severity (" + value + ")");
        };
    }

    private static AlertKind kind(String field, int value) {
        return switch (value) {
            case 1 -> AlertKind.ALERT;
            case 2 -> AlertKind.ANOMALY;
            case 0 -> throw InvalidArgumentException.field(field, "must be set");
            default -> throw InvalidArgumentException.field(field, "is not a known kind (" + value + ")");
        };
    }

    static successscore.health.v1.Subcategory toProto(Subcategory s) {
        return successscore.health.v1.Subcategory.forNumber(s.ordinal() + 1);
    }

    static Alert toProto(AlertRecord a) {
        Alert.Builder alert = Alert.newBuilder()
                .setAlertId(a.alertId())
                .setKindValue(a.kind().ordinal() + 1)
                .setSubcategory(toProto(a.subcategory()))
                .setSeverityValue(a.severity().ordinal() + 1)
                .setOpenedAt(ProtoTime.timestamp(a.openedAt()));
        if (a.resolvedAt() != null) {
            alert.setResolvedAt(ProtoTime.timestamp(a.resolvedAt()));
        }
        return alert.build();
    }

    private static <T> void respond(StreamObserver<T> observer, T message) {
        observer.onNext(message);
        observer.onCompleted();
    }
}
