package dev.successscore.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.micrometer.GlobalMetricRegistry;

/**
 * Metrics of a service's Axon configuration.
 *
 * <ul>
 *   <li>{@link #monitor(Configurer, MeterRegistry)}: Axon's own monitors (axon-micrometer), tagged: per event
 *       processor ({@code eventProcessor.*}, tags {@code processorName} and {@code payloadType}) the events handled,
 *       failed and ignored, handling time, latency and capacity; the same for the command bus
 *       ({@code commandBus.*}) and the event bus.</li>
 *   <li>{@link #bind(Configuration, MeterRegistry)}: the state of every streaming event processor, tagged
 *       {@code processor}: {@code successscore.processor.running} and {@code .error} (1 or 0),
 *       {@code .segments.claimed} (by this replica), {@code .segments} (in the token store, all replicas
 *       together) and {@code .caught.up} (1 when every segment this replica holds has caught up with its
 *       source).</li>
 * </ul>
 */
public final class EventProcessorMetrics {

    private EventProcessorMetrics() {
    }

    /** Registers Axon's message monitors on a configurer, before it is built. */
    public static Configurer monitor(Configurer configurer, MeterRegistry registry) {
        return new GlobalMetricRegistry(registry).registerWithConfigurerWithDefaultTags(configurer);
    }

    /** Registers the state gauges of every streaming event processor of a built configuration. */
    public static void bind(Configuration configuration, MeterRegistry registry) {
        configuration.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                TokenStore tokens = configuration.eventProcessingConfiguration().tokenStore(name);
                gauge(registry, "successscore.processor.running", name, streaming,
                        p -> p.isRunning() ? 1 : 0, "1 while the processor runs");
                gauge(registry, "successscore.processor.error", name, streaming,
                        p -> p.isError() || anyInError(p.processingStatus().values()) ? 1 : 0,
                        "1 while the processor or one of its segments is in error and retrying");
                gauge(registry, "successscore.processor.segments.claimed", name, streaming,
                        p -> p.processingStatus().size(), "segments this replica processes");
                gauge(registry, "successscore.processor.segments", name, streaming,
                        p -> segmentsIn(tokens, name), "segments of the processor in the token store");
                gauge(registry, "successscore.processor.caught.up", name, streaming,
                        p -> caughtUp(p.processingStatus().values()) ? 1 : 0,
                        "1 when every segment this replica processes has caught up with the head of its source");
            }
        });
    }

    private static void gauge(MeterRegistry registry, String name, String processor, StreamingEventProcessor state,
                              ToDoubleFunction<StreamingEventProcessor> value, String description) {
        Gauge.builder(name, state, value).tag("processor", processor).description(description).strongReference(true)
                .register(registry);
    }

    private static boolean anyInError(Collection<EventTrackerStatus> segments) {
        return segments.stream().anyMatch(EventTrackerStatus::isErrorState);
    }

    private static boolean caughtUp(Collection<EventTrackerStatus> segments) {
        return !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
    }

    private static double segmentsIn(TokenStore tokens, String processor) {
        try {
            return tokens.fetchSegments(processor).length;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
