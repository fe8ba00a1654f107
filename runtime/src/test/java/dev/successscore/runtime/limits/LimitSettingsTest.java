package dev.successscore.runtime.limits;

import dev.successscore.runtime.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitSettingsTest {

    @Test
    void defaultsWhenUnset() {
        LimitSettings settings = LimitSettings.from(Settings.of(Map.of()));

        assertThat(settings).isEqualTo(LimitSettings.defaults());
        assertThat(settings.maxMessageBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(settings.maxDeadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.ratePerSecond()).isEqualTo(200);
        assertThat(settings.limitForPeriod()).isEqualTo(200);
        assertThat(settings.maxStreamsPerCaller()).isEqualTo(16);
        assertThat(settings.rateLimited()).isTrue();
    }

    @Test
    void readsEveryVariable() {
        LimitSettings settings = LimitSettings.from(Settings.of(Map.of(
                "CSS_GRPC_MAX_MESSAGE_BYTES", "1048576",
                "CSS_GRPC_MAX_DEADLINE", "30s",
                "CSS_RATE_LIMIT_PER_SECOND", "50",
                "CSS_RATE_LIMIT_REFRESH_PERIOD", "100ms",
                "CSS_RATE_LIMIT_MAX_KEYS", "500",
                "CSS_GRPC_MAX_STREAMS_PER_CALLER", "4")));

        assertThat(settings).isEqualTo(new LimitSettings(1048576, Duration.ofSeconds(30), 50,
                Duration.ofMillis(100), 500, 4));
        assertThat(settings.limitForPeriod()).isEqualTo(5);
    }

    @Test
    void aSmallRateOverAShortPeriodStillGrantsOnePermit() {
        assertThat(new LimitSettings(1024, Duration.ofSeconds(1), 1, Duration.ofMillis(10), 1, 1).limitForPeriod())
                .isEqualTo(1);
    }

    @Test
    void zeroTurnsRateLimitingOff() {
        assertThat(LimitSettings.from(Settings.of(Map.of("CSS_RATE_LIMIT_PER_SECOND", "0"))).rateLimited()).isFalse();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> LimitSettings.from(Settings.of(Map.of("CSS_GRPC_MAX_STREAMS_PER_CALLER", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_GRPC_MAX_STREAMS_PER_CALLER");
        assertThatThrownBy(() -> LimitSettings.from(Settings.of(Map.of("CSS_GRPC_MAX_DEADLINE", "0s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_GRPC_MAX_DEADLINE");
        assertThatThrownBy(() -> LimitSettings.from(Settings.of(Map.of("CSS_RATE_LIMIT_REFRESH_PERIOD", "2m"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_RATE_LIMIT_REFRESH_PERIOD");
        assertThatThrownBy(() -> LimitSettings.from(Settings.of(Map.of("CSS_GRPC_MAX_MESSAGE_BYTES", "12"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_GRPC_MAX_MESSAGE_BYTES");
    }
}
