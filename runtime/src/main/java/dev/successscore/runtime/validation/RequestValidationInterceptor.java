package dev.successscore.runtime.validation;

import com.google.protobuf.Message;
import dev.successscore.runtime.grpc.DomainErrors;
import dev.successscore.runtime.grpc.FieldViolation;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.List;

/**
 * Checks every request message against the field rules its proto contract declares ({@link RequestRules}) before
 * the service sees it, and refuses a message that breaks them: the call ends with {@code INVALID_ARGUMENT} and a
 * {@code google.rpc.BadRequest} naming each field at fault (for example {@code tenant_id: must not be empty}).
 *
 * <p>A unary or server-streaming call is refused before its handler runs. In a stream of requests each message is a
 * batch, checked as it arrives: the batches before an invalid one have reached the service (and stay done, as the
 * streaming RPCs' contracts say), the invalid one and everything after it do not, and its fields are named
 * {@code batches[k].<field>} (k counting from 0).
 *
 * <p>{@link GrpcServer} installs one such interceptor on every service, just outside its error mapping: callers are
 * authenticated and their role checked first, so an unauthenticated caller learns nothing about the rules.
 */
public final class RequestValidationInterceptor implements ServerInterceptor {

    /** How the fields of the messages of a stream of requests are named: {@code batches[k].tenant_id}. */
    public static final String STREAM_MESSAGES = "batches";

    private final RequestRules rules;

    /** An interceptor checking the rules of the suite's contracts. */
    public RequestValidationInterceptor() {
        this(RequestRules.contracts());
    }

    /** An interceptor checking {@code rules}. */
    public RequestValidationInterceptor(RequestRules rules) {
        this.rules = rules;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        RefusableCall<ReqT, RespT> refusable = new RefusableCall<>(call);
        boolean stream = !call.getMethodDescriptor().getType().clientSendsOneMessage();
        return new CheckingListener<>(next.startCall(refusable, headers), refusable, stream, rules);
    }

    /**
     * The call as the service sees it: once refused here, whatever the service still sends is dropped; once the
     * service has closed it, a refusal has nothing left to close. Its methods are serialised, since the service may
     * send from its own thread while a message is refused.
     */
    private static final class RefusableCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private boolean refused;
        private boolean closed;

        RefusableCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        /** Ends the call with the status {@link DomainErrors} maps {@code failure} to, unless it has ended. */
        synchronized void refuse(RuntimeException failure) {
            if (!closed) {
                refused = true;
                closed = true;
                StatusRuntimeException mapped = DomainErrors.toStatusRuntimeException(failure);
                super.close(mapped.getStatus(), mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers());
            }
        }

        synchronized boolean isRefused() {
            return refused;
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!refused) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(RespT message) {
            if (!refused) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }
    }

    /** Checks each message; after a refusal, passes on only the end of the call (cancelled or completed). */
    private static final class CheckingListener<ReqT, RespT>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

        private final RefusableCall<ReqT, RespT> call;
        private final boolean stream;
        private final RequestRules rules;
        private int received;

        CheckingListener(ServerCall.Listener<ReqT> delegate, RefusableCall<ReqT, RespT> call, boolean stream,
                         RequestRules rules) {
            super(delegate);
            this.call = call;
            this.stream = stream;
            this.rules = rules;
        }

        @Override
        public void onMessage(ReqT message) {
            if (call.isRefused()) {
                return;
            }
            int index = received++;
            if (message instanceof Message request) {
                List<FieldViolation> violations;
                try {
                    violations = rules.violations(request);
                } catch (RuntimeException e) { // rules that cannot be checked: INTERNAL, logged with a reference
                    call.refuse(e);
                    return;
                }
                if (!violations.isEmpty()) {
                    call.refuse(new InvalidArgumentException(stream ? inBatch(violations, index) : violations));
                    return;
                }
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!call.isRefused()) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!call.isRefused()) {
                super.onReady();
            }
        }

        private static List<FieldViolation> inBatch(List<FieldViolation> violations, int index) {
            String prefix = STREAM_MESSAGES + "[" + index + "].";
            return violations.stream().map(v -> new FieldViolation(prefix + v.field(), v.description())).toList();
        }
    }
}
