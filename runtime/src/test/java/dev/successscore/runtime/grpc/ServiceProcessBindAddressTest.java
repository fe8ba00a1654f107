package dev.successscore.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import dev.successscore.runtime.testing.LocalAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessBindAddressTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aServiceBoundToLoopbackIsNotReachableOnTheMachinesOtherAddresses() {
        InetAddress other = LocalAddresses.otherThanLoopback().orElse(null);
        assumeTrue(other != null, "this machine has no address but loopback");
        RunningService service = start(ServiceProcess.bindAddress(Settings.of(Map.of(
                ServiceProcess.BIND_ADDRESS, "127.0.0.1"))));
        try {
            assertThat(LocalAddresses.accepts(LOOPBACK, service.port())).as("gRPC on loopback").isTrue();
            assertThat(LocalAddresses.accepts(LOOPBACK, service.metricsPort())).as("metrics on loopback").isTrue();
            assertThat(LocalAddresses.accepts(other, service.port())).as("gRPC on " + other).isFalse();
            assertThat(LocalAddresses.accepts(other, service.metricsPort())).as("metrics on " + other).isFalse();
        } finally {
            service.close();
        }
    }

    @Test
    void withoutABindAddressAServiceListensOnEveryInterface() {
        InetAddress other = LocalAddresses.otherThanLoopback().orElse(null);
        assumeTrue(other != null, "this machine has no address but loopback");
        RunningService service = start(ServiceProcess.bindAddress(Settings.of(Map.of())));
        try {
            assertThat(LocalAddresses.accepts(other, service.port())).isTrue();
            assertThat(LocalAddresses.accepts(other, service.metricsPort())).isTrue();
        } finally {
            service.close();
        }
    }

    @Test
    void readsTheBindAddress() {
        assertThat(ServiceProcess.bindAddress(Settings.of(Map.of()))).isNull();
        assertThat(ServiceProcess.bindAddress(Settings.of(Map.of(ServiceProcess.BIND_ADDRESS, "127.0.0.1"))))
                .isEqualTo(InetAddress.getLoopbackAddress());
        assertThatThrownBy(() -> ServiceProcess.bindAddress(Settings.of(Map.of(ServiceProcess.BIND_ADDRESS,
                "no such host.invalid"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSS_BIND_ADDRESS");
    }

    private static RunningService start(InetAddress bindAddress) {
        ServiceMetrics metrics = ServiceMetrics.serve("bound-service", bindAddress, 0);
        return ServiceProcess.start("bound-service", 0, 0, TransportSecurity.start(TlsSettings.plaintext()),
                AuthInterceptor.insecureWithoutAuthentication(MethodRoles.builder().build()), metrics,
                LimitSettings.defaults(), List.of(), null);
    }
}
