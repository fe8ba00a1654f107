package dev.successscore.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.security.AuthInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --token} (env CSS_TOKEN): every call of the command line carries {@code authorization: Bearer <token>}. */
class SuiteTargetTokenTest {

    private final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();

    private final ServerInterceptor recorder = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            String authorization = headers.get(AuthInterceptor.AUTHORIZATION);
            seen.add(authorization == null ? "none" : authorization);
            return next.startCall(call, headers);
        }
    };

    private String authorizationSent(SuiteTarget target) throws InterruptedException {
        GrpcServer server = GrpcServer.forPort(0).customize(builder -> builder.intercept(recorder)).build().start();
        ManagedChannel channel = target.channel("localhost:" + server.port());
        try {
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(GrpcServer.LIVENESS).build());
            return seen.get(seen.size() - 1);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aTokenIsSentAsBearerOnEveryCall() throws InterruptedException {
        assertThat(authorizationSent(SuiteTarget.of("localhost", Duration.ofSeconds(5)).withToken("eyJ.abc.def")))
                .isEqualTo("Bearer eyJ.abc.def");
    }

    @Test
    void withoutATokenNoneIsSent() throws InterruptedException {
        assertThat(authorizationSent(SuiteTarget.of("localhost", Duration.ofSeconds(5)))).isEqualTo("none");
    }

    @Test
    void theOptionSetsIt() throws InterruptedException {
        SuiteTarget target = new SuiteTarget();
        new picocli.CommandLine(target).parseArgs("--target", "localhost", "--token", "from.the.option");
        assertThat(authorizationSent(target)).isEqualTo("Bearer from.the.option");
        assertThat(picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(new SuiteTarget()).findOption("--token")
                .description()).anySatisfy(line -> assertThat(line).contains("CSS_TOKEN"));
    }
}
