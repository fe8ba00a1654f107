package dev.successscore.runtime.security;

import dev.successscore.runtime.config.Settings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthSettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> values = new HashMap<>();
        values.put(AuthSettings.JWKS_FILE, "/etc/successscore/jwks.json");
        values.put(AuthSettings.ISSUER, "https://login.example.com/");
        values.put(AuthSettings.AUDIENCE, "successscore");
        return values;
    }

    private static AuthSettings from(Map<String, String> values) {
        return AuthSettings.from(Settings.of(values));
    }

    @Test
    void readsACompleteConfiguration() {
        AuthSettings settings = from(complete());

        assertThat(settings.disabled()).isFalse();
        assertThat(settings.jwksFile()).contains(Path.of("/etc/successscore/jwks.json"));
        assertThat(settings.jwksUrl()).isEmpty();
        assertThat(settings.issuer()).isEqualTo("https://login.example.com/");
        assertThat(settings.audience()).isEqualTo("successscore");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsAJwksUrlAndAClockSkew() {
        Map<String, String> values = complete();
        values.remove(AuthSettings.JWKS_FILE);
        values.put(AuthSettings.JWKS_URL, "https://login.example.com/.well-known/jwks.json");
        values.put(AuthSettings.CLOCK_SKEW, "10s");

        AuthSettings settings = from(values);

        assertThat(settings.jwksUrl()).contains(URI.create("https://login.example.com/.well-known/jwks.json"));
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesAnEmptyConfigurationNamingEveryMissingVariable() {
        assertThatThrownBy(() -> from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.JWKS_FILE)
                .hasMessageContaining(AuthSettings.JWKS_URL)
                .hasMessageContaining(AuthSettings.ISSUER)
                .hasMessageContaining(AuthSettings.AUDIENCE)
                .hasMessageContaining(AuthSettings.DISABLED);
    }

    @Test
    void refusesAConfigurationWithoutIssuer() {
        Map<String, String> values = complete();
        values.remove(AuthSettings.ISSUER);

        assertThatThrownBy(() -> from(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.ISSUER)
                .hasMessageNotContaining(AuthSettings.AUDIENCE);
    }

    @Test
    void refusesAConfigurationWithoutAudience() {
        Map<String, String> values = complete();
        values.put(AuthSettings.AUDIENCE, "  ");

        assertThatThrownBy(() -> from(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.AUDIENCE)
                .hasMessageNotContaining(AuthSettings.ISSUER);
    }

    @Test
    void refusesAConfigurationWithoutKeys() {
        Map<String, String> values = complete();
        values.remove(AuthSettings.JWKS_FILE);

        assertThatThrownBy(() -> from(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.JWKS_FILE + " or " + AuthSettings.JWKS_URL);
    }

    @Test
    void refusesTwoKeySources() {
        Map<String, String> values = complete();
        values.put(AuthSettings.JWKS_URL, "https://login.example.com/jwks");

        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one");
    }

    @Test
    void refusesAPlainHttpJwksUrlExceptOnTheLoopbackInterface() {
        Map<String, String> values = complete();
        values.remove(AuthSettings.JWKS_FILE);
        values.put(AuthSettings.JWKS_URL, "http://login.example.com/jwks");

        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.JWKS_URL);

        values.put(AuthSettings.JWKS_URL, "http://127.0.0.1:8081/jwks");
        assertThat(from(values).jwksUrl()).contains(URI.create("http://127.0.0.1:8081/jwks"));
    }

    @Test
    void refusesAClockSkewOverFiveMinutes() {
        Map<String, String> values = complete();
        values.put(AuthSettings.CLOCK_SKEW, "10m");

        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.CLOCK_SKEW);
    }

    @Test
    void disabledNeedsNothingElse() {
        AuthSettings settings = from(Map.of(AuthSettings.DISABLED, "true"));

        assertThat(settings.disabled()).isTrue();
        assertThat(settings.jwksFile()).isEmpty();
        assertThat(settings.jwksUrl()).isEmpty();
    }

    @Test
    void disabledNextToAConfigurationIsRefusedRatherThanSilentlyWinning() {
        assertThatThrownBy(() -> from(Map.of(AuthSettings.DISABLED, "true", AuthSettings.ISSUER,
                "https://issuer.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.DISABLED).hasMessageContaining(AuthSettings.ISSUER);
    }

    @Test
    void disabledMustBeSpelledOut() {
        Map<String, String> values = new HashMap<>(Map.of(AuthSettings.DISABLED, "yes"));

        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.DISABLED);
        values.put(AuthSettings.DISABLED, "false");
        assertThatThrownBy(() -> from(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AuthSettings.ISSUER);
    }
}
