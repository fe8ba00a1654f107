package dev.successscore.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.testing.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/** A service started from its settings enforces the resource limits those settings give, not only the process's. */
class UsageServiceAppLimitsTest {

    @Test
    void theMessageSizeLimitComesFromTheSettingsTheServiceIsStartedWith() {
        RunningService usage = UsageServiceApp.start(Settings.of(Map.of(
                DatabaseSettings.URL, TestDatabases.freshJdbcUrl(),
                DatabaseSettings.USER, "postgres",
                "CSS_USAGE_PORT", "0",
                "CSS_USAGE_METRICS_PORT", "0",
                "CSS_AUTH_DISABLED", "true",
                "CSS_INSECURE", "true",
                LimitSettings.MAX_MESSAGE_BYTES, "1024")));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", usage.port()).usePlaintext().build();
        try {
            UsageServiceGrpc.UsageServiceBlockingStub stub = UsageServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            SetEntitlementsRequest small = SetEntitlementsRequest.newBuilder().setTenantId("small")
                    .setLicensedSeats(5).addEnabledFeatures("reports").build();
            SetEntitlementsRequest large = SetEntitlementsRequest.newBuilder().setTenantId("large")
                    .setLicensedSeats(5).addAllEnabledFeatures(IntStream.range(0, 100)
                            .mapToObj(i -> "feature-with-a-long-name-" + i).toList()).build();
            assertThat(large.getSerializedSize()).isGreaterThan(1024);

            assertThat(stub.setEntitlements(small)).isNotNull();
            assertThatThrownBy(() -> stub.setEntitlements(large)).isInstanceOfSatisfying(
                    StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        } finally {
            channel.shutdownNow();
            usage.close();
        }
    }
}
