package dev.successscore.cli.client;

import successscore.score.v1.ScoreServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** A connection to score-service: each {@link #call()} carries the target's deadline. */
public final class ScoreClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final SuiteTarget target;

    private ScoreClient(ManagedChannel channel, SuiteTarget target) {
        this.channel = channel;
        this.target = target;
    }

    public static ScoreClient open(SuiteTarget target) {
        return new ScoreClient(SuiteTarget.open(target.score()), target);
    }

    /** A stub for one call, with the deadline starting now. */
    public ScoreServiceGrpc.ScoreServiceBlockingStub call() {
        return ScoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(target.deadlineMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A stub for a stream that lasts as long as the caller follows it (no deadline). */
    public ScoreServiceGrpc.ScoreServiceBlockingStub follow() {
        return ScoreServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() {
        SuiteTarget.close(channel);
    }
}
