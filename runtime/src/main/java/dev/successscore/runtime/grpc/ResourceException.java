package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;

/** A failure about one named resource, answered with a {@code google.rpc.ResourceInfo} detail. */
public abstract class ResourceException extends DomainException {

    private final int code;
    private final String resourceType;
    private final String resourceName;

    /**
     * @param code the {@code google.rpc.Code} value to answer with
     * @param resourceType kind of resource, e.g. {@code tenant}
     * @param resourceName its name or id
     */
    protected ResourceException(int code, String resourceType, String resourceName, String message) {
        super(message);
        this.code = code;
        this.resourceType = resourceType;
        this.resourceName = resourceName;
    }

    /** Kind of the resource. */
    public String resourceType() {
        return resourceType;
    }

    /** Name or id of the resource. */
    public String resourceName() {
        return resourceName;
    }

    @Override
    public Status toRpcStatus() {
        return Status.newBuilder()
                .setCode(code)
                .setMessage(getMessage())
                .addDetails(Any.pack(ResourceInfo.newBuilder()
                        .setResourceType(resourceType)
                        .setResourceName(resourceName)
                        .setDescription(getMessage())
                        .build()))
                .build();
    }
}
