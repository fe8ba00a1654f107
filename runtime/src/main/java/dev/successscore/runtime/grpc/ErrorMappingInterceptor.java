package dev.successscore.runtime.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a call whose handler failed with the status {@link DomainErrors} maps the failure to.
 *
 * <p>It catches exceptions thrown by handlers, unary or streaming (they surface from the call listener's
 * {@code onMessage}, {@code onHalfClose} and friends), and also failures a handler passes to
 * {@code responseObserver.onError(e)} without wrapping them in a gRPC status (which gRPC would otherwise send as
 * {@code UNKNOWN}). Details travel as a {@code google.rpc.Status} in the trailers; read them on the client with
 * {@link GrpcErrors}.
 *
 * <p>{@link GrpcServer} installs this interceptor on every service it binds.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        MappingCall<ReqT, RespT> mappingCall = new MappingCall<>(call);
        try {
            return new MappingListener<>(next.startCall(mappingCall, headers), mappingCall);
        } catch (RuntimeException e) {
            mappingCall.fail(e);
            return new ServerCall.Listener<>() {
            };
        }
    }

    /** Maps failures a handler reports through {@code onError} and makes closing idempotent. */
    private static final class MappingCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private final AtomicBoolean closed = new AtomicBoolean();

        MappingCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.UNKNOWN && status.getCause() != null) {
                fail(status.getCause());
                return;
            }
            if (closed.compareAndSet(false, true)) {
                super.close(status, trailers);
            }
        }

        boolean isClosed() {
            return closed.get();
        }

        void fail(Throwable failure) {
            if (closed.get()) {
                log.warn("Call {} already closed; dropping failure",
                        getMethodDescriptor().getFullMethodName(), failure);
                return;
            }
            StatusRuntimeException mapped = DomainErrors.toStatusRuntimeException(failure);
            if (!closed.compareAndSet(false, true)) {
                log.warn("Call {} already closed; dropping failure",
                        getMethodDescriptor().getFullMethodName(), failure);
                return;
            }
            Metadata trailers = mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers();
            super.close(mapped.getStatus(), trailers);
        }
    }

    /**
     * Catches failures thrown from the handler's listener callbacks. Once the call is closed, messages, half-close
     * and readiness are no longer passed to the handler; cancellation and completion still are.
     */
    private static final class MappingListener<ReqT, RespT>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

        private final MappingCall<ReqT, RespT> call;

        MappingListener(ServerCall.Listener<ReqT> delegate, MappingCall<ReqT, RespT> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(ReqT message) {
            if (call.isClosed()) {
                return;
            }
            try {
                super.onMessage(message);
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onHalfClose() {
            if (call.isClosed()) {
                return;
            }
            try {
                super.onHalfClose();
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onReady() {
            if (call.isClosed()) {
                return;
            }
            try {
                super.onReady();
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onCancel() {
            try {
                super.onCancel();
            } catch (RuntimeException e) {
                log.warn("Handler failed after the call was cancelled", e);
            }
        }

        @Override
        public void onComplete() {
            try {
                super.onComplete();
            } catch (RuntimeException e) {
                log.warn("Handler failed after the call completed", e);
            }
        }
    }
}
