package dev.successscore.runtime.axon;

import java.math.BigDecimal;
import java.time.Instant;

/** A test-only event. */
public record WidgetRegistered(String widgetId, String name, Instant at, BigDecimal weight) {
}
