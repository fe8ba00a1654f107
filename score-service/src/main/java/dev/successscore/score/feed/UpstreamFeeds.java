package dev.successscore.score.feed;

import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.runtime.feed.FeedLag;
import dev.successscore.runtime.feed.FeedMessageSource;
import dev.successscore.runtime.feed.TenantSequencingPolicy;
import dev.successscore.runtime.feed.UpstreamStatus;
import dev.successscore.score.api.Category;
import io.grpc.Channel;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * score-service's consumers of the owning services' event feeds: one pooled streaming processor
 * per upstream, reading that upstream's feed through a {@link FeedMessageSource} (Resilience4j
 * retry, circuit breaker and deadlines inside) and applying its events with an
 * {@link UpstreamFeedHandler}. Positions live in score-service's token store and commit with the
 * changes the events cause. Events of one tenant stay in order (sequenced by tenant).
 */
public final class UpstreamFeeds implements UpstreamReachability, AutoCloseable {

    /** Segments per upstream processor: tenants are spread over them, and replicas share them. */
    public static final int SEGMENTS = 4;
    /** Events per transaction. */
    public static final int BATCH_SIZE = 50;

    private final Map<String, FeedMessageSource> sources = new LinkedHashMap<>();
    private final ScoringPolicyPublished policyPublished = new ScoringPolicyPublished();
    private final Serializer serializer;
    private final JdbcTemplate jdbc;
    private Configuration configuration;

    /**
     * Registers one consumer per upstream on the configurer.
     *
     * @param channels the channel to each upstream, by the upstream's name (usage-service, ...)
     */
    public UpstreamFeeds(Map<String, Channel> channels, Serializer serializer, FeedClientSettings settings,
                         Configurer configurer, JdbcTemplate jdbc) {
        this.serializer = serializer;
        this.jdbc = jdbc;
        channels.forEach((name, channel) -> {
            Set<Category> owned = categoriesOwnedBy(name);
            if (owned.isEmpty()) {
                throw new IllegalArgumentException("unknown upstream " + name + ": expected one of "
                        + Arrays.stream(Category.values()).map(Category::owner).toList());
            }
            FeedMessageSource source = new FeedMessageSource(name, channel, serializer, null, settings);
            sources.put(name, source);
            String group = processorName(name);
            configurer.eventProcessing(ep -> ep
                    .registerPooledStreamingEventProcessor(group, c -> source,
                            (c, builder) -> builder.initialSegmentCount(SEGMENTS).batchSize(BATCH_SIZE)
                                    .initialToken(StreamableMessageSource::createTailToken))
                    .registerSequencingPolicy(group, c -> TenantSequencingPolicy.INSTANCE)
                    .registerEventHandler(c -> new UpstreamFeedHandler(name, owned, c.commandGateway(), policyPublished))
                    .assignHandlerInstancesMatching(group,
                            handler -> handler instanceof UpstreamFeedHandler h && h.upstream().equals(name)));
        });
    }

    /** Called once the configuration is built, to reach processors and the token store. */
    public void bind(Configuration built) {
        this.configuration = built;
    }

    /** Lets the consumers apply events: the scoring policy is published. */
    public void policyPublished() {
        policyPublished.open();
    }

    public static String processorName(String upstream) {
        return "feed-" + upstream;
    }

    static Set<Category> categoriesOwnedBy(String upstream) {
        return Arrays.stream(Category.values()).filter(c -> c.owner().equals(upstream))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class)));
    }

    public List<String> upstreams() {
        return List.copyOf(sources.keySet());
    }

    public Optional<UpstreamStatus> status(String upstream) {
        return Optional.ofNullable(sources.get(upstream)).map(FeedMessageSource::status);
    }

    /** An upstream without a configured feed counts as reachable: its categories are simply not fed. */
    @Override
    public boolean isReachable(Category category) {
        FeedMessageSource source = sources.get(category.owner());
        return source == null || source.status().connected();
    }

    /** How far behind an upstream's feed may be and still count as caught up. */
    public static final Duration CAUGHT_UP = Duration.ofMinutes(1);

    /**
     * Whether a reachable upstream's feed is more than {@link #CAUGHT_UP} behind. An unreachable
     * upstream does not count: its categories keep their last measurement until their limit.
     */
    public boolean catchingUp() {
        for (String upstream : sources.keySet()) {
            if (!sources.get(upstream).status().connected()) {
                continue;
            }
            try {
                Duration behind = lag(upstream).time();
                if (behind != null && behind.compareTo(CAUGHT_UP) > 0) {
                    return true;
                }
            } catch (RuntimeException e) {
                // lag unknown: the upstream is going away; treat as not catching up
            }
        }
        return false;
    }

    /**
     * How far score-service's applied state is behind the upstream: from the lowest position its
     * processor has committed over all segments, read from the token store without claiming it
     * (a stopped or failing processor still shows how far behind it is).
     */
    public FeedLag lag(String upstream) {
        FeedMessageSource source = requireSource(upstream);
        TrackingToken lowest = null;
        for (TrackingToken token : committedPositions(upstream)) {
            if (token == null) {
                return source.lag(null);
            }
            lowest = lowest == null ? token : lowest.lowerBound(token);
        }
        return source.lag(lowest);
    }

    private List<TrackingToken> committedPositions(String upstream) {
        return jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ? ORDER BY segment",
                (rs, row) -> rs.getBytes(1) == null ? null : serializer.<byte[], TrackingToken>deserialize(
                        new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)),
                processorName(upstream));
    }

    /**
     * Replays one upstream's feed from its beginning: the processor stops, its positions are reset,
     * and it starts again (also when the reset fails, e.g. because another replica holds segments:
     * stop the other replicas' consumers first). Every event is delivered again; the aggregates apply each measurement
     * once, so scores and hash chains end as they were.
     */
    public void replay(String upstream) {
        requireSource(upstream);
        PooledStreamingEventProcessor processor = processor(upstream);
        processor.shutDown();
        try {
            processor.resetTokens();
        } finally {
            processor.start();
        }
    }

    private PooledStreamingEventProcessor processor(String upstream) {
        return configuration.eventProcessingConfiguration()
                .eventProcessor(processorName(upstream), PooledStreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor for " + upstream));
    }

    /** Refuses an upstream without a configured feed, with NOT_FOUND, as {@link #replay} and {@link #lag} do. */
    public void requireKnown(String upstream) {
        requireSource(upstream);
    }

    private FeedMessageSource requireSource(String upstream) {
        FeedMessageSource source = sources.get(upstream);
        if (source == null) {
            throw new dev.successscore.runtime.grpc.NotFoundException("upstream", upstream);
        }
        return source;
    }

    @Override
    public void close() {
        sources.values().forEach(FeedMessageSource::close);
    }
}
