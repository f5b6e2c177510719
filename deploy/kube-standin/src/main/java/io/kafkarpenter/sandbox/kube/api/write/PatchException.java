package io.kafkarpenter.sandbox.kube.api.write;

/** A patch that cannot be applied (malformed, or at odds with the object); the API server answers 400 BadRequest. */
public final class PatchException extends RuntimeException {

    public PatchException(String message) {
        super(message);
    }
}
