package io.kafkarpenter.sandbox.ec2;

/**
 * An error the simulator answers with EC2's error XML: an EC2 error code (e.g. {@code InvalidInstanceID.NotFound}),
 * a message and the HTTP status EC2 uses for it (400 for client errors, 503 for throttling, 412 for DryRun).
 */
final class Ec2Error extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final boolean throttling;

    Ec2Error(int httpStatus, String code, String message) {
        this(httpStatus, code, message, false);
    }

    private Ec2Error(int httpStatus, String code, String message, boolean throttling) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.throttling = throttling;
    }

    /** A throttling fault: EKS and IAM answer it with their own throttling error. */
    boolean isThrottling() {
        return throttling;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    static Ec2Error badRequest(String code, String message) {
        return new Ec2Error(400, code, message);
    }

    static Ec2Error missingParameter(String name) {
        return badRequest("MissingParameter", "The request must contain the parameter " + name);
    }

    static Ec2Error invalidParameterValue(String message) {
        return badRequest("InvalidParameterValue", message);
    }

    static Ec2Error invalidParameterCombination(String message) {
        return badRequest("InvalidParameterCombination", message);
    }

    static Ec2Error throttled() {
        return new Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.", true);
    }

    static Ec2Error dryRun() {
        return new Ec2Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }
}
