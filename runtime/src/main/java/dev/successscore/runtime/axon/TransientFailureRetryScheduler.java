package dev.successscore.runtime.axon;

import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

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

    /**
     * A command sent inside a larger unit of work (a batch of an event processor, a batch applied
     * in one transaction) is not retried on its own: it would run outside that transaction, and
     * could wait on locks the batch holds. The failure rolls the batch back, and its owner retries
     * the whole batch.
     */
    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (CurrentUnitOfWork.isStarted()) {
            return false;
        }
        return super.scheduleRetry(commandMessage, lastFailure, failures, dispatchTask);
    }
}
