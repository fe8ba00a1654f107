package dev.successscore.runtime.limits;

import dev.successscore.runtime.security.Caller;
import dev.successscore.runtime.security.Callers;
import io.grpc.Grpc;
import io.grpc.ServerCall;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Who a call is charged to when no tenant is: the authenticated caller's subject, else the peer's address (its host
 * only, so that one client's connections count together). With authentication disabled every call runs as one and
 * the same anonymous caller, which is no one in particular: such calls are charged to their peer's address too, so
 * that one client cannot spend every other client's budget.
 */
final class CallerKeys {

    private CallerKeys() {
    }

    /** The key of the current call's caller; to be called where the call's gRPC context is current. */
    static String of(ServerCall<?, ?> call) {
        Optional<Caller> caller = Callers.find().filter(found -> !found.equals(Caller.UNAUTHENTICATED_LOCAL));
        if (caller.isPresent()) {
            return "caller:" + caller.get().subject();
        }
        return "peer:" + peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    }

    private static String peer(SocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return address.toString();
    }
}
