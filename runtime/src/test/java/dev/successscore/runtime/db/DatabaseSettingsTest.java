package dev.successscore.runtime.db;

import dev.successscore.runtime.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSettingsTest {

    @Test
    void defaultsToTheEmbeddedDatabase() {
        DatabaseSettings settings = DatabaseSettings.from(Settings.of(Map.of()));

        assertThat(settings.isEmbedded()).isTrue();
        assertThat(settings.url()).isNull();
        assertThat(settings.poolSize()).isEqualTo(10);
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("./.data/postgres"));
        assertThat(settings.embeddedPort()).isZero();
    }

    @Test
    void readsEveryVariable() {
        DatabaseSettings settings = DatabaseSettings.from(Settings.of(Map.of(
                "CSS_DB_URL", "jdbc:postgresql://db:5432/css",
                "CSS_DB_USER", "css",
                "CSS_DB_PASSWORD", "s3cret",
                "CSS_DB_POOL_SIZE", "20",
                "CSS_DATA_DIR", "/var/lib/css/pg",
                "CSS_DB_EMBEDDED_PORT", "15432",
                "CSS_DB_CONNECT_TIMEOUT", "1500ms")));

        assertThat(settings).isEqualTo(new DatabaseSettings("jdbc:postgresql://db:5432/css", "css", "s3cret", 20,
                Path.of("/var/lib/css/pg"), 15432, java.time.Duration.ofMillis(1500)));
        assertThat(settings.isEmbedded()).isFalse();
    }

    @Test
    void rejectsBadPoolSizesNamingTheVariable() {
        assertThatThrownBy(() -> DatabaseSettings.from(Settings.of(Map.of("CSS_DB_POOL_SIZE", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_DB_POOL_SIZE");
        assertThatThrownBy(() -> DatabaseSettings.from(Settings.of(Map.of("CSS_DB_POOL_SIZE", "many"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_DB_POOL_SIZE");
    }

    @Test
    void rejectsBadPortsNamingTheVariable() {
        assertThatThrownBy(() -> DatabaseSettings.from(Settings.of(Map.of("CSS_DB_EMBEDDED_PORT", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_DB_EMBEDDED_PORT");
    }

    @Test
    void toStringHidesThePassword() {
        DatabaseSettings settings = DatabaseSettings.external("jdbc:postgresql://db/css", "css", "s3cret");

        assertThat(settings.toString()).doesNotContain("s3cret").contains("***").contains("jdbc:postgresql://db/css");
    }
}
