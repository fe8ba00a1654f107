package dev.successscore.runtime.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void unsetOrBlankVariablesFallBackToDefaults() {
        Settings settings = Settings.of(Map.of("BLANK", "  "));

        assertThat(settings.string("MISSING", "fallback")).isEqualTo("fallback");
        assertThat(settings.string("BLANK", null)).isNull();
        assertThat(settings.integer("BLANK", 7)).isEqualTo(7);
        assertThat(settings.duration("MISSING", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.bool("MISSING", true)).isTrue();
        assertThat(settings.path("MISSING", Path.of("x"))).isEqualTo(Path.of("x"));
        assertThat(settings.optional("BLANK")).isEmpty();
    }

    @Test
    void readsTypedValues() {
        Settings settings = Settings.of(Map.of(
                "NAME", " score-service ",
                "COUNT", "42",
                "ENABLED", "TRUE",
                "DIR", "/var/lib/css"));

        assertThat(settings.string("NAME", null)).isEqualTo("score-service");
        assertThat(settings.integer("COUNT", 0)).isEqualTo(42);
        assertThat(settings.bool("ENABLED", false)).isTrue();
        assertThat(settings.path("DIR", null)).isEqualTo(Path.of("/var/lib/css"));
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "5s, PT5S",
            "2m, PT2M",
            "1h, PT1H",
            "1d, PT24H",
            "PT1.5S, PT1.5S",
            "pt10m, PT10M"
    })
    void readsDurations(String text, Duration expected) {
        assertThat(Settings.of(Map.of("GRACE", text)).duration("GRACE", null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 parsecs", "-PT1S", "soon", "1.5s"})
    void rejectsBadDurationsNamingTheVariable(String text) {
        Settings settings = Settings.of(Map.of("CSS_GRACE", text));

        assertThatThrownBy(() -> settings.duration("CSS_GRACE", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_GRACE")
                .hasMessageContaining(text);
    }

    @Test
    void rejectsBadIntegersNamingTheVariable() {
        Settings settings = Settings.of(Map.of("CSS_DB_POOL_SIZE", "ten"));

        assertThatThrownBy(() -> settings.integer("CSS_DB_POOL_SIZE", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_DB_POOL_SIZE")
                .hasMessageContaining("'ten'");
    }

    @Test
    void rejectsIntegersOutOfRange() {
        Settings settings = Settings.of(Map.of("CSS_PORT", "70000"));

        assertThatThrownBy(() -> settings.integer("CSS_PORT", 0, 0, 65535))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_PORT")
                .hasMessageContaining("70000");
    }

    @Test
    void rejectsBadBooleans() {
        assertThatThrownBy(() -> Settings.of(Map.of("CSS_FLAG", "yes")).bool("CSS_FLAG", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_FLAG");
    }

    @Test
    void requiredFailsWhenUnset() {
        assertThatThrownBy(() -> Settings.of(Map.of()).required("CSS_TENANT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_TENANT");
        assertThat(Settings.of(Map.of("CSS_TENANT", "t1")).required("CSS_TENANT")).isEqualTo("t1");
    }

    @Test
    void fromEnvironmentReadsTheProcessEnvironment() {
        String path = System.getenv("PATH");

        assertThat(Settings.fromEnvironment().string("PATH", null)).isEqualTo(path == null ? null : path.trim());
    }
}
