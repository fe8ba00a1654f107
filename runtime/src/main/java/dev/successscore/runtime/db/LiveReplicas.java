package dev.successscore.runtime.db;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many replicas of this service are connected to its database now, as PostgreSQL itself sees them: each
 * replica names its connections {@code <service>/<instance>} ({@code application_name}), and
 * {@code pg_stat_activity} lists the connections that are open and when each last changed state. A live replica
 * uses its connections or checks its idle ones every {@link #KEEPALIVE}, so one of them changed state within
 * {@link #SILENCE}. A replica that dies stops being counted when the server closes its connections (at once for a
 * killed process) or, when its host vanished and the sockets linger, once its connections have been silent for
 * {@link #SILENCE}, without any heartbeat of the suite's own. Replicas connect as the same database role, so each
 * sees the others' names.
 *
 * <p>The count is read at most once per {@link #REREAD} interval. Connections without such a name (tests, tools)
 * count as no replica; a process whose own connections carry no name counts itself as the only one.
 */
public final class LiveReplicas {

    /** How long a count is reused. */
    public static final Duration REREAD = Duration.ofSeconds(2);
    /** How often a replica's pool checks its idle connections. */
    public static final Duration KEEPALIVE = Duration.ofSeconds(30);
    /** A replica none of whose connections changed state for this long is no longer counted. */
    public static final Duration SILENCE = Duration.ofSeconds(90);

    private final JdbcTemplate jdbc;
    private volatile long readAtNanos;
    private volatile int count = 1;

    public LiveReplicas(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.readAtNanos = System.nanoTime() - REREAD.toNanos() - 1;
    }

    /** A new connection name for one replica of {@code service}: the service and a random instance id. */
    public static String applicationName(String service) {
        byte[] instance = new byte[4];
        ThreadLocalRandom.current().nextBytes(instance);
        return service + "/" + HexFormat.of().formatHex(instance);
    }

    /** The number of replicas connected now, at least 1 (this one). */
    public int count() {
        long now = System.nanoTime();
        if (now - readAtNanos > REREAD.toNanos()) {
            count = read();
            readAtNanos = now;
        }
        return count;
    }

    private int read() {
        Integer replicas = jdbc.queryForObject("""
                WITH me AS (SELECT split_part(current_setting('application_name'), '/', 1) AS service)
                SELECT count(DISTINCT a.application_name)::int
                  FROM pg_stat_activity a, me
                 WHERE me.service <> ''
                   AND a.datname = current_database()
                   AND a.application_name LIKE me.service || '/%'
                   AND a.state_change > now() - make_interval(secs => ?)""", Integer.class, SILENCE.toSeconds());
        return replicas == null || replicas < 1 ? 1 : replicas;
    }
}
