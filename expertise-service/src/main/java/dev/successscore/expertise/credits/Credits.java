package dev.successscore.expertise.credits;

import dev.successscore.expertise.api.CreditKind;
import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.api.RecordResult;
import dev.successscore.expertise.api.RejectedRecord;
import dev.successscore.expertise.measure.ExpertiseMeasurements;
import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.runtime.db.KeyedBatch;
import dev.successscore.runtime.measure.DueMeasurements;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Learning credits in PostgreSQL, idempotent by tenant and credit id. Every change marks the tenant for
 * re-measurement in its own transaction.
 */
public final class Credits {

    public static final String CREDIT = "credit";
    public static final String TENANT = "tenant";
    private static final String MARK_CHANGED = DueMeasurements.markChangedSql(ExpertiseMeasurements.TENANT_TABLE);

    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])
                    WITH ORDINALITY AS t(credit_id, user_id, kind, credential_id, earned_micros, expires_micros, n)
            )
            INSERT INTO expertise_credit (tenant_id, credit_id, user_id, kind, credential_id, earned_at, expires_at)
            SELECT ?, credit_id, user_id, kind, credential_id,
                   timestamptz 'epoch' + earned_micros * interval '1 microsecond',
                   timestamptz 'epoch' + expires_micros * interval '1 microsecond'
            FROM input ORDER BY credit_id, n
            ON CONFLICT DO NOTHING
            RETURNING credit_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration measureDelay;
    private final Retry retry = Retry.of("credits", RetryConfig.custom()
            .maxAttempts(4).waitDuration(Duration.ofMillis(20))
            .retryExceptions(TransientDataAccessException.class).build());

    public Credits(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration measureDelay) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.measureDelay = measureDelay;
    }

    /** A validated credit and its position in the request. */
    public record IndexedCredit(int index, CreditRecord credit) {
    }

    /**
     * Records a batch of one tenant's validated credits (creating the tenant on its first credit): new ones
     * inserted, identical ones counted as duplicates, conflicting ones (another user, kind, credential or time for
     * the same id) rejected.
     */
    public RecordResult record(String tenantId, List<IndexedCredit> credits, List<RejectedRecord> rejected) {
        List<RejectedRecord> allRejected = new ArrayList<>(rejected);
        if (credits.isEmpty()) {
            allRejected.sort(Comparator.comparingInt(RejectedRecord::index));
            return new RecordResult(0, 0, allRejected);
        }
        List<IndexedCredit> sorted = new ArrayList<>(credits);
        sorted.sort(Comparator.comparing((IndexedCredit c) -> c.credit().creditId())
                .thenComparingInt(IndexedCredit::index));
        RecordResult stored = retry.executeSupplier(() -> transactions.execute(tx -> store(tenantId, sorted)));
        allRejected.addAll(stored.rejected());
        allRejected.sort(Comparator.comparingInt(RejectedRecord::index));
        return new RecordResult(stored.accepted(), stored.duplicates(), allRejected);
    }

    private RecordResult store(String tenantId, List<IndexedCredit> credits) {
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO expertise_tenant (tenant_id, created_at) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO NOTHING""", tenantId, Timestamp.from(now));
        Set<String> inserted = KeyedBatch.insertNew(jdbc, INSERT, columns(credits), tenantId);
        Map<String, CreditRecord> existing = KeyedBatch.stored(jdbc,
                "SELECT * FROM expertise_credit WHERE tenant_id = ? AND credit_id = ANY (?) FOR UPDATE", tenantId,
                credits.stream().map(c -> c.credit().creditId()).filter(id -> !inserted.contains(id)).distinct()
                        .toList(), CREDIT_ROW, CreditRecord::creditId);
        int accepted = 0;
        int duplicates = 0;
        List<RejectedRecord> conflicts = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        Map<String, CreditRecord> firstInBatch = new HashMap<>();
        credits.forEach(c -> firstInBatch.putIfAbsent(c.credit().creditId(), c.credit()));
        for (IndexedCredit indexed : credits) {
            CreditRecord credit = indexed.credit();
            if (inserted.contains(credit.creditId()) && counted.add(credit.creditId())) {
                accepted++;
                continue;
            }
            CreditRecord stored = existing.getOrDefault(credit.creditId(), firstInBatch.get(credit.creditId()));
            String difference = stored.firstDifference(credit);
            if (difference == null) {
                accepted++;
                duplicates++;
            } else {
                conflicts.add(new RejectedRecord(indexed.index(), credit.creditId(),
                        "credits[" + indexed.index() + "]." + difference,
                        "credit '" + credit.creditId() + "' was recorded before with another " + difference));
            }
        }
        if (!inserted.isEmpty()) {
            markChanged(tenantId, now);
        }
        return new RecordResult(accepted, duplicates, conflicts);
    }

    private static List<KeyedBatch.Column> columns(List<IndexedCredit> indexed) {
        List<CreditRecord> credits = indexed.stream().map(IndexedCredit::credit).toList();
        return List.of(
                new KeyedBatch.Column("text", credits.stream().map(CreditRecord::creditId).toArray()),
                new KeyedBatch.Column("text", credits.stream().map(CreditRecord::userId).toArray()),
                new KeyedBatch.Column("text", credits.stream().map(c -> c.kind().name()).toArray()),
                new KeyedBatch.Column("text", credits.stream().map(CreditRecord::credentialId).toArray()),
                new KeyedBatch.Column("bigint", credits.stream().map(c -> KeyedBatch.micros(c.earnedAt())).toArray()),
                new KeyedBatch.Column("bigint", credits.stream().map(c -> KeyedBatch.micros(c.expiresAt())).toArray()));
    }

    /** Revokes a credit; revoking it again changes nothing. */
    public CreditRecord revoke(String tenantId, String creditId) {
        return transactions.execute(tx -> {
            CreditRecord credit = credit(tenantId, creditId, true)
                    .orElseThrow(() -> new NotFoundException(CREDIT, tenantId + "/" + creditId));
            if (credit.revokedAt() != null) {
                return credit;
            }
            Instant now = clock.instant();
            jdbc.update("UPDATE expertise_credit SET revoked_at = ? WHERE tenant_id = ? AND credit_id = ?",
                    Timestamp.from(now), tenantId, creditId);
            markChanged(tenantId, now);
            return credit(tenantId, creditId, false).orElseThrow();
        });
    }

    /** Renews a certification until {@code expiresAt}; the same expiry again changes nothing. */
    public CreditRecord renew(String tenantId, String creditId, Instant expiresAt) {
        return transactions.execute(tx -> {
            CreditRecord credit = credit(tenantId, creditId, true)
                    .orElseThrow(() -> new NotFoundException(CREDIT, tenantId + "/" + creditId));
            if (credit.kind() != CreditKind.CERTIFICATION) {
                throw new FailedPreconditionException("NOT_A_CERTIFICATION", "credit/" + creditId,
                        "Credit '" + creditId + "' is a " + credit.kind() + "; only certifications are renewed");
            }
            if (credit.revokedAt() != null) {
                throw new FailedPreconditionException("CREDIT_REVOKED", "credit/" + creditId,
                        "Credit '" + creditId + "' was revoked");
            }
            if (!expiresAt.isAfter(credit.earnedAt())) {
                throw InvalidArgumentException.field("expires_at", "must be after the credit's earned_at ("
                        + credit.earnedAt() + ")");
            }
            if (expiresAt.equals(credit.expiresAt())) {
                return credit;
            }
            jdbc.update("UPDATE expertise_credit SET expires_at = ? WHERE tenant_id = ? AND credit_id = ?",
                    Timestamp.from(expiresAt), tenantId, creditId);
            markChanged(tenantId, clock.instant());
            return credit(tenantId, creditId, false).orElseThrow();
        });
    }

    /** Credits by id after {@code afterId}. */
    public List<CreditRecord> credits(String tenantId, String afterId, int limit) {
        requireTenant(tenantId);
        return jdbc.query("""
                SELECT * FROM expertise_credit WHERE tenant_id = ? AND credit_id > ? ORDER BY credit_id LIMIT ?""",
                CREDIT_ROW, tenantId, afterId, limit);
    }

    /** The tenant's credits not revoked, earned at or before {@code at}, that can matter for a measurement then. */
    public List<CreditRecord> creditsForMeasuring(String tenantId, Instant at) {
        return jdbc.query("""
                SELECT * FROM expertise_credit WHERE tenant_id = ? AND revoked_at IS NULL AND earned_at <= ?
                AND (earned_at > ? OR kind = 'CERTIFICATION')""", CREDIT_ROW, tenantId, Timestamp.from(at),
                Timestamp.from(at.minus(Duration.ofDays(400))));
    }

    /** A learner: a user with credits. */
    public record Learner(String userId, int credits, int certifications, Instant lastEarnedAt) {
    }

    /** Learners by user id after {@code afterUserId}, as of {@code at}. */
    public List<Learner> learners(String tenantId, String afterUserId, int limit, Instant at) {
        requireTenant(tenantId);
        return jdbc.query("""
                SELECT user_id, count(*),
                       count(*) FILTER (WHERE kind = 'CERTIFICATION' AND earned_at <= ?
                                        AND (expires_at IS NULL OR expires_at > ?)),
                       max(earned_at)
                FROM expertise_credit WHERE tenant_id = ? AND revoked_at IS NULL AND user_id > ?
                GROUP BY user_id ORDER BY user_id LIMIT ?""",
                (rs, n) -> new Learner(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getTimestamp(4).toInstant()),
                Timestamp.from(at), Timestamp.from(at), tenantId, afterUserId, limit);
    }

    /** NOT_FOUND for a tenant without credits. */
    public void requireTenant(String tenantId) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM expertise_tenant WHERE tenant_id = ?)",
                Boolean.class, tenantId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFoundException(TENANT, tenantId);
        }
    }

    private Optional<CreditRecord> credit(String tenantId, String creditId, boolean lock) {
        return jdbc.query("SELECT * FROM expertise_credit WHERE tenant_id = ? AND credit_id = ?"
                + (lock ? " FOR UPDATE" : ""), CREDIT_ROW, tenantId, creditId).stream().findFirst();
    }

    private void markChanged(String tenantId, Instant now) {
        jdbc.update(MARK_CHANGED, Timestamp.from(now.plus(measureDelay)), tenantId);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public static final RowMapper<CreditRecord> CREDIT_ROW = (rs, n) -> new CreditRecord(rs.getString("credit_id"),
            rs.getString("user_id"), CreditKind.valueOf(rs.getString("kind")), rs.getString("credential_id"),
            rs.getTimestamp("earned_at").toInstant(), instant(rs.getTimestamp("expires_at")),
            instant(rs.getTimestamp("revoked_at")));
}
