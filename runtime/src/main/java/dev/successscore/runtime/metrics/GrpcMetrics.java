package dev.successscore.runtime.metrics;

import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.util.function.UnaryOperator;

/**
 * Metrics of gRPC calls, from Micrometer's gRPC interceptors: per method ({@code grpc.service}, {@code method},
 * {@code methodType}) the requests received and responses sent, and the processing duration, a timer with a
 * percentile histogram (Prometheus buckets) tagged with the {@code statusCode} the call ended with.
 *
 * <p>The server interceptor must sit outside {@link dev.successscore.runtime.grpc.ErrorMappingInterceptor}, so it
 * records the status the client sees (a domain exception's status, not {@code UNKNOWN});
 * {@link dev.successscore.runtime.grpc.GrpcServer} places interceptors so.
 */
public final class GrpcMetrics {

    private static final UnaryOperator<Timer.Builder> HISTOGRAM = Timer.Builder::publishPercentileHistogram;

    private GrpcMetrics() {
    }

    /** Records the calls a server handles ({@code grpc.server.*}). */
    public static ServerInterceptor serverInterceptor(MeterRegistry registry) {
        return new MetricCollectingServerInterceptor(registry, UnaryOperator.identity(), HISTOGRAM, Status.Code.OK);
    }

    /** Records the calls made on a channel to another service ({@code grpc.client.*}). */
    public static ClientInterceptor clientInterceptor(MeterRegistry registry) {
        return new MetricCollectingClientInterceptor(registry, UnaryOperator.identity(), HISTOGRAM, Status.Code.OK);
    }
}
