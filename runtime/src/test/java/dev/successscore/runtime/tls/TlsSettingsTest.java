package dev.successscore.runtime.tls;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.successscore.runtime.config.Settings;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsSettingsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(TlsSettings.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureLogs() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
    }

    @Test
    void neitherTlsFilesNorTheInsecureFlagIsRefusedNamingTheVariables() {
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("CSS_TLS_CERT", "CSS_TLS_KEY", "CSS_TLS_CA", "CSS_INSECURE=true");
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of("CSS_INSECURE", "false"))))
                .hasMessageContainingAll("CSS_TLS_CERT", "CSS_INSECURE=true");
    }

    @Test
    void someTlsFilesWithoutTheOthersAreRefusedNamingTheMissingOnes() {
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of(
                "CSS_TLS_CERT", "/tls/tls.crt", "CSS_TLS_KEY", "/tls/tls.key"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSS_TLS_CA not");
    }

    @Test
    void tlsFilesTogetherWithTheInsecureFlagAreRefused() {
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of(
                "CSS_INSECURE", "true", "CSS_TLS_CERT", "/tls/tls.crt"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("CSS_INSECURE", "CSS_TLS_CERT");
    }

    @Test
    void readsTheFilesWithMutualTlsAndAMinuteOfReloadIntervalByDefault() {
        TlsSettings settings = TlsSettings.from(Settings.of(Map.of(
                "CSS_TLS_CERT", "/tls/tls.crt", "CSS_TLS_KEY", "/tls/tls.key", "CSS_TLS_CA", "/tls/ca.crt")));

        assertThat(settings.insecure()).isFalse();
        assertThat(settings.certificateChain()).isEqualTo(Path.of("/tls/tls.crt"));
        assertThat(settings.privateKey()).isEqualTo(Path.of("/tls/tls.key"));
        assertThat(settings.trustedCertificates()).isEqualTo(Path.of("/tls/ca.crt"));
        assertThat(settings.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.clientAuth()).isEqualTo(ClientAuth.REQUIRE);
        assertThat(settings.warnIfInsecure()).isFalse();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void readsTheReloadIntervalAndOptionalClientAuth() {
        TlsSettings settings = TlsSettings.from(Settings.of(Map.of(
                "CSS_TLS_CERT", "/tls/tls.crt", "CSS_TLS_KEY", "/tls/tls.key", "CSS_TLS_CA", "/tls/ca.crt",
                "CSS_TLS_RELOAD_INTERVAL", "30s", "CSS_TLS_CLIENT_AUTH", "Optional")));

        assertThat(settings.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
    }

    @Test
    void refusesAnUnknownClientAuthAndAZeroReloadInterval() {
        Map<String, String> files = Map.of(
                "CSS_TLS_CERT", "/tls/tls.crt", "CSS_TLS_KEY", "/tls/tls.key", "CSS_TLS_CA", "/tls/ca.crt");
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(files).withOverrides(Map.of(
                "CSS_TLS_CLIENT_AUTH", "none"))))
                .hasMessageContainingAll("CSS_TLS_CLIENT_AUTH", "'none'");
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(files).withOverrides(Map.of(
                "CSS_TLS_RELOAD_INTERVAL", "0s"))))
                .hasMessageContaining("CSS_TLS_RELOAD_INTERVAL");
    }

    @Test
    void theInsecureFlagIsAcceptedWithALoudWarning() {
        TlsSettings settings = TlsSettings.from(Settings.of(Map.of("CSS_INSECURE", "true")));
        assertThat(settings.insecure()).isTrue();
        assertThat(logged.list).isEmpty();

        try (TransportSecurity security = TransportSecurity.start(settings)) {
            assertThat(security.isPlaintext()).isTrue();
            assertThat(security.serverCredentials()).isInstanceOf(InsecureServerCredentials.class);
            assertThat(security.channelCredentials()).isInstanceOf(InsecureChannelCredentials.class);
        }

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("PLAINTEXT: every call and token travels unencrypted")
                    .contains("CSS_INSECURE=true");
        });
    }
}
