package dev.successscore.usage.ingest;

import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.validation.Ids;
import dev.successscore.usage.api.ActivityInput;
import dev.successscore.usage.api.IngestResult;
import dev.successscore.usage.api.RejectedRecord;
import dev.successscore.usage.directory.Directory;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import dev.successscore.runtime.measure.DueMeasurements;
import dev.successscore.usage.measure.AdoptionMeasurements;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Activity in: validates each record, then stores the valid ones of a batch in one transaction — the raw record
 * (de-duplicated by tenant and activity id), its daily rollup, and the tenant's mark for re-measurement. A record
 * is stored whole or not at all; a rejected record leaves no trace. Sending a batch again, or concurrently, counts
 * each record once: the raw table's primary key decides, and only newly inserted records reach the rollup.
 *
 * <p>A batch that repeats an activity id stores the first record sent under it and counts the others as
 * duplicates. Rows are written in activity-id order and rollups in key order, so concurrent batches of one tenant lock in
 * the same order and cannot deadlock each other; a lock or serialization conflict is retried.
 */
public final class ActivityIngest {

    /** How far in the future an occurred_at may be (clock skew between the sender and the service). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    /**
     * One statement per batch: the inserts of raw rows that were not stored before, their rollups, and the count.
     * Data-modifying common table expressions all run, whether or not the final SELECT reads them.
     */
    private static final String STORE = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY
                    AS t(activity_id, user_id, feature, occurred_micros, n)
            ), inserted AS (
                INSERT INTO usage_activity (tenant_id, activity_id, user_id, feature, occurred_at)
                SELECT ?, activity_id, user_id, feature,
                       timestamptz 'epoch' + occurred_micros * interval '1 microsecond'
                FROM input ORDER BY activity_id, n
                ON CONFLICT DO NOTHING
                RETURNING user_id, feature, occurred_at
            ), rolled AS (
                INSERT INTO usage_daily (tenant_id, day, user_id, feature, events)
                SELECT ?, (occurred_at AT TIME ZONE 'UTC')::date AS day, user_id, feature, count(*)
                FROM inserted GROUP BY 2, 3, 4 ORDER BY 2, 3, 4
                ON CONFLICT (tenant_id, day, user_id, feature) DO UPDATE SET events = usage_daily.events + excluded.events
                RETURNING 1
            )
            SELECT count(*) FROM inserted""";

    private static final String MARK_CHANGED = DueMeasurements.markChangedSql(AdoptionMeasurements.TENANT_TABLE);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Directory directory;
    private final Clock clock;
    private final Duration retention;
    private final Duration measureDelay;
    private final int maxBatch;
    private final Retry retry;

    /**
     * @param retention    how long raw activity is kept; older records are refused (they could not be de-duplicated)
     * @param measureDelay how long after new activity the tenant is re-measured
     * @param maxBatch     records a batch may hold at most
     */
    public ActivityIngest(JdbcTemplate jdbc, TransactionTemplate transactions, Directory directory, Clock clock,
                          Duration retention, Duration measureDelay, int maxBatch) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.directory = directory;
        this.clock = clock;
        this.retention = retention;
        this.measureDelay = measureDelay;
        this.maxBatch = maxBatch;
        this.retry = Retry.of("activity-ingest", RetryConfig.custom()
                .maxAttempts(4)
                .waitDuration(Duration.ofMillis(20))
                .retryExceptions(TransientDataAccessException.class)
                .build());
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Records a batch of one tenant's activity.
     *
     * @throws InvalidArgumentException with field {@code activities} when the batch is larger than the cap
     * @throws dev.successscore.runtime.grpc.FailedPreconditionException when the tenant is unknown
     */
    public IngestResult record(String tenantId, List<ActivityInput> activities) {
        Ids.requireValid("tenant_id", tenantId);
        if (activities.size() > maxBatch) {
            throw InvalidArgumentException.field("activities",
                    "a batch holds at most " + maxBatch + " records, got " + activities.size());
        }
        Instant now = clock.instant();
        List<RejectedRecord> rejected = new ArrayList<>();
        List<ActivityInput> valid = new ArrayList<>(activities.size());
        for (int i = 0; i < activities.size(); i++) {
            ActivityInput activity = activities.get(i);
            Optional<RejectedRecord> problem = validate(i, activity, now);
            if (problem.isPresent()) {
                rejected.add(problem.get());
            } else {
                valid.add(activity);
            }
        }
        directory.requireTenant(tenantId, true);
        if (valid.isEmpty()) {
            return new IngestResult(0, 0, rejected);
        }
        valid.sort(Comparator.comparing(ActivityInput::activityId));
        int inserted = retry.executeSupplier(() -> transactions.execute(tx -> store(tenantId, valid, now)));
        return new IngestResult(valid.size(), valid.size() - inserted, rejected);
    }

    private int store(String tenantId, List<ActivityInput> valid, Instant now) {
        int inserted = jdbc.execute((ConnectionCallback<Integer>) connection -> insert(connection, tenantId, valid));
        if (inserted > 0) {
            // last, so the tenant's row is locked only for the end of the transaction
            jdbc.update(MARK_CHANGED,
                    Timestamp.from(now.plus(measureDelay)), tenantId);
        }
        return inserted;
    }

    private static int insert(Connection connection, String tenantId, List<ActivityInput> valid)
            throws java.sql.SQLException {
        int n = valid.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] features = new String[n];
        Long[] micros = new Long[n];
        for (int i = 0; i < n; i++) {
            ActivityInput activity = valid.get(i);
            ids[i] = activity.activityId();
            users[i] = activity.userId();
            features[i] = activity.feature() == null ? "" : activity.feature();
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, activity.occurredAt());
        }
        try (PreparedStatement statement = connection.prepareStatement(STORE)) {
            Array[] arrays = {connection.createArrayOf("text", ids), connection.createArrayOf("text", users),
                    connection.createArrayOf("text", features), connection.createArrayOf("bigint", micros)};
            for (int i = 0; i < arrays.length; i++) {
                statement.setArray(i + 1, arrays[i]);
            }
            statement.setString(5, tenantId);
            statement.setString(6, tenantId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Optional<RejectedRecord> validate(int index, ActivityInput activity, Instant now) {
        String prefix = "activities[" + index + "].";
        Optional<String> idProblem = Ids.problem(activity.activityId());
        if (idProblem.isPresent()) {
            return reject(index, activity, prefix + "activity_id", idProblem.get());
        }
        Optional<String> userProblem = Ids.problem(activity.userId());
        if (userProblem.isPresent()) {
            return reject(index, activity, prefix + "user_id", userProblem.get());
        }
        if (activity.feature() != null && !activity.feature().isEmpty()) {
            Optional<String> featureProblem = Ids.problem(activity.feature());
            if (featureProblem.isPresent()) {
                return reject(index, activity, prefix + "feature", featureProblem.get());
            }
        }
        Instant occurredAt = activity.occurredAt();
        if (occurredAt == null) {
            return reject(index, activity, prefix + "occurred_at", "must be set to a valid timestamp");
        }
        if (occurredAt.isAfter(now.plus(MAX_FUTURE))) {
            return reject(index, activity, prefix + "occurred_at",
                    "more than " + MAX_FUTURE.toMinutes() + " minutes in the future");
        }
        if (occurredAt.isBefore(now.minus(retention))) {
            return reject(index, activity, prefix + "occurred_at",
                    "older than the activity retention of " + retention.toDays() + " days");
        }
        return Optional.empty();
    }

    private static Optional<RejectedRecord> reject(int index, ActivityInput activity, String field, String reason) {
        return Optional.of(new RejectedRecord(index, activity.activityId(), field, reason));
    }
}
