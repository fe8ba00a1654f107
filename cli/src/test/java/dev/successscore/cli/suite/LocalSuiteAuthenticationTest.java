package dev.successscore.cli.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.runtime.security.AuthSettings;
import dev.successscore.runtime.tls.TlsSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSuiteAuthenticationTest {

    @Test
    void withoutAuthenticationTheServicesListenOnLoopbackOnly() {
        Settings settings = LocalSuite.withAuthentication(Settings.of(Map.of()));

        assertThat(settings.optional(AuthSettings.DISABLED)).contains("true");
        assertThat(settings.optional(ServiceProcess.BIND_ADDRESS)).contains("127.0.0.1");
    }

    @Test
    void withoutAuthenticationAnEnvironmentCannotOpenTheSuiteToTheNetwork() {
        Settings settings = LocalSuite.withAuthentication(Settings.of(Map.of(ServiceProcess.BIND_ADDRESS, "0.0.0.0")));

        assertThat(settings.optional(ServiceProcess.BIND_ADDRESS)).contains("127.0.0.1");
    }

    @Test
    void withAuthenticationTheServicesListenWhereTheEnvironmentSays() {
        Settings configured = Settings.of(Map.of(AuthSettings.JWKS_FILE, "/etc/keys/jwks.json",
                ServiceProcess.BIND_ADDRESS, "0.0.0.0"));

        Settings settings = LocalSuite.withAuthentication(configured);

        assertThat(settings.optional(AuthSettings.DISABLED)).isEmpty();
        assertThat(settings.optional(ServiceProcess.BIND_ADDRESS)).contains("0.0.0.0");
    }

    @Test
    void inPlaintextTheServicesListenOnLoopbackOnlyEvenWithAuthentication() {
        Settings configured = Settings.of(Map.of(AuthSettings.JWKS_FILE, "/etc/keys/jwks.json",
                ServiceProcess.BIND_ADDRESS, "0.0.0.0"));

        Settings settings = LocalSuite.withTransportSecurity(LocalSuite.withAuthentication(configured));

        assertThat(settings.optional(TlsSettings.INSECURE)).contains("true");
        assertThat(settings.optional(ServiceProcess.BIND_ADDRESS)).contains("127.0.0.1");
    }

    @Test
    void overTlsWithAuthenticationTheServicesListenWhereTheEnvironmentSays() {
        Settings configured = Settings.of(Map.of(AuthSettings.JWKS_FILE, "/etc/keys/jwks.json",
                TlsSettings.CERT, "/tls/tls.crt", TlsSettings.KEY, "/tls/tls.key", TlsSettings.CA, "/tls/ca.crt",
                ServiceProcess.BIND_ADDRESS, "0.0.0.0"));

        Settings settings = LocalSuite.withTransportSecurity(LocalSuite.withAuthentication(configured));

        assertThat(settings.optional(TlsSettings.INSECURE)).isEmpty();
        assertThat(settings.optional(ServiceProcess.BIND_ADDRESS)).contains("0.0.0.0");
    }
}
