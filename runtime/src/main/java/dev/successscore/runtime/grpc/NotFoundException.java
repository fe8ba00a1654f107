package dev.successscore.runtime.grpc;

import com.google.rpc.Code;

/** A requested resource does not exist: {@code NOT_FOUND} with a {@code google.rpc.ResourceInfo}. */
public final class NotFoundException extends ResourceException {

    /**
     * @param resourceType kind of resource, e.g. {@code tenant}
     * @param resourceName its name or id, e.g. {@code acme}
     */
    public NotFoundException(String resourceType, String resourceName) {
        super(Code.NOT_FOUND_VALUE, resourceType, resourceName, resourceType + " '" + resourceName + "' not found");
    }
}
