package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.List;
import java.util.Optional;

/**
 * Client-side reading of the structured error details the suite's services send (see {@link DomainErrors}).
 *
 * <pre>{@code
 * StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.createPolicy(bad));
 * assertThat(GrpcErrors.fieldViolations(e)).containsExactly("policy.weight_tables[0]");
 * }</pre>
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** The {@code google.rpc.Status} sent with the error, if the server sent one. */
    public static Optional<Status> rpcStatus(StatusRuntimeException exception) {
        return Optional.ofNullable(StatusProto.fromThrowable(exception));
    }

    /** The first detail of type {@code type}, if present. */
    public static <T extends Message> Optional<T> detail(StatusRuntimeException exception, Class<T> type) {
        for (Any any : rpcStatus(exception).map(Status::getDetailsList).orElse(List.of())) {
            if (any.is(type)) {
                try {
                    return Optional.of(any.unpack(type));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("Malformed " + type.getSimpleName() + " in error details", e);
                }
            }
        }
        return Optional.empty();
    }

    /** The field paths of the {@code BadRequest} field violations, in order; empty if there are none. */
    public static List<String> fieldViolations(StatusRuntimeException exception) {
        return detail(exception, BadRequest.class)
                .map(badRequest -> badRequest.getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField)
                        .toList())
                .orElse(List.of());
    }

    /** The {@code ResourceInfo} of a NOT_FOUND or ALREADY_EXISTS error, if present. */
    public static Optional<ResourceInfo> resourceInfo(StatusRuntimeException exception) {
        return detail(exception, ResourceInfo.class);
    }

    /** The {@code ErrorInfo} reason code (e.g. of a FAILED_PRECONDITION), if present. */
    public static Optional<String> reason(StatusRuntimeException exception) {
        return detail(exception, ErrorInfo.class).map(ErrorInfo::getReason);
    }
}
