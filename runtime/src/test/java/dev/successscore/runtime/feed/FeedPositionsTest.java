package dev.successscore.runtime.feed;

import dev.successscore.runtime.grpc.FieldViolation;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedPositionsTest {

    @Test
    void tokensWithAndWithoutGapsRoundTrip() {
        List<GapAwareTrackingToken> tokens = List.of(
                GapAwareTrackingToken.newInstance(0, List.of()),
                GapAwareTrackingToken.newInstance(1, List.of(0L)),
                GapAwareTrackingToken.newInstance(12, List.of()),
                GapAwareTrackingToken.newInstance(100, List.of(0L, 5L, 97L, 99L)),
                GapAwareTrackingToken.newInstance(Long.MAX_VALUE - 1, List.of(Long.MAX_VALUE - 3)),
                GapAwareTrackingToken.newInstance(20_000, LongStream.range(10_000, 20_000).boxed().toList()));
        for (GapAwareTrackingToken token : tokens) {
            String position = FeedPositions.encode(token);

            assertThat(position).matches("[A-Za-z0-9_-]+");
            GapAwareTrackingToken decoded = FeedPositions.decode(position);
            assertThat(decoded).isEqualTo(token);
            assertThat(decoded.getGaps()).containsExactlyElementsOf(token.getGaps());
        }
    }

    @Test
    void theBeginningIsTheEmptyPosition() {
        assertThat(FeedPositions.encode(null)).isEmpty();
        assertThat(FeedPositions.decode("")).isNull();
        assertThat(FeedPositions.decode(null)).isNull();
        assertThat(FeedPositions.indexOf(null)).isEqualTo(-1);
    }

    @Test
    void aReplayTokenIsEncodedAsItsLowerBound() {
        GapAwareTrackingToken current = GapAwareTrackingToken.newInstance(40, List.of(38L));
        GapAwareTrackingToken reset = GapAwareTrackingToken.newInstance(10, List.of());
        String position = FeedPositions.encode(ReplayToken.createReplayToken(current, reset));

        assertThat(FeedPositions.decode(position)).isEqualTo(reset);
    }

    @Test
    void otherTokenTypesAreNotPositions() {
        assertThatThrownBy(() -> FeedPositions.encode(new GlobalSequenceTrackingToken(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GapAwareTrackingToken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a position!", "====", "f1:5", "ZjE6N#"})
    void textThatIsNotBase64UrlIsRejectedNamingTheField(String garbage) {
        assertRejected(garbage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x1:5", "f2:5", "f1:", "f1:-3", "f1:+3", "f1: 3", "f1:abc", "f1:99999999999999999999",
            "f1:5:", "f1:5:0", "f1:5:6", "f1:5:2,1", "f1:5:2,2", "f1:5:1,", "f1:5:1:2"})
    void encodedTextThatIsNotAPositionIsRejectedNamingTheField(String text) {
        assertRejected(Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRejected(String garbage) {
        assertThatThrownBy(() -> FeedPositions.decode(garbage))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("after_position"));
        assertThatThrownBy(() -> FeedPositions.decode(garbage, "position"))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("position"));
    }
}
