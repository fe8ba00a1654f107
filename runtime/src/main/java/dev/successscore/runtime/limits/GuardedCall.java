package dev.successscore.runtime.limits;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A call a limit may close from another thread while its handler still works: its outbound operations are
 * serialized, and once it is closed what the handler still sends is dropped (the handler learns of it through its
 * cancelled context or its listener's {@code onCancel}).
 */
final class GuardedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

    private boolean closed;
    private boolean refused;

    GuardedCall(ServerCall<ReqT, RespT> delegate) {
        super(delegate);
    }

    /** A limit closes the call with {@code status} unless it is closed already; whether this closed it. */
    synchronized boolean refuse(Status status, Metadata trailers) {
        if (closed) {
            return false;
        }
        closed = true;
        refused = true;
        super.close(status, trailers);
        return true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Whether a limit closed the call (rather than its handler). */
    synchronized boolean wasRefused() {
        return refused;
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
        if (!closed) {
            closed = true;
            super.close(status, trailers);
        }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
        if (!closed) {
            super.sendHeaders(headers);
        }
    }

    @Override
    public synchronized void sendMessage(RespT message) {
        if (!closed) {
            super.sendMessage(message);
        }
    }

    @Override
    public synchronized void request(int numMessages) {
        if (!closed) {
            super.request(numMessages);
        }
    }
}
