package dev.successscore.runtime.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.StringValue;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small gRPC service for tests, built by hand (with a real proto descriptor so reflection sees it):
 * {@code successscore.test.v1.Probe}, whose methods fail in the ways services fail.
 */
final class ProbeService {

    static final String SERVICE = "successscore.test.v1.Probe";

    static final MethodDescriptor<StringValue, StringValue> FAIL = unary("Fail", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<StringValue, StringValue> FAIL_VIA_ON_ERROR =
            unary("FailViaOnError", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<StringValue, StringValue> SLOW = unary("Slow", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<StringValue, StringValue> FAIL_STREAM =
            unary("FailStream", MethodDescriptor.MethodType.SERVER_STREAMING);
    static final MethodDescriptor<StringValue, StringValue> FAIL_ON_MESSAGE =
            unary("FailOnMessage", MethodDescriptor.MethodType.CLIENT_STREAMING);

    final CountDownLatch slowEntered = new CountDownLatch(1);
    final CountDownLatch slowRelease = new CountDownLatch(1);

    ServerServiceDefinition definition() {
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(SERVICE)
                .setSchemaDescriptor(new Schema())
                .addMethod(FAIL).addMethod(FAIL_VIA_ON_ERROR).addMethod(SLOW).addMethod(FAIL_STREAM)
                .addMethod(FAIL_ON_MESSAGE)
                .build();
        return ServerServiceDefinition.builder(descriptor)
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) -> {
                    throw failure(request.getValue());
                }))
                .addMethod(FAIL_VIA_ON_ERROR, ServerCalls.asyncUnaryCall(
                        (request, response) -> response.onError(failure(request.getValue()))))
                .addMethod(SLOW, ServerCalls.asyncUnaryCall(this::slow))
                .addMethod(FAIL_STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    response.onNext(StringValue.of("first"));
                    throw failure(request.getValue());
                }))
                .addMethod(FAIL_ON_MESSAGE, ServerCalls.asyncClientStreamingCall(this::failOnMessage))
                .build();
    }

    private StreamObserver<StringValue> failOnMessage(StreamObserver<StringValue> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                throw failure(value.getValue());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                response.onNext(StringValue.of("completed"));
                response.onCompleted();
            }
        };
    }

    private void slow(StringValue request, StreamObserver<StringValue> response) {
        slowEntered.countDown();
        try {
            if (slowRelease.await(10, TimeUnit.SECONDS)) {
                response.onNext(StringValue.of("done " + request.getValue()));
                response.onCompleted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exception a request asks for. */
    static RuntimeException failure(String kind) {
        return switch (kind) {
            case "invalid" -> new InvalidArgumentException(List.of(
                    new FieldViolation("policy.weight_tables[0]", "weights must sum to 100"),
                    new FieldViolation("tenant_id", "must not be empty")));
            case "not_found" -> new NotFoundException("score_policy", "tenant-1/policy-7");
            case "precondition" -> new FailedPreconditionException("POLICY_ARCHIVED", "policies/p-7",
                    "the policy is archived");
            case "exists" -> new AlreadyExistsException("tenant", "tenant-1");
            case "unavailable" -> new UnavailableException("catching up", Duration.ofSeconds(2));
            case "concurrency" -> new ConcurrencyException("aggregate changed by another node");
            case "stream_creation" -> new AggregateStreamCreationException("aggregate exists");
            case "command_wrapped" -> new CommandExecutionException("failed", new CompletionException(
                    new NotFoundException("measurement", "m-1")));
            case "illegal" -> new IllegalArgumentException("limit must be positive");
            default -> new IllegalStateException("secret internal detail: password=hunter2");
        };
    }

    private static MethodDescriptor<StringValue, StringValue> unary(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }

    /** A proto file descriptor declaring the service, built at run time. */
    private static final class Schema implements ProtoServiceDescriptorSupplier {

        private static final Descriptors.FileDescriptor FILE = buildFile();

        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return FILE;
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return FILE.findServiceByName("Probe");
        }

        private static Descriptors.FileDescriptor buildFile() {
            ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName("Probe");
            for (String method : List.of("Fail", "FailViaOnError", "Slow")) {
                service.addMethod(method(method, false, false));
            }
            service.addMethod(method("FailStream", false, true));
            service.addMethod(method("FailOnMessage", true, false));
            FileDescriptorProto file = FileDescriptorProto.newBuilder()
                    .setName("successscore/test/v1/probe.proto")
                    .setPackage("successscore.test.v1")
                    .setSyntax("proto3")
                    .addDependency(StringValue.getDescriptor().getFile().getName())
                    .addService(service)
                    .build();
            try {
                return Descriptors.FileDescriptor.buildFrom(file,
                        new Descriptors.FileDescriptor[] {StringValue.getDescriptor().getFile()});
            } catch (Descriptors.DescriptorValidationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static MethodDescriptorProto method(String name, boolean clientStreaming, boolean serverStreaming) {
            return MethodDescriptorProto.newBuilder()
                    .setName(name)
                    .setInputType(".google.protobuf.StringValue")
                    .setOutputType(".google.protobuf.StringValue")
                    .setClientStreaming(clientStreaming)
                    .setServerStreaming(serverStreaming)
                    .build();
        }
    }
}
