package dev.successscore.score.grpc;

import dev.successscore.score.query.ReadModelRebuilder;
import io.grpc.stub.StreamObserver;
import successscore.score.v1.RebuildReadModelsRequest;
import successscore.score.v1.RebuildReadModelsResponse;
import successscore.score.v1.ScoreAdminServiceGrpc;

/** Operator endpoints of score-service. */
public final class ScoreAdminGrpcService extends ScoreAdminServiceGrpc.ScoreAdminServiceImplBase {

    private final ReadModelRebuilder rebuilder;

    public ScoreAdminGrpcService(ReadModelRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @Override
    public void rebuildReadModels(RebuildReadModelsRequest request,
                                  StreamObserver<RebuildReadModelsResponse> response) {
        long replayed = rebuilder.rebuild();
        response.onNext(RebuildReadModelsResponse.newBuilder().setChangesReplayed(replayed).build());
        response.onCompleted();
    }
}
