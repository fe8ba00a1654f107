package dev.successscore.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UsageServiceGrpc;

/** A stream the service has already ended is not closed a second time when a later message breaks a rule. */
class RefusalAfterCloseTest {

    /** A call that records how it was closed, and fails as gRPC does when closed twice. */
    private static final class RecordingCall extends ServerCall<StreamActivitiesRequest, StreamActivitiesResponse> {

        final List<Status> closes = new ArrayList<>();

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(StreamActivitiesResponse message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!closes.isEmpty()) {
                throw new IllegalStateException("call already closed");
            }
            closes.add(status);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<StreamActivitiesRequest, StreamActivitiesResponse> getMethodDescriptor() {
            return UsageServiceGrpc.getStreamActivitiesMethod();
        }
    }

    @Test
    void anInvalidMessageAfterTheServiceEndedTheStreamLeavesItsEndAsItWas() {
        RecordingCall call = new RecordingCall();
        ServerCall.Listener<StreamActivitiesRequest> listener = new RequestValidationInterceptor().interceptCall(
                call, new Metadata(), (serviceCall, headers) -> {
                    serviceCall.close(Status.OK, new Metadata()); // the service ends the stream at once
                    return new ServerCall.Listener<>() {
                    };
                });

        listener.onMessage(StreamActivitiesRequest.newBuilder().setTenantId("not a tenant id").build());

        assertThat(call.closes).containsExactly(Status.OK);
    }
}
