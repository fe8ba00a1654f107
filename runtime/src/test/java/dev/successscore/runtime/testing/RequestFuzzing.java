package dev.successscore.runtime.testing;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.Message;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Sends fuzzed requests to every method of a service: the fuzzer's input picks a method and becomes its request
 * message, or for a client-streaming method a few of them (bytes that are not a message of that type are not sent:
 * the transport refuses them before the service). The only outcomes allowed are a success or a clean status a client
 * can act on; anything else (INTERNAL, UNKNOWN, a hang past the deadline) fails the fuzz test with the method and the
 * request.
 *
 * <p>A refused call must leave no record behind: the service's {@link StoredRecords} are fingerprinted before each
 * call and, when the call is refused (any status but OK), again after it; any difference fails the fuzz test with
 * the tables that changed. A stream of several messages may be refused after some of them were stored: the suite's
 * client-streaming methods (ingest streams) process their messages in turn, end the stream at the first refused one
 * and keep the ones before it, and store a message sent again only once. So each message is first sent on its own,
 * in order, up to the first refused one (each of these calls checked as above); that leaves the stored state the
 * whole stream must leave when it is refused, which the stream, sent next, is checked against.
 */
public final class RequestFuzzing {

    /** What a malformed or hostile request may get. */
    public static final Set<Status.Code> CLEAN = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.RESOURCE_EXHAUSTED,
            // a resource created again with other content (a user registered twice differently)
            Status.Code.ALREADY_EXISTS);
    /** Messages sent on a client-streaming call at most. */
    private static final int STREAM_REQUESTS = 4;

    private final MethodCalls calls;
    private final StoredRecords records;
    /** The records as the last refused call left them, which is how the next call finds them; null after a success. */
    private StoredRecords.Fingerprint unchangedSince;
    private boolean databaseAllowed;
    private final List<MethodDescriptor<Object, Object>> methods = new ArrayList<>();

    /**
     * Fuzzes every method of {@code services} over {@code channel}, checking that a refused call changes none of
     * {@code records}. The service must be quiet between calls (background measuring off, no feeds to follow), so
     * that only the call in flight writes.
     */
    @SuppressWarnings("unchecked")
    public RequestFuzzing(Channel channel, StoredRecords records, ServiceDescriptor... services) {
        this.calls = new MethodCalls(channel);
        this.records = records;
        for (ServiceDescriptor service : services) {
            service.getMethods().stream()
                    .sorted(Comparator.comparing(MethodDescriptor::getFullMethodName))
                    .forEach(method -> methods.add((MethodDescriptor<Object, Object>) method));
        }
    }

    /** The methods fuzzed, by full name, in the order the input picks them. */
    public List<String> methodNames() {
        return methods.stream().map(MethodDescriptor::getFullMethodName).toList();
    }

    /**
     * Sends one fuzzed request, built field by field from the input (so most inputs reach the service's own
     * checks); throws an AssertionError naming the method and request on a forbidden outcome or when a refused call
     * changed the stored records.
     */
    public void send(FuzzedDataProvider data) {
        allowConnectionsToTheTestDatabase();
        MethodDescriptor<Object, Object> method = methods.get(data.consumeInt(0, methods.size() - 1));
        List<Object> requests = new ArrayList<>();
        try {
            Message prototype = (Message) method.parseRequest(new ByteArrayInputStream(new byte[0]));
            requests.add(FuzzedMessages.build(prototype.newBuilderForType(), data));
            if (!method.getType().clientSendsOneMessage()) {
                int more = data.consumeInt(0, STREAM_REQUESTS - 1);
                for (int i = 0; i < more; i++) {
                    requests.add(FuzzedMessages.build(prototype.newBuilderForType(), data));
                }
            }
        } catch (RuntimeException notAMessage) {
            return;
        }
        send(method, requests);
    }

    /**
     * Sends {@code requests} to the method named {@code fullMethodName} (on one call; several only for a
     * client-streaming method) with the same checks as a fuzzed request: to replay a finding by hand. The records
     * are read afresh first, so a test may write between such calls.
     */
    public void send(String fullMethodName, List<? extends Message> requests) {
        MethodDescriptor<Object, Object> method = methods.stream()
                .filter(m -> m.getFullMethodName().equals(fullMethodName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a method fuzzed here: " + fullMethodName));
        if (requests.isEmpty() || (requests.size() > 1 && method.getType().clientSendsOneMessage())) {
            throw new IllegalArgumentException(fullMethodName + " takes one request, not " + requests.size());
        }
        unchangedSince = null;
        send(method, List.copyOf(requests));
    }

    private void send(MethodDescriptor<Object, Object> method, List<Object> requests) {
        if (requests.size() > 1) {
            sendEachThenTheStream(method, requests);
        } else {
            sendChecked(method, requests, current());
        }
    }

    private void sendEachThenTheStream(MethodDescriptor<Object, Object> method, List<Object> requests) {
        for (Object request : requests) {
            if (sendChecked(method, List.of(request), current()) != Status.Code.OK) {
                break;
            }
        }
        sendChecked(method, requests, current());
    }

    /** Sends {@code requests} on one call; refused, the call must leave the records as {@code expected}. */
    private Status.Code sendChecked(MethodDescriptor<Object, Object> method, List<Object> requests,
                                    StoredRecords.Fingerprint expected) {
        unchangedSince = null;
        Status.Code code = calls.statusOf(method, requests);
        if (!CLEAN.contains(code)) {
            throw new AssertionError(method.getFullMethodName() + " answered " + code + " to " + requests);
        }
        if (code != Status.Code.OK) {
            StoredRecords.Fingerprint after = records.fingerprint();
            List<String> changes = expected.changesTo(after);
            if (!changes.isEmpty()) {
                throw new AssertionError(method.getFullMethodName() + " answered " + code + " to " + requests
                        + " but changed the stored records: " + changes);
            }
            unchangedSince = after;
        }
        return code;
    }

    /**
     * The records now: as the last call left them when it was refused (nothing else writes between calls), saving
     * one fingerprint per call in a run of refusals; read again after a success.
     */
    private StoredRecords.Fingerprint current() {
        return unchangedSince != null ? unchangedSince : records.fingerprint();
    }

    /**
     * The service's connection pool and the fingerprints connect to the test database while a fuzz test runs, which
     * Jazzer's request-forgery detector would report as a finding; any other connection still is one. Set once the
     * fuzzer runs, when the detector is loaded.
     */
    private void allowConnectionsToTheTestDatabase() {
        if (!databaseAllowed) {
            int port = TestDatabases.server().getPort();
            BugDetectors.allowNetworkConnections((host, connectingTo) -> connectingTo == port);
            databaseAllowed = true;
        }
    }
}
