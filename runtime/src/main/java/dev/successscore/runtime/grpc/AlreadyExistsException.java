package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;

/**
 * A resource the request would create exists already: {@code ALREADY_EXISTS} with a
 * {@code google.rpc.ResourceInfo}.
 */
public final class AlreadyExistsException extends DomainException {

    private final String resourceType;
    private final String resourceName;

    /**
     * @param resourceType kind of resource, e.g. {@code score_policy}
     * @param resourceName its name or id
     */
    public AlreadyExistsException(String resourceType, String resourceName) {
        super(resourceType + " '" + resourceName + "' already exists");
        this.resourceType = resourceType;
        this.resourceName = resourceName;
    }

    /** Kind of the existing resource. */
    public String resourceType() {
        return resourceType;
    }

    /** Name or id of the existing resource. */
    public String resourceName() {
        return resourceName;
    }

    @Override
    public Status toRpcStatus() {
        return Status.newBuilder()
                .setCode(Code.ALREADY_EXISTS_VALUE)
                .setMessage(getMessage())
                .addDetails(Any.pack(ResourceInfo.newBuilder()
                        .setResourceType(resourceType)
                        .setResourceName(resourceName)
                        .setDescription(getMessage())
                        .build()))
                .build();
    }
}
