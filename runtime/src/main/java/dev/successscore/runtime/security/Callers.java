package dev.successscore.runtime.security;

import io.grpc.Context;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Caller} of the call being handled, which {@link AuthInterceptor} puts into the gRPC {@link Context}.
 *
 * <p>The context follows the call's handler on its thread; work a handler hands to another thread takes the caller
 * with it only through {@link Context#wrap(Runnable)} or {@link Context#currentContextExecutor}.
 */
public final class Callers {

    private static final Context.Key<Caller> KEY = Context.key("successscore-caller");

    private Callers() {
    }

    /**
     * The caller of the current call.
     *
     * @throws IllegalStateException outside a call authenticated by {@link AuthInterceptor}
     */
    public static Caller current() {
        return find().orElseThrow(() -> new IllegalStateException(
                "No caller in the current context: the call did not pass through the AuthInterceptor"));
    }

    /** The caller of the current call, empty outside a call authenticated by {@link AuthInterceptor}. */
    public static Optional<Caller> find() {
        return Optional.ofNullable(KEY.get());
    }

    /** The current context with {@code caller} as the caller (for the interceptor, and for tests of services). */
    public static Context withCaller(Caller caller) {
        return Context.current().withValue(KEY, Objects.requireNonNull(caller, "caller"));
    }
}
