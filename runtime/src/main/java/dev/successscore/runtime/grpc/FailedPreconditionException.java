package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.Status;

/**
 * The system is not in a state the request needs (a policy that is archived, a tenant without measurements):
 * {@code FAILED_PRECONDITION} with a {@code google.rpc.ErrorInfo} (reason code, domain {@value #DOMAIN}) and a
 * {@code google.rpc.PreconditionFailure}.
 *
 * <p>The reason code is a stable, machine-readable {@code UPPER_SNAKE_CASE} identifier clients can switch on;
 * the message is for humans.
 */
public final class FailedPreconditionException extends DomainException {

    /** The {@code ErrorInfo.domain} of every reason code of the suite. */
    public static final String DOMAIN = "successscore.dev";

    private final String reason;
    private final String subject;

    /**
     * @param reason  stable reason code, e.g. {@code POLICY_ARCHIVED}
     * @param message explanation for humans
     */
    public FailedPreconditionException(String reason, String message) {
        this(reason, "", message);
    }

    /**
     * @param reason  stable reason code, e.g. {@code POLICY_ARCHIVED}
     * @param subject what the precondition is about, e.g. {@code tenants/t-1/policies/p-7}
     * @param message explanation for humans
     */
    public FailedPreconditionException(String reason, String subject, String message) {
        super(message);
        this.reason = reason;
        this.subject = subject == null ? "" : subject;
    }

    /** The stable reason code. */
    public String reason() {
        return reason;
    }

    /** What the failed precondition is about, empty if unspecified. */
    public String subject() {
        return subject;
    }

    @Override
    public Status toRpcStatus() {
        return Status.newBuilder()
                .setCode(Code.FAILED_PRECONDITION_VALUE)
                .setMessage(getMessage())
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain(DOMAIN)
                        .build()))
                .addDetails(Any.pack(PreconditionFailure.newBuilder()
                        .addViolations(PreconditionFailure.Violation.newBuilder()
                                .setType(reason)
                                .setSubject(subject)
                                .setDescription(getMessage()))
                        .build()))
                .build();
    }
}
