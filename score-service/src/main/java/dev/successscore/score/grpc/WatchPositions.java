package dev.successscore.score.grpc;

import dev.successscore.runtime.grpc.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Opaque watch positions: the event store's gap-aware token (its index and the gaps below it),
 * so that a watcher resuming from a position also receives changes whose commit came late.
 */
final class WatchPositions {

    private static final String PREFIX = "w1:";

    private WatchPositions() {
    }

    static String encode(TrackingToken token) {
        if (!(token instanceof GapAwareTrackingToken gap)) {
            throw new IllegalStateException("unexpected token type " + token);
        }
        String text = PREFIX + gap.getIndex() + ":"
                + gap.getGaps().stream().map(String::valueOf).collect(Collectors.joining(","));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static TrackingToken decode(String position) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String[] parts = text.substring(PREFIX.length()).split(":", -1);
            long index = Long.parseLong(parts[0]);
            SortedSet<Long> gaps = new TreeSet<>();
            if (parts.length > 1 && !parts[1].isEmpty()) {
                Arrays.stream(parts[1].split(",")).map(Long::parseLong).forEach(gaps::add);
            }
            return GapAwareTrackingToken.newInstance(index, gaps);
        } catch (RuntimeException e) {
            throw InvalidArgumentException.field("after_position", "is not a position from this service");
        }
    }
}
