package dev.successscore.score.grpc;

import com.google.protobuf.Duration;
import dev.successscore.runtime.feed.FeedLag;
import dev.successscore.runtime.feed.UpstreamStatus;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.PageTokens;
import dev.successscore.runtime.security.Callers;
import dev.successscore.score.feed.UpstreamFeeds;
import dev.successscore.score.operations.FeedReplayRequestedEvent;
import dev.successscore.score.operations.OperatorActionEvent;
import dev.successscore.score.operations.OperatorActions;
import dev.successscore.score.operations.ReadModelsRebuildRequestedEvent;
import dev.successscore.score.query.ReadModelRebuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import successscore.score.v1.GetFeedLagRequest;
import successscore.score.v1.GetFeedLagResponse;
import successscore.score.v1.ListOperatorActionsRequest;
import successscore.score.v1.ListOperatorActionsResponse;
import successscore.score.v1.OperatorAction;
import successscore.score.v1.OperatorActionKind;
import successscore.score.v1.RebuildReadModelsRequest;
import successscore.score.v1.RebuildReadModelsResponse;
import successscore.score.v1.ReplayFeedRequest;
import successscore.score.v1.ReplayFeedResponse;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.UpstreamFeed;

/**
 * Operator endpoints of score-service. An accepted rebuild or replay is recorded in the event store (the
 * {@link OperatorActions operator log}) with the caller's subject and the time before it starts, so that a crash
 * half-way still leaves the record; a refused one (unknown upstream, missing role) records nothing.
 * ListOperatorActions reads the records back.
 */
public final class ScoreAdminGrpcService extends ScoreAdminServiceGrpc.ScoreAdminServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreAdminGrpcService.class);
    private static final int ACTIONS_DEFAULT = 50;
    private static final int ACTIONS_MAX = 500;
    private static final String ACTIONS_LIST = "operator-actions";

    private final ReadModelRebuilder rebuilder;
    private final UpstreamFeeds feeds;
    private final OperatorActions actions;

    public ScoreAdminGrpcService(ReadModelRebuilder rebuilder, UpstreamFeeds feeds, OperatorActions actions) {
        this.rebuilder = rebuilder;
        this.feeds = feeds;
        this.actions = actions;
    }

    @Override
    public void rebuildReadModels(RebuildReadModelsRequest request,
                                  StreamObserver<RebuildReadModelsResponse> response) {
        String requestedBy = Callers.current().subject();
        actions.recordReadModelsRebuild(requestedBy);
        LOG.info("Rebuilding the read models, asked by {}", requestedBy);
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
        String upstream = request.getUpstream();
        feeds.requireKnown(upstream);
        String requestedBy = Callers.current().subject();
        actions.recordFeedReplay(upstream, requestedBy);
        LOG.info("Replaying the feed of {}, asked by {}", upstream, requestedBy);
        feeds.replay(upstream);
        response.onNext(ReplayFeedResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void listOperatorActions(ListOperatorActionsRequest request,
                                    StreamObserver<ListOperatorActionsResponse> response) {
        int size = PageTokens.pageSize(request.getPageSize(), ACTIONS_DEFAULT, ACTIONS_MAX);
        long first = parseIndex(PageTokens.decode(ACTIONS_LIST, request.getPageToken(), "0"));
        OperatorActions.Page page = actions.page(first, size);
        var b = ListOperatorActionsResponse.newBuilder();
        page.actions().forEach(a -> b.addActions(toProto(a)));
        page.next().ifPresent(next -> b.setNextPageToken(PageTokens.encode(ACTIONS_LIST, Long.toString(next))));
        response.onNext(b.build());
        response.onCompleted();
    }

    private static OperatorAction toProto(OperatorActionEvent action) {
        var b = OperatorAction.newBuilder().setRequestedBy(action.requestedBy())
                .setRequestTime(ProtoMapper.timestamp(action.requestedAt()));
        if (action instanceof FeedReplayRequestedEvent replay) {
            b.setKind(OperatorActionKind.OPERATOR_ACTION_KIND_FEED_REPLAY).setUpstream(replay.upstream());
        } else if (action instanceof ReadModelsRebuildRequestedEvent) {
            b.setKind(OperatorActionKind.OPERATOR_ACTION_KIND_READ_MODELS_REBUILD);
        }
        return b.build();
    }

    private static long parseIndex(String text) {
        try {
            long index = Long.parseLong(text);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidArgumentException.field("page_token", "is not a token of this list");
    }
}
