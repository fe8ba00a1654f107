package dev.successscore.score.grpc;

import com.google.protobuf.Duration;
import dev.successscore.runtime.feed.FeedLag;
import dev.successscore.runtime.feed.UpstreamStatus;
import dev.successscore.runtime.security.Callers;
import dev.successscore.score.feed.UpstreamFeeds;
import dev.successscore.score.query.ReadModelRebuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import successscore.score.v1.GetFeedLagRequest;
import successscore.score.v1.GetFeedLagResponse;
import successscore.score.v1.RebuildReadModelsRequest;
import successscore.score.v1.RebuildReadModelsResponse;
import successscore.score.v1.ReplayFeedRequest;
import successscore.score.v1.ReplayFeedResponse;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.UpstreamFeed;

/** Operator endpoints of score-service; rebuilds and replays are logged with the caller who asked for them. */
public final class ScoreAdminGrpcService extends ScoreAdminServiceGrpc.ScoreAdminServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreAdminGrpcService.class);

    private final ReadModelRebuilder rebuilder;
    private final UpstreamFeeds feeds;

    public ScoreAdminGrpcService(ReadModelRebuilder rebuilder, UpstreamFeeds feeds) {
        this.rebuilder = rebuilder;
        this.feeds = feeds;
    }

    @Override
    public void rebuildReadModels(RebuildReadModelsRequest request,
                                  StreamObserver<RebuildReadModelsResponse> response) {
        LOG.info("Rebuilding the read models, asked by {}", Callers.current().subject());
        long replayed = rebuilder.rebuild();
        response.onNext(RebuildReadModelsResponse.newBuilder().setChangesReplayed(replayed).build());
        response.onCompleted();
    }

    @Override
    public void getFeedLag(GetFeedLagRequest request, StreamObserver<GetFeedLagResponse> response) {
        var b = GetFeedLagResponse.newBuilder();
        for (String upstream : feeds.upstreams()) {
            UpstreamStatus status = feeds.status(upstream).orElseThrow();
            var feed = UpstreamFeed.newBuilder().setUpstream(upstream).setConnected(status.connected())
                    .setCircuitBreakerState(status.circuitBreakerState().name());
            if (status.lastError() != null) {
                feed.setLastError(status.lastError());
                if (status.lastErrorAt() != null) {
                    feed.setLastErrorTime(ProtoMapper.timestamp(status.lastErrorAt()));
                }
            }
            try {
                FeedLag lag = feeds.lag(upstream);
                feed.setEventsBehind(lag.events());
                if (lag.time() != null) {
                    feed.setTimeBehind(Duration.newBuilder().setSeconds(lag.time().getSeconds())
                            .setNanos(lag.time().getNano()));
                }
            } catch (StatusRuntimeException | IllegalStateException e) {
                feed.setLagUnknownReason(e.getMessage());
            }
            b.addUpstreams(feed);
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void replayFeed(ReplayFeedRequest request, StreamObserver<ReplayFeedResponse> response) {
        LOG.info("Replaying the feed of {}, asked by {}", request.getUpstream(), Callers.current().subject());
        feeds.replay(request.getUpstream());
        response.onNext(ReplayFeedResponse.getDefaultInstance());
        response.onCompleted();
    }
}
