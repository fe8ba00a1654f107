package dev.successscore.usage.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.grpc.DomainErrors;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.testing.ScrapedMetrics;
import dev.successscore.runtime.testing.TestDatabases;
import dev.successscore.usage.UsageServiceApp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service started from its main class, as deployed: its metrics over HTTP (calls with their status codes,
 * the pool, measurements, the JVM) and its JSON log lines carrying the call's tenant, rpc and trace.
 */
class UsageServiceObservabilityTest {

    private static final String RPC = "successscore.usage.v1.UsageService/SetEntitlements";
    private static RunningService usage;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        usage = UsageServiceApp.start(Settings.of(Map.of(
                DatabaseSettings.URL, TestDatabases.freshJdbcUrl(),
                DatabaseSettings.USER, "postgres",
                "CSS_USAGE_PORT", "0",
                "CSS_AUTH_DISABLED", "true",
                "CSS_INSECURE", "true",
                "CSS_USAGE_METRICS_PORT", "0",
                "CSS_USAGE_MEASURE_DELAY", "0s",
                "CSS_USAGE_MEASURE_POLL", "100ms")));
        channel = ManagedChannelBuilder.forAddress("localhost", usage.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        usage.close();
    }

    private static UsageServiceGrpc.UsageServiceBlockingStub stub() {
        return UsageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static SetEntitlementsRequest entitlements(String tenant, int seats) {
        return SetEntitlementsRequest.newBuilder().setTenantId(tenant).setLicensedSeats(seats)
                .addEnabledFeatures("reports").build();
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.scrape(usage.metricsPort());
    }

    @Test
    void metricsShowCallsWithTheirStatusThePoolTheMeasurementsAndTheJvm() {
        assertThat(usage.metricsPort()).isPositive().isNotEqualTo(9101);
        stub().setEntitlements(entitlements("metrics-tenant", 10));
        double failedBefore = scrape().sum("grpc_server_processing_duration_seconds_count", "method",
                "SetEntitlements", "statusCode", "INVALID_ARGUMENT");

        assertThatThrownBy(() -> stub().setEntitlements(entitlements("metrics-tenant", -1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            ScrapedMetrics metrics = scrape();
            // the failed call, under the status the client saw
            assertThat(metrics.sum("grpc_server_processing_duration_seconds_count", "method", "SetEntitlements",
                    "statusCode", "INVALID_ARGUMENT", "service", "usage-service",
                    "grpc_service", "successscore.usage.v1.UsageService")).isEqualTo(failedBefore + 1);
            assertThat(metrics.sum("grpc_server_processing_duration_seconds_count", "method", "SetEntitlements",
                    "statusCode", "UNKNOWN")).isZero();
            // the latency histogram of the method
            assertThat(metrics.samples("grpc_server_processing_duration_seconds_bucket", "method",
                    "SetEntitlements", "statusCode", "OK")).hasSizeGreaterThan(10)
                    .anySatisfy(bucket -> assertThat(bucket.labels()).containsEntry("le", "+Inf"));
            assertThat(metrics.sum("grpc_server_processing_duration_seconds_bucket", "method", "SetEntitlements",
                    "statusCode", "OK", "le", "+Inf")).isGreaterThanOrEqualTo(1);
            assertThat(metrics.sum("grpc_server_requests_received_messages_total", "method", "SetEntitlements"))
                    .isGreaterThanOrEqualTo(2);
            // the connection pool
            assertThat(metrics.samples("hikaricp_connections_active", "pool", "successscore-db")).hasSize(1);
            assertThat(metrics.sum("hikaricp_connections_max", "pool", "successscore-db")).isEqualTo(10);
            assertThat(metrics.samples("hikaricp_connections_acquire_seconds_count")).hasSize(1);
            // the tenant's measurement after the change, counted and timed, never tagged by tenant
            assertThat(metrics.sum("successscore_measurements_total", "outcome", "measured",
                    "service", "usage-service")).isGreaterThanOrEqualTo(1);
            assertThat(metrics.sum("successscore_measurement_duration_seconds_count", "outcome", "measured"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.samples("successscore_measurement_duration_seconds_bucket", "outcome", "measured"))
                    .isNotEmpty();
            assertThat(metrics.samples("successscore_measurements_total", "outcome", "failed")).hasSize(1);
            assertThat(metrics.text()).doesNotContain("metrics-tenant");
            // Axon's command bus and the JVM
            assertThat(metrics.sum("commandBus_successCounter_total", "payloadType", "RecordAdoptionCommand"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.samples("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
            assertThat(metrics.samples("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
            assertThat(metrics.samples("process_uptime_seconds", "service", "usage-service")).hasSize(1);
        });
    }

    @Test
    void aLogLineWrittenDuringACallIsAJsonObjectWithTheCallsTenantRpcAndTrace() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // the encoder of the services' logback.xml, on the logger that explains a refused request
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(DomainErrors.class);
        Level level = logger.getLevel();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                    "00-" + traceId + "-b7ad6b7169203331-01");
            assertThatThrownBy(() -> stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .setEntitlements(entitlements("json-tenant", -5)))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
            appender.stop();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("message").asText()).startsWith("Request failed");
            assertThat(line.get("level").asText()).isEqualTo("DEBUG");
            assertThat(line.get("tenant_id").asText()).isEqualTo("json-tenant");
            assertThat(line.get("rpc").asText()).isEqualTo(RPC);
            assertThat(line.get("trace_id").asText()).isEqualTo(traceId);
            assertThat(line.get("parent_span_id").asText()).isEqualTo("b7ad6b7169203331");
            assertThat(line.get("span_id").asText()).matches("[0-9a-f]{16}");
        });
    }
}
