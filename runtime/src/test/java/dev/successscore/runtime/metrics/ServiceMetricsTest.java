package dev.successscore.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A service's metrics over HTTP, as Prometheus scrapes them. */
class ServiceMetricsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ServiceMetrics metrics, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + metrics.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryInThePrometheusTextFormatWithTheServiceTag() throws Exception {
        try (ServiceMetrics metrics = ServiceMetrics.serve("probe-service", 0)) {
            assertThat(metrics.port()).isPositive();
            Counter.builder("successscore.probe.calls").register(metrics.registry()).increment(3);
            Counter.builder("grpc.server.requests.received").tag("service", "successscore.test.v1.Probe")
                    .register(metrics.registry()).increment();

            HttpResponse<String> response = get(metrics, "GET", "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body())
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_gc_")
                    .contains("process_uptime_seconds{service=\"probe-service\"}")
                    .contains("system_cpu_count{service=\"probe-service\"}")
                    // every meter is tagged with the service
                    .containsPattern("successscore_probe_calls_total\\{service=\"probe-service\"} 3(\\.0)?\\n")
                    // gRPC's own service tag is kept under another name
                    .containsPattern("grpc_server_requests_received_total\\{grpc_service=\"successscore.test.v1.Probe\","
                            + "service=\"probe-service\"} 1(\\.0)?\\n");
        }
    }

    @Test
    void aPlaintextTransportKeepsServingOverHttp() throws Exception {
        try (TransportSecurity plaintext = TransportSecurity.start(TlsSettings.plaintext());
             ServiceMetrics metrics = ServiceMetrics.serve("probe-service", 0, plaintext)) {
            assertThat(metrics.scheme()).isEqualTo("http");
            HttpResponse<String> response = get(metrics, "GET", "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("process_uptime_seconds{service=\"probe-service\"}");
        }
    }

    @Test
    void answersOnlyReads() throws Exception {
        try (ServiceMetrics metrics = ServiceMetrics.serve("probe-service", 0)) {
            assertThat(get(metrics, "POST", "/metrics").statusCode()).isEqualTo(405);
            assertThat(get(metrics, "HEAD", "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(metrics, "GET", "/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void twoServicesInOneProcessKeepTheirOwnMeters() throws Exception {
        try (ServiceMetrics first = ServiceMetrics.serve("first-service", 0);
             ServiceMetrics second = ServiceMetrics.serve("second-service", 0)) {
            Counter.builder("successscore.probe.calls").register(first.registry()).increment();
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(get(first, "GET", "/metrics").body()).contains("successscore_probe_calls_total");
            assertThat(get(second, "GET", "/metrics").body()).doesNotContain("successscore_probe_calls_total")
                    .doesNotContain("first-service");
        }
    }

    @Test
    void closingStopsServing() throws Exception {
        ServiceMetrics metrics = ServiceMetrics.serve("probe-service", 0);
        int port = metrics.port();
        metrics.close();
        metrics.close();
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> socket.connect(new java.net.InetSocketAddress("localhost", port), 1000)))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
