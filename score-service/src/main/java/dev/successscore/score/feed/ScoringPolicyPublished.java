package dev.successscore.score.feed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens once score-service has published its scoring policy at start: feed events wait for it, so
 * that no measurement is refused for want of a policy while the service is starting.
 */
public final class ScoringPolicyPublished {

    private static final long WAIT_SECONDS = 60;

    private final CountDownLatch published = new CountDownLatch(1);

    public void open() {
        published.countDown();
    }

    /** Waits until the policy is published; a processor interrupted meanwhile retries the event. */
    void await() {
        try {
            if (!published.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no scoring policy published after " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the scoring policy", e);
        }
    }
}
