package dev.successscore.runtime.feed;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedSettingsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings none = Settings.of(Map.of());

        assertThat(FeedClientSettings.from(none)).isEqualTo(FeedClientSettings.defaults());
        assertThat(FeedServerSettings.from(none)).isEqualTo(FeedServerSettings.defaults());
        AxonSettings axon = AxonSettings.from(none);
        assertThat(axon.gapTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(axon.maxGapOffset()).isEqualTo(10_000);
        assertThat(axon).isEqualTo(AxonSettings.defaults());
    }

    @Test
    void variablesAreRead() {
        Settings settings = Settings.of(Map.ofEntries(
                Map.entry("CSS_FEED_CALL_DEADLINE", "2s"),
                Map.entry("CSS_FEED_STREAM_DEADLINE", "30m"),
                Map.entry("CSS_FEED_CALL_ATTEMPTS", "5"),
                Map.entry("CSS_FEED_STREAM_ATTEMPTS", "50"),
                Map.entry("CSS_FEED_RETRY_INITIAL_BACKOFF", "100ms"),
                Map.entry("CSS_FEED_RETRY_MAX_BACKOFF", "1m"),
                Map.entry("CSS_FEED_BUFFER_SIZE", "64"),
                Map.entry("CSS_FEED_BREAKER_OPEN_DURATION", "20s"),
                Map.entry("CSS_FEED_MAX_STREAMS", "4"),
                Map.entry("CSS_FEED_MAX_BATCH_EVENTS", "100"),
                Map.entry("CSS_FEED_MAX_BATCH_BYTES", "65536"),
                Map.entry("CSS_FEED_HEARTBEAT_INTERVAL", "5s"),
                Map.entry("CSS_AXON_GAP_TIMEOUT", "10m"),
                Map.entry("CSS_AXON_MAX_GAP_OFFSET", "50000")));

        assertThat(FeedClientSettings.from(settings)).isEqualTo(new FeedClientSettings(Duration.ofSeconds(2),
                Duration.ofMinutes(30), 5, 50, Duration.ofMillis(100), Duration.ofMinutes(1), 64,
                Duration.ofSeconds(20)));
        assertThat(FeedServerSettings.from(settings)).isEqualTo(new FeedServerSettings(4, 100, 65536,
                Duration.ofSeconds(5)));
        AxonSettings axon = AxonSettings.from(settings);
        assertThat(axon.gapTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(axon.maxGapOffset()).isEqualTo(50_000);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> FeedClientSettings.defaults().withRetries(3, 3, Duration.ofSeconds(2),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedClientSettings.defaults().withBufferSize(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedServerSettings.defaults().withHeartbeatInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AxonSettings.defaults().withGapLimits(Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AxonSettings.from(Settings.of(Map.of("CSS_AXON_MAX_GAP_OFFSET", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_AXON_MAX_GAP_OFFSET");
    }
}
