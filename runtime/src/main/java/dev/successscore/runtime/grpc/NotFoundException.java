package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;

/**
 * A requested resource does not exist: {@code NOT_FOUND} with a {@code google.rpc.ResourceInfo}.
 */
public final class NotFoundException extends DomainException {

    private final String resourceType;
    private final String resourceName;

    /**
     * @param resourceType kind of resource, e.g. {@code score_policy}
     * @param resourceName its name or id, e.g. {@code tenant-1/policy-7}
     */
    public NotFoundException(String resourceType, String resourceName) {
        super(resourceType + " '" + resourceName + "' not found");
        this.resourceType = resourceType;
        this.resourceName = resourceName;
    }

    /** Kind of the missing resource. */
    public String resourceType() {
        return resourceType;
    }

    /** Name or id of the missing resource. */
    public String resourceName() {
        return resourceName;
    }

    @Override
    public Status toRpcStatus() {
        return Status.newBuilder()
                .setCode(Code.NOT_FOUND_VALUE)
                .setMessage(getMessage())
                .addDetails(Any.pack(ResourceInfo.newBuilder()
                        .setResourceType(resourceType)
                        .setResourceName(resourceName)
                        .setDescription(getMessage())
                        .build()))
                .build();
    }
}
