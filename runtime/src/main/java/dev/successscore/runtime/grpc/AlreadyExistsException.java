package dev.successscore.runtime.grpc;

import com.google.rpc.Code;

/**
 * A resource the request would create exists already: {@code ALREADY_EXISTS} with a
 * {@code google.rpc.ResourceInfo}.
 */
public final class AlreadyExistsException extends ResourceException {

    /**
     * @param resourceType kind of resource
     * @param resourceName its name or id
     */
    public AlreadyExistsException(String resourceType, String resourceName) {
        super(Code.ALREADY_EXISTS_VALUE, resourceType, resourceName,
                resourceType + " '" + resourceName + "' already exists");
    }
}
