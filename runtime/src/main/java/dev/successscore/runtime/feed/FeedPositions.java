package dev.successscore.runtime.feed;

import dev.successscore.runtime.grpc.InvalidArgumentException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The opaque positions of an event feed ({@code successscore.feed.v1}): an Axon {@link GapAwareTrackingToken} of
 * the producer's event store, that is the global index of the last event covered and the lower indexes not yet
 * seen (gaps: transactions that had not committed yet), so that a consumer resuming from a position also
 * receives events whose commit came late.
 *
 * <p>Format: base64url (no padding) of the text {@code f1:<index>} or {@code f1:<index>:<d1>,<d2>,...}, where each
 * {@code d} is a gap's distance below the index ({@code index - gap}), ascending. The {@code f1} version prefix
 * lets the format change without ambiguity. The empty string is the beginning of the feed (no token).
 */
public final class FeedPositions {

    /** The request field a position normally arrives in. */
    public static final String AFTER_POSITION = "after_position";
    /** Positions with more gaps than this are refused (Axon's own maximum gap offset is 10,000). */
    public static final int MAX_GAPS = 100_000;

    private static final String PREFIX = "f1:";
    private static final int MAX_LENGTH = 4 * 1024 * 1024;

    private FeedPositions() {
    }

    /**
     * {@code token} as a position: {@code ""} for {@code null} (the beginning). A {@linkplain WrappedToken wrapped}
     * token (a replay token) is encoded as its lower bound.
     *
     * @throws IllegalArgumentException for a token that is not (and does not wrap) a {@link GapAwareTrackingToken}
     */
    public static String encode(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped == null) {
            return "";
        }
        if (!(unwrapped instanceof GapAwareTrackingToken gapAware)) {
            throw new IllegalArgumentException("An event feed position must be a GapAwareTrackingToken, not "
                    + unwrapped.getClass().getName());
        }
        long index = gapAware.getIndex();
        StringBuilder text = new StringBuilder(PREFIX).append(index);
        SortedSet<Long> gaps = gapAware.getGaps();
        if (!gaps.isEmpty()) {
            text.append(':');
            // ascending distances: the highest gap first
            Iterator<Long> descending = new TreeSet<>(gaps).descendingIterator();
            boolean first = true;
            while (descending.hasNext()) {
                if (!first) {
                    text.append(',');
                }
                text.append(index - descending.next());
                first = false;
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token of a position received in the {@value #AFTER_POSITION} field; {@code null} for {@code ""}.
     *
     * @throws InvalidArgumentException (field {@value #AFTER_POSITION}) when it is not a position of an event feed
     */
    public static GapAwareTrackingToken decode(String position) {
        return decode(position, AFTER_POSITION);
    }

    /**
     * The token of a position received in {@code field}; {@code null} for {@code ""} or {@code null}.
     *
     * @throws InvalidArgumentException naming {@code field} when it is not a position of an event feed
     */
    public static GapAwareTrackingToken decode(String position, String field) {
        if (position == null || position.isEmpty()) {
            return null;
        }
        if (position.length() > MAX_LENGTH) {
            throw invalid(field);
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(field);
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid(field);
        }
        String[] parts = text.substring(PREFIX.length()).split(":", -1);
        if (parts.length > 2) {
            throw invalid(field);
        }
        long index = parseNonNegative(parts[0], field);
        TreeSet<Long> gaps = new TreeSet<>();
        if (parts.length == 2) {
            String[] distances = parts[1].split(",", -1);
            if (distances.length > MAX_GAPS) {
                throw invalid(field);
            }
            long previous = 0;
            for (String distanceText : distances) {
                long distance = parseNonNegative(distanceText, field);
                // strictly ascending distances, each gap at index 0 or above and below the index
                if (distance <= previous || distance > index) {
                    throw invalid(field);
                }
                gaps.add(index - distance);
                previous = distance;
            }
        }
        return GapAwareTrackingToken.newInstance(index, gaps);
    }

    /** The global index of the last event {@code token} covers, -1 for {@code null} (the beginning). */
    public static long indexOf(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped == null) {
            return -1;
        }
        if (unwrapped instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex();
        }
        return unwrapped.position().orElse(-1L);
    }

    private static long parseNonNegative(String text, String field) {
        // digits only: no sign, no blanks, no leading '+'
        if (text.isEmpty() || text.length() > 19) {
            throw invalid(field);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(field);
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(field);
        }
    }

    private static InvalidArgumentException invalid(String field) {
        return InvalidArgumentException.field(field, "is not a position of this event feed");
    }
}
