package dev.successscore.runtime.axon;

import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;

/**
 * Re-dispatches a command at a fixed interval when, and only when, it failed {@linkplain TransientFailures
 * transiently}.
 *
 * <p>Axon's own test looks at every cause and gives up when any of them is non-transient, but a
 * {@code ConcurrencyException} from the JDBC event store is caused by a (non-transient) duplicate-key
 * {@code SQLException}; and by default it retries every exception that is not an {@code AxonNonTransientException},
 * validation errors included. This scheduler asks {@link TransientFailures} about the whole chain instead.
 */
final class TransientFailureRetryScheduler extends IntervalRetryScheduler {

    TransientFailureRetryScheduler(Builder builder) {
        super(builder);
    }

    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !TransientFailures.isTransient(failure);
    }
}
