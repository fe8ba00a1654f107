package dev.successscore.runtime.limits;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;

/**
 * The listener of a {@link GuardedCall}: once the call is closed it passes no more messages, half-close or
 * readiness to the handler; a handler whose call a limit closed learns it as a cancellation (a streaming handler's
 * request observer gets {@code onError}, a unary handler's context is cancelled); {@code onEnd} runs once the call
 * has ended in any way.
 */
class GuardedListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

    private final GuardedCall<ReqT, ?> call;
    private final Runnable onEnd;

    GuardedListener(ServerCall.Listener<ReqT> delegate, GuardedCall<ReqT, ?> call, Runnable onEnd) {
        super(delegate);
        this.call = call;
        this.onEnd = onEnd;
    }

    GuardedCall<ReqT, ?> call() {
        return call;
    }

    @Override
    public void onMessage(ReqT message) {
        if (!call.isClosed()) {
            super.onMessage(message);
        }
    }

    @Override
    public void onHalfClose() {
        if (!call.isClosed()) {
            super.onHalfClose();
        }
    }

    @Override
    public void onReady() {
        if (!call.isClosed()) {
            super.onReady();
        }
    }

    @Override
    public void onCancel() {
        try {
            super.onCancel();
        } finally {
            onEnd.run();
        }
    }

    @Override
    public void onComplete() {
        try {
            if (call.wasRefused()) {
                super.onCancel();
            } else {
                super.onComplete();
            }
        } finally {
            onEnd.run();
        }
    }
}
