package dev.successscore.cli.client;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.health.v1.HealthServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * Channels to the four services of a suite (sending the target's token on every call), and blocking stubs whose calls each get the target's deadline. Close it
 * when done.
 */
public final class SuiteChannels implements AutoCloseable {

    private final ManagedChannel score;
    private final ManagedChannel usage;
    private final ManagedChannel expertise;
    private final ManagedChannel health;
    private final Duration deadline;

    private SuiteChannels(SuiteTarget target) {
        this.deadline = target.deadline();
        this.score = target.channel(target.score());
        this.usage = target.channel(target.usage());
        this.expertise = target.channel(target.expertise());
        this.health = target.channel(target.health());
    }

    public static SuiteChannels open(SuiteTarget target) {
        return new SuiteChannels(target);
    }

    public ScoreServiceGrpc.ScoreServiceBlockingStub score() {
        return ScoreServiceGrpc.newBlockingStub(score).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** score-service, for a stream that lasts as long as the caller follows it (WatchScoreChanges): no deadline. */
    public ScoreServiceGrpc.ScoreServiceBlockingStub scoreFollow() {
        return ScoreServiceGrpc.newBlockingStub(score);
    }

    public UsageServiceGrpc.UsageServiceBlockingStub usage() {
        return UsageServiceGrpc.newBlockingStub(usage).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** usage-service's asynchronous stub, for calls sent together. */
    public UsageServiceGrpc.UsageServiceStub usageAsync() {
        return UsageServiceGrpc.newStub(usage).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ExpertiseServiceGrpc.ExpertiseServiceBlockingStub expertise() {
        return ExpertiseServiceGrpc.newBlockingStub(expertise)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public HealthServiceGrpc.HealthServiceBlockingStub health() {
        return HealthServiceGrpc.newBlockingStub(health).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        SuiteTarget.close(score);
        SuiteTarget.close(usage);
        SuiteTarget.close(expertise);
        SuiteTarget.close(health);
    }
}
